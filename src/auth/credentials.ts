/** Reads the API key a request presents. Pure: unit-tested directly. */
import { isPlausibleCredential } from './api-key-secret.js';

export type Presented =
  /** No credentials at all: an anonymous caller. */
  | { kind: 'none' }
  | { kind: 'key'; key: string }
  /** Credentials were sent but cannot be a key: 401 without a database look-up. */
  | { kind: 'malformed'; detail: string };

type Headers = Record<string, string | string[] | undefined>;

function single(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value.length === 1 ? value[0] : value.join(', ');
  return value;
}

/**
 * `Authorization: Bearer <key>` or `X-API-Key: <key>`. Sending both is accepted when they carry the
 * same key; an empty header counts as absent.
 */
export function presentedCredentials(headers: Headers): Presented {
  const authorization = single(headers.authorization)?.trim();
  const apiKeyHeader = single(headers['x-api-key'])?.trim();
  let fromAuthorization: string | undefined;
  if (authorization) {
    const match = /^Bearer +(\S+)$/i.exec(authorization);
    if (!match) {
      return { kind: 'malformed', detail: 'The Authorization header must be `Bearer <key>`.' };
    }
    fromAuthorization = match[1];
  }
  const key = fromAuthorization ?? (apiKeyHeader || undefined);
  if (key === undefined) return { kind: 'none' };
  if (fromAuthorization !== undefined && apiKeyHeader && apiKeyHeader !== fromAuthorization) {
    return { kind: 'malformed', detail: 'Authorization and X-API-Key carry different keys; send one.' };
  }
  if (!isPlausibleCredential(key)) return { kind: 'malformed', detail: 'The API key is not valid.' };
  return { kind: 'key', key };
}
