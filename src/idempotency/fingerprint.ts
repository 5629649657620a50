/** What makes two requests "the same request" for an idempotency key. Pure: no Nest import. */
import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so `{"a":1,"b":2}` and `{"b":2,"a":1}` (the same payload)
 * fingerprint alike. Array order is kept: it is meaningful. `undefined` (no body) is `null`.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The request target as it identifies the resource: path (without a trailing slash, which the router ignores)
 * plus the query string when there is one.
 */
export function requestTarget(url: string): string {
  const question = url.indexOf('?');
  const path = question === -1 ? url : url.slice(0, question);
  const query = question === -1 ? '' : url.slice(question);
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return `${trimmed === '' ? '/' : trimmed}${query === '?' ? '' : query}`;
}

/** sha-256 (hex) of method, target and canonical JSON body. */
export function requestFingerprint(method: string, target: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()}\n${target}\n${canonicalJson(body)}`)
    .digest('hex');
}
