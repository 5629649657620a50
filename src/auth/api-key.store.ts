/**
 * SQL of API keys, shared by the HTTP service, the `api-key` command and the `ADMIN_API_KEY`
 * bootstrap (no Nest here). Keys themselves never reach the database or a log line: only their hash.
 */
import type { EntityManager } from 'typeorm';
import { problems, type ProblemError } from '../common/problem/problem.js';
import { pgConstraint, pgErrorCode, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION } from '../database/pg-errors.js';
import { type ApiKeyOrigin, type ApiKeyRole } from './api-key-role.js';
import { expiryViolation, scopeRuleViolation } from './api-key-rules.js';
import { displayPrefix, generateApiKey, hashApiKey } from './api-key-secret.js';

export interface ApiKeyView {
  id: string;
  name: string;
  role: ApiKeyRole;
  /** Scope of a secretariat key, sorted. */
  bodyIds: string[];
  prefix: string;
  origin: ApiKeyOrigin;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface NewApiKey {
  name: string;
  role: ApiKeyRole;
  bodyIds: readonly string[];
  expiresAt: Date | null;
  origin: ApiKeyOrigin;
  createdBy: string | null;
}

export const API_KEY_COLUMNS = `k.id, k.name, k.role, k.prefix, k.origin, k.created_by, k.created_at, k.last_used_at,
  k.expires_at, k.revoked_at`;

export function toApiKeyView(row: Record<string, unknown>, bodyIds: string[] = []): ApiKeyView {
  const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string | Date));
  return {
    id: row.id as string,
    name: row.name as string,
    role: row.role as ApiKeyRole,
    bodyIds,
    prefix: row.prefix as string,
    origin: row.origin as ApiKeyOrigin,
    createdBy: (row.created_by as string | null) ?? null,
    createdAt: date(row.created_at) as Date,
    lastUsedAt: date(row.last_used_at),
    expiresAt: date(row.expires_at),
    revokedAt: date(row.revoked_at),
  };
}

/** Fills `bodyIds` of a whole page with one query. */
export async function attachScopes(manager: EntityManager, keys: ApiKeyView[]): Promise<ApiKeyView[]> {
  if (keys.length === 0) return keys;
  const rows: { api_key_id: string; body_id: string }[] = await manager.query(
    'SELECT api_key_id, body_id FROM api_key_scopes WHERE api_key_id = ANY($1::uuid[]) ORDER BY body_id',
    [keys.map((k) => k.id)],
  );
  const byKey = new Map<string, string[]>();
  for (const row of rows) byKey.set(row.api_key_id, [...(byKey.get(row.api_key_id) ?? []), row.body_id]);
  for (const key of keys) key.bodyIds = byKey.get(key.id) ?? [];
  return keys;
}

export async function findApiKey(manager: EntityManager, id: string): Promise<ApiKeyView | undefined> {
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT ${API_KEY_COLUMNS} FROM api_keys k WHERE k.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  return (await attachScopes(manager, [toApiKeyView(row)]))[0];
}

/**
 * Inserts a key (a new random one unless `key` is given) in the caller's transaction and returns it
 * with the key in clear, which the caller shows once. Refuses broken scope rules and past expiry
 * (422), unknown bodies (422) and a name already used (409).
 */
export async function insertApiKey(
  manager: EntityManager,
  input: NewApiKey,
  key: string = generateApiKey(),
): Promise<{ view: ApiKeyView; key: string }> {
  const scopeProblem = scopeRuleViolation(input.role, input.bodyIds);
  if (scopeProblem) throw problems.ruleViolation('bodyIds', scopeProblem);
  const expiryProblem = expiryViolation(input.expiresAt, new Date());
  if (expiryProblem) throw problems.ruleViolation('expiresAt', expiryProblem);
  const existing: { id: string }[] = await manager.query('SELECT id FROM api_keys WHERE lower(name) = lower($1)', [
    input.name,
  ]);
  if (existing[0]) throw duplicateName(existing[0].id);
  if (input.bodyIds.length > 0) {
    const found: { id: string }[] = await manager.query('SELECT id FROM bodies WHERE id = ANY($1::uuid[])', [
      input.bodyIds,
    ]);
    const known = new Set(found.map((b) => b.id));
    const index = input.bodyIds.findIndex((id) => !known.has(id));
    if (index >= 0) {
      throw problems.unknownReference(`bodyIds[${index}]`, `No body with id ${input.bodyIds[index]} exists.`);
    }
  }
  try {
    const rows: Record<string, unknown>[] = await manager.query(
      `INSERT INTO api_keys AS k (name, role, prefix, key_hash, origin, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${API_KEY_COLUMNS}`,
      [
        input.name,
        input.role,
        displayPrefix(key),
        hashApiKey(key),
        input.origin,
        input.createdBy,
        input.expiresAt?.toISOString() ?? null,
      ],
    );
    const view = toApiKeyView(rows[0]!);
    if (input.bodyIds.length > 0) {
      await manager.query(
        'INSERT INTO api_key_scopes (api_key_id, body_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING',
        [view.id, input.bodyIds],
      );
    }
    view.bodyIds = [...new Set(input.bodyIds)].sort();
    return { view, key };
  } catch (error) {
    // A concurrent create of the same name, or a body deleted meanwhile.
    if (pgErrorCode(error) === PG_UNIQUE_VIOLATION && pgConstraint(error) === 'api_keys_name_key') {
      throw duplicateName(undefined);
    }
    if (pgErrorCode(error) === PG_FOREIGN_KEY_VIOLATION) {
      throw problems.unknownReference('bodyIds', 'A body in bodyIds does not exist.');
    }
    throw error;
  }
}

function duplicateName(existingId: string | undefined): ProblemError {
  return problems.duplicate('An API key with this name already exists; names are never reused.', {
    ...(existingId === undefined ? {} : { existingId }),
    errors: [{ field: 'name', message: 'must be unique (case-insensitive), also among revoked keys' }],
  });
}

/** Revokes a key (idempotent: a revoked key keeps its first revocation time). Undefined when it does not exist. */
export async function revokeApiKey(manager: EntityManager, id: string): Promise<ApiKeyView | undefined> {
  await manager.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
  return findApiKey(manager, id);
}

export type EnvKeyOutcome = 'created' | 'exists' | 'unusable';

/**
 * Makes sure the key given in `ADMIN_API_KEY` works as an admin key: inserts it when no key has
 * that value (two instances starting at once insert it once). A key with that value that an admin
 * revoked, or that is not an admin key, is left alone: the outcome says so.
 */
export async function ensureEnvAdminKey(manager: EntityManager, key: string): Promise<EnvKeyOutcome> {
  const hash = hashApiKey(key);
  const inserted: unknown[] = await manager.query(
    `INSERT INTO api_keys (name, role, prefix, key_hash, origin, created_by)
     VALUES ($1, 'admin', $2, $3, 'env', 'ADMIN_API_KEY') ON CONFLICT DO NOTHING RETURNING id`,
    [`ADMIN_API_KEY ${hash.slice(0, 8)}`, displayPrefix(key), hash],
  );
  if (inserted.length > 0) return 'created';
  const rows: { role: string; revoked_at: Date | null; expires_at: Date | null }[] = await manager.query(
    'SELECT role, revoked_at, expires_at FROM api_keys WHERE key_hash = $1',
    [hash],
  );
  const row = rows[0];
  if (!row) return 'unusable';
  const expired = row.expires_at !== null && new Date(row.expires_at).getTime() <= Date.now();
  return row.role === 'admin' && row.revoked_at === null && !expired ? 'exists' : 'unusable';
}
