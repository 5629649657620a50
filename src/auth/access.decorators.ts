import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Access, ScopedRecordKind, ScopeTarget } from './access-rules.js';

export const ACCESS_METADATA = 'registry:access';

/**
 * Machine-readable access of an operation in the OpenAPI document (`x-access`); the document
 * transform turns it into `security`, the 401/403 responses and a sentence of the description.
 */
export interface AccessExtension {
  roles: string[];
  /** What a secretariat key's bodies must cover. */
  scope?: string;
}

function access(value: Access, extension: AccessExtension): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(ACCESS_METADATA, value), ApiExtension('x-access', extension));
}

/** Only admin keys (the default of every write without a decorator; explicit on reads such as API keys). */
export function AdminOnly(): MethodDecorator & ClassDecorator {
  return access({ kind: 'admin' }, { roles: ['admin'] });
}

const RECORD_SCOPES: Record<ScopedRecordKind, string> = {
  liaison: "the liaison's committee or partner (before and after the change)",
  liaisonCommittee: "the liaison's committee",
  workItem: "the work item's body (before and after the change)",
  statement: "the statement's sending body (before and after the change)",
};

/**
 * Admin keys, and secretariat keys whose bodies (or their ancestors) cover what the request touches:
 * - `RequireScope('body', 'params.id')`, `RequireScope('body', 'body.committeeId', 'body.partnerId')`:
 *   body ids in the request, at least one of which must be in scope;
 * - `RequireScope('liaison', 'id')` and the other record kinds: the stored record named by the path
 *   parameter, and the bodies the request body would move it to.
 */
export function RequireScope(kind: 'body', ...sources: `${'params' | 'body'}.${string}`[]): MethodDecorator;
export function RequireScope(kind: ScopedRecordKind, param: string): MethodDecorator;
export function RequireScope(kind: 'body' | ScopedRecordKind, ...args: string[]): MethodDecorator {
  const target: ScopeTarget = kind === 'body' ? { kind, sources: args } : { kind, param: args[0] ?? 'id' };
  const scope = kind === 'body' ? args.map(describeSource).join(' or ') : RECORD_SCOPES[kind];
  return access({ kind: 'scoped', target }, { roles: ['admin', 'secretariat'], scope });
}

/**
 * Admin keys, and secretariat keys limited by the handler to the records within their scope (others answer 404 to
 * them). `scope` says what must lie within the key's bodies, for the operation's description.
 */
export function ScopedRecords(scope: string): MethodDecorator {
  return access({ kind: 'scopedRecords' }, { roles: ['admin', 'secretariat'], scope });
}

function describeSource(source: string): string {
  return source.startsWith('params.') ? `the body \`{${source.slice(7)}}\` of the path` : `\`${source.slice(5)}\``;
}

/** Probes and metrics scrapes are not rate-limited (a low anonymous limit must not fail a liveness probe). */
export function NoRateLimit(): MethodDecorator & ClassDecorator {
  return applyDecorators(SkipThrottle(), ApiExtension('x-rate-limited', false));
}

export const PROBE_METADATA = 'registry:probe';

/**
 * Probes and scrapes: not rate-limited, and the access guard reads no credentials at all (a wrong key must not fail
 * a probe, and looking a key up would need the database), so the document lists neither security nor 401 for them
 * (`x-credentials: ignored`). `usesDatabase: false` (liveness, metrics): they answer while the database is down,
 * so no 503 is documented either (`x-database: false`).
 */
export function Probe(options: { usesDatabase: boolean }): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(PROBE_METADATA, true),
    NoRateLimit(),
    ApiExtension('x-credentials', 'ignored'),
    ...(options.usesDatabase ? [] : [ApiExtension('x-database', false)]),
  );
}
