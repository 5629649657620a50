import { randomUUID } from 'node:crypto';
import type { TestServer } from './server.js';

export const KEY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'idempotency-replayed';

/** A fresh key in the draft's structured-field spelling (a quoted string). */
export function newKey(): string {
  return `"${randomUUID()}"`;
}

/** The bare key inside a quoted one (what the table stores). */
export function bare(key: string): string {
  return key.replace(/^"|"$/g, '');
}

export interface KeyRow {
  principal: string;
  key: string;
  method: string;
  path: string;
  fingerprint: string;
  state: 'in_flight' | 'completed';
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
  ttl_ms: number | null;
  locked: boolean;
}

/** The stored rows of a key (every principal), oldest caller first. */
export async function keyRows(server: TestServer, key: string): Promise<KeyRow[]> {
  const result = await server.db.query<KeyRow>(
    `SELECT principal, key, method, path, fingerprint, state, response_status, response_headers, response_body,
            (extract(epoch FROM expires_at - completed_at) * 1000)::int AS ttl_ms, locked_until > now() AS locked
     FROM idempotency_keys WHERE key = $1 ORDER BY created_at, principal`,
    [bare(key)],
  );
  return result.rows;
}

export async function countRows(server: TestServer, sql: string, params: unknown[] = []): Promise<number> {
  const result = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) AS rows`, params);
  return result.rows[0]!.n;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
