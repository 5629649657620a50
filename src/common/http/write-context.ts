import type { FastifyRequest } from 'fastify';
import { ProblemError, problems } from '../problem/problem.js';
import { actorOf } from './actor.js';
import { versionOfTag } from './etag.js';
import type { PrincipalRole } from './principal.js';

/** Who writes, and which version they expect to change (from `If-Match`). */
export interface WriteContext {
  actor: string;
  /** The role of the writing key (some fields are admin-only); undefined without a key. */
  role?: PrincipalRole;
  /** The version named by `If-Match`; `'any'` for `If-Match: *`; undefined when not sent (creates). */
  expectedVersion?: number | 'any';
}

function parseIfMatch(header: string | string[] | undefined): number | 'any' | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  if (value === '*') return 'any';
  const version = versionOfTag(value);
  if (version === undefined) {
    throw problems.validation(
      [{ field: 'If-Match', message: 'If-Match must be the ETag of the version you read, e.g. "3", or *' }],
      'If-Match must be the ETag of the version you read.',
    );
  }
  return version;
}

/**
 * The write context of a request. Changes of an existing resource (PATCH, DELETE, transitions) require
 * `If-Match` (428 without it): two clients updating from the same version cannot both succeed.
 */
export function writeContext(request: FastifyRequest, options: { requireIfMatch?: boolean } = {}): WriteContext {
  const expectedVersion = parseIfMatch(request.headers['if-match']);
  if (options.requireIfMatch && expectedVersion === undefined) {
    throw new ProblemError(
      428,
      'precondition-required',
      'This change needs If-Match with the ETag (version) of the resource as you read it, e.g. If-Match: "3" ' +
        '(or If-Match: * to change whatever version is current).',
    );
  }
  return { actor: actorOf(request), role: request.principal?.role, expectedVersion };
}

/** 412 when the client expected another version than the current one. */
export function checkVersion(resource: string, currentVersion: number, context: WriteContext): void {
  const expected = context.expectedVersion;
  if (expected === undefined || expected === 'any' || expected === currentVersion) return;
  throw new ProblemError(
    412,
    'precondition-failed',
    `The ${resource} is at version ${currentVersion}, not ${expected}: read it again and retry.`,
    { currentVersion },
  );
}
