/** Who an idempotency key belongs to. Pure: no Nest import. */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const ANONYMOUS_PRINCIPAL = 'anonymous';

/**
 * Keys are scoped per caller so that two clients choosing the same key never see each other's responses.
 * Until API keys are authenticated (access-control work), the caller is identified by the credentials it
 * sends: a sha-256 of its `Authorization` and `X-API-Key` headers (never the secret itself), or "anonymous".
 * This is the one place to change when requests carry an authenticated key id.
 */
export function principalOf(headers: IncomingHttpHeaders): string {
  const authorization = headers.authorization;
  const apiKey = headers['x-api-key'];
  if (authorization === undefined && apiKey === undefined) return ANONYMOUS_PRINCIPAL;
  const credentials = JSON.stringify([authorization ?? null, apiKey ?? null]);
  return `sha256:${createHash('sha256').update(credentials).digest('hex')}`;
}
