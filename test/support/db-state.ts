/**
 * A fingerprint of everything a server's database holds: row count and checksum of every table.
 * A rejected write must leave it unchanged. `api_keys.last_used_at` is left out: reading with a key
 * may refresh it (at most once a minute), which is not a change of the registry.
 */
import type pg from 'pg';

export type DatabaseState = Record<string, { rows: number; checksum: string }>;

const LEFT_OUT: Record<string, string[]> = { api_keys: ['last_used_at'], changes: ['position'] };

/**
 * Written by background loops, not by requests: the change feed's publisher gives events their position, and the
 * webhook worker moves its dispatch mark and works through deliveries whenever it runs.
 */
const SKIPPED = ['webhook_dispatch_state', 'webhook_deliveries', 'webhook_attempts'];

let statement: string | undefined;

async function stateQuery(db: pg.Pool): Promise<string> {
  if (statement) return statement;
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'
     ORDER BY table_name`,
  );
  const parts: string[] = [];
  for (const { table_name: table } of tables.rows) {
    if (SKIPPED.includes(table)) continue;
    const leftOut = LEFT_OUT[table] ?? [];
    let source = table;
    if (leftOut.length > 0) {
      const columns = await db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1
         ORDER BY ordinal_position`,
        [table],
      );
      const kept = columns.rows.map((c) => c.column_name).filter((c) => !leftOut.includes(c));
      source = `(SELECT ${kept.map((c) => `"${c}"`).join(', ')} FROM "${table}")`;
    }
    parts.push(
      `SELECT '${table}' AS name, count(*)::int AS rows,
         coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS checksum FROM ${source} t`,
    );
  }
  statement = parts.join('\nUNION ALL\n');
  return statement;
}

export async function databaseState(db: pg.Pool): Promise<DatabaseState> {
  const result = await db.query<{ name: string; rows: number; checksum: string }>(await stateQuery(db));
  return Object.fromEntries(result.rows.map((r) => [r.name, { rows: r.rows, checksum: r.checksum }]));
}
