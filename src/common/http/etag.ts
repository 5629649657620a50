/**
 * Entity tags of conditional reads.
 *
 * A single resource's tag is its row `version` — `"3"`, exactly what `If-Match` takes — followed, when its
 * representation also shows other rows or depends on the day or on the caller, by a digest of those inputs:
 * `"3-5f2c0e9a1b7d4c86"`. Each resource has one function that lists those inputs; it is fed once from the
 * representation just built (200) and once from a single cheap query (the validator) when the request carries
 * `If-None-Match`, so a 304 is decided before anything is built.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** `"<version>"`, or `"<version>-<digest of what else the representation shows>"`. */
export function versionTag(version: number, dependsOn: readonly unknown[] = []): string {
  if (dependsOn.length === 0) return `"${version}"`;
  const digest = createHash('sha256').update(JSON.stringify(dependsOn)).digest('hex').slice(0, 16);
  return `"${version}-${digest}"`;
}

/** The version a tag of `versionTag` starts with (what `If-Match` compares); undefined for any other text. */
export function versionOfTag(tag: string): number | undefined {
  const match = /^(?:W\/)?"(\d{1,9})(?:-[0-9a-f]{1,64})?"$/.exec(tag.trim()) ?? /^(\d{1,9})$/.exec(tag.trim());
  return match ? Number(match[1]) : undefined;
}

/** Entity tags listed in If-None-Match (`*`, weak tags compared weakly, as RFC 9110 asks for this header). */
export function matchesIfNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = etag.replace(/^W\//, '');
  return (Array.isArray(header) ? header.join(',') : header).split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

/**
 * One conditional read. With `If-None-Match`, `validate` (one cheap query; null when the resource does not exist)
 * gives the current tag: when it matches, the handler answers with no payload and the `onSend` hook of
 * `app.factory.ts` turns the reply into a 304. Otherwise `load` builds the representation and its tag.
 */
export async function conditionalRead<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  validate: () => Promise<string | null>,
  load: () => Promise<{ etag: string; body: T }>,
): Promise<T | undefined> {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    const current = await validate();
    if (current !== null && matchesIfNoneMatch(ifNoneMatch, current)) {
      void reply.header('etag', current);
      return undefined;
    }
  }
  const { etag, body } = await load();
  void reply.header('etag', etag);
  return body;
}
