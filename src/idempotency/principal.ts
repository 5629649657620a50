/** Who an idempotency key belongs to. Pure: no Nest import. */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { presentedCredentials } from '../auth/credentials.js';

export const ANONYMOUS_PRINCIPAL = 'anonymous';

/**
 * Keys are scoped per caller so that two clients choosing the same key never see each other's responses. The
 * caller is the API key it presents, whichever header carries it (`Authorization: Bearer` or `X-API-Key`): a
 * SHA-256 of the key (never the secret itself), or "anonymous" without one. Keys are read here, before the access
 * guard runs; a request whose credentials are refused gets its 401 from the guard, and a malformed header is
 * hashed as sent.
 */
export function principalOf(headers: IncomingHttpHeaders): string {
  const presented = presentedCredentials(headers);
  if (presented.kind === 'none') return ANONYMOUS_PRINCIPAL;
  const identity =
    presented.kind === 'key'
      ? `key:${presented.key}`
      : JSON.stringify([headers.authorization ?? null, headers['x-api-key'] ?? null]);
  return `sha256:${createHash('sha256').update(identity).digest('hex')}`;
}
