import { problems } from '../problem/problem.js';

/**
 * The version a client expects, from `If-Match: "<version>"` (a strong entity tag of the version, `W/` tolerated).
 * Absent header → undefined; anything else malformed → 400.
 */
export function expectedVersion(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value);
  if (!match) {
    throw problems.validation([
      { field: 'If-Match', message: 'If-Match must be the entity tag of a version, e.g. "3"' },
    ]);
  }
  return Number(match[1]);
}
