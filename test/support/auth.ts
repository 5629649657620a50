/** API keys for tests: create keys of each role over HTTP and name the principal history records show. */
import { createHash, randomBytes } from 'node:crypto';
import type { HttpAgent, TestServer } from './server.js';

export type Role = 'reader' | 'secretariat' | 'admin';

export interface ApiKeyRecord {
  id: string;
  name: string;
  role: Role;
  bodyIds: string[];
  prefix: string;
  status: 'active' | 'expired' | 'revoked';
  origin: 'api' | 'cli' | 'env';
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface CreatedKey extends ApiKeyRecord {
  key: string;
  /** An agent sending this key. */
  http: HttpAgent;
}

export function uniqueKeyName(prefix = 'test key'): string {
  return `${prefix} ${randomBytes(4).toString('hex')}`;
}

/** Creates a key with the server's admin key; fails the test unless 201. */
export async function createApiKey(
  server: TestServer,
  input: { role: Role; bodyIds?: string[]; name?: string; expiresAt?: string | null },
): Promise<CreatedKey> {
  const response = await server.http.post('/v1/api-keys').send({ name: uniqueKeyName(input.role), ...input });
  if (response.status !== 201) {
    throw new Error(`createApiKey answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  const created = response.body as ApiKeyRecord & { key: string };
  return { ...created, http: server.as(created.key) };
}

/** The history actor of a key: `key:<name>`. */
export function actorOfKey(name: string): string {
  return `key:${name}`;
}

/** The name the server gives the key of `ADMIN_API_KEY`. */
export function envAdminKeyName(adminKey: string): string {
  return `ADMIN_API_KEY ${createHash('sha256').update(adminKey).digest('hex').slice(0, 8)}`;
}

/** The history actor of requests made with `server.http`. */
export function adminActor(server: TestServer): string {
  return actorOfKey(envAdminKeyName(server.adminKey));
}
