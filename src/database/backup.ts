/**
 * The built-in logical backup format of the registry, written and read in Node. It exists because pg_dump is not
 * always there to use: the embedded PostgreSQL distribution ships no pg_dump (nor pg_restore), and a pg_dump older
 * than the server refuses to dump it. When a usable pg_dump is on the PATH, `npm run backup` prefers it (see
 * pg-dump.ts). The dump is taken in one REPEATABLE READ snapshot, so it is consistent; it holds the applied
 * migrations and every row of every table as JSON lines (gzip). A restore goes into an empty database: the same
 * migrations create the schema, then rows are inserted parents first.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import type { DataSource, EntityManager } from 'typeorm';

const FORMAT = 'liaison-registry-backup/1';

/** A backup or restore that cannot go ahead for a reason its message states fully (no stack trace needed). */
export class BackupError extends Error {
  override name = 'BackupError';
}
const BATCH = 500;

interface TableInfo {
  name: string;
  /** Columns that can be written (not generated). */
  columns: string[];
  /** Identity columns generated ALWAYS: inserted with OVERRIDING SYSTEM VALUE, sequence reset afterwards. */
  identity: string[];
  /** Columns referencing the same table (parents must come first). */
  selfReferences: string[];
  primaryKey: string[];
}

async function tables(manager: EntityManager): Promise<TableInfo[]> {
  const rows: { table_name: string }[] = await manager.query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'`,
  );
  const names = rows.map((r) => r.table_name);
  const columns: {
    table_name: string;
    column_name: string;
    is_generated: string;
    identity_generation: string | null;
  }[] = await manager.query(
    `SELECT table_name, column_name, is_generated, identity_generation FROM information_schema.columns
        WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  const foreignKeys: { child: string; parent: string; columns: string[] }[] = await manager.query(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
            array_agg(a.attname ORDER BY a.attnum)::text[] AS columns
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
      WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
      GROUP BY c.oid, c.conrelid, c.confrelid`,
  );
  const keys: { table_name: string; columns: string[] }[] = await manager.query(
    `SELECT c.conrelid::regclass::text AS table_name, array_agg(a.attname ORDER BY a.attnum)::text[] AS columns
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
      WHERE c.contype = 'p' AND c.connamespace = 'public'::regnamespace GROUP BY c.conrelid`,
  );
  const infos = new Map<string, TableInfo>();
  for (const name of names) {
    const own = columns.filter((c) => c.table_name === name);
    infos.set(name, {
      name,
      columns: own.filter((c) => c.is_generated === 'NEVER').map((c) => c.column_name),
      identity: own.filter((c) => c.identity_generation === 'ALWAYS').map((c) => c.column_name),
      selfReferences: foreignKeys.filter((f) => f.child === name && f.parent === name).flatMap((f) => f.columns),
      primaryKey: keys.find((k) => k.table_name === name)?.columns ?? [],
    });
  }
  // Parents before children (Kahn), self-references aside.
  const ordered: TableInfo[] = [];
  const pending = new Set(names);
  while (pending.size > 0) {
    const ready = [...pending].filter((name) =>
      foreignKeys.every((f) => f.child !== name || f.parent === name || !pending.has(f.parent)),
    );
    if (ready.length === 0) throw new Error(`cyclic foreign keys between ${[...pending].join(', ')}`);
    for (const name of ready.sort()) {
      ordered.push(infos.get(name)!);
      pending.delete(name);
    }
  }
  return ordered;
}

export interface BackupSummary {
  tables: Record<string, number>;
  migrations: string[];
}

export async function backup(dataSource: DataSource, file: string): Promise<BackupSummary> {
  const gzip = createGzip();
  const out = gzip.pipe(createWriteStream(file, { mode: 0o600 }));
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gzip.on('error', reject);
  });
  const write = (line: unknown) =>
    new Promise<void>((resolve) => (gzip.write(`${JSON.stringify(line)}\n`) ? resolve() : gzip.once('drain', resolve)));
  const summary: BackupSummary = { tables: {}, migrations: [] };
  await dataSource.transaction('REPEATABLE READ', async (manager) => {
    await manager.query('SET TRANSACTION READ ONLY');
    const migrations: { name: string }[] = await manager.query('SELECT name FROM schema_migrations ORDER BY id');
    summary.migrations = migrations.map((m) => m.name);
    await write({ format: FORMAT, takenAt: new Date().toISOString(), migrations: summary.migrations });
    for (const table of await tables(manager)) {
      await write({ table: table.name });
      let count = 0;
      const order = table.primaryKey.length ? table.primaryKey.map((c) => `"${c}"`).join(', ') : 'ctid';
      for (let offset = 0; ; offset += BATCH) {
        const rows: { row: Record<string, unknown> }[] = await manager.query(
          `SELECT row_to_json(t) AS row FROM (SELECT ${table.columns.map((c) => `"${c}"`).join(', ')} FROM "${table.name}"
            ORDER BY ${order} LIMIT ${BATCH} OFFSET ${offset}) t`,
        );
        for (const { row } of rows) await write({ row });
        count += rows.length;
        if (rows.length < BATCH) break;
      }
      summary.tables[table.name] = count;
    }
  });
  gzip.end();
  await done;
  return summary;
}

/** Rows of a self-referencing table, parents before children. */
function parentsFirst(rows: Record<string, unknown>[], selfReferences: string[]): Record<string, unknown>[] {
  if (selfReferences.length === 0) return rows;
  const placed = new Set<unknown>();
  const ordered: Record<string, unknown>[] = [];
  let remaining = rows;
  while (remaining.length > 0) {
    const next = remaining.filter((row) =>
      selfReferences.every((column) => row[column] === null || row[column] === undefined || placed.has(row[column])),
    );
    if (next.length === 0) throw new Error('the backup holds a reference cycle');
    for (const row of next) {
      ordered.push(row);
      placed.add(row.id);
    }
    remaining = remaining.filter((row) => !next.includes(row));
  }
  return ordered;
}

/** Which kind of backup a file is, from its first bytes: gzip (built-in) or a pg_dump custom-format archive. */
export async function detectBackupFormat(file: string): Promise<'builtin' | 'pg_dump'> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? new BackupError(`${file} does not exist`) : error;
  });
  const head = Buffer.alloc(5);
  try {
    await handle.read(head, 0, 5, 0);
  } finally {
    await handle.close();
  }
  if (head.toString('latin1') === 'PGDMP') return 'pg_dump';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'builtin';
  throw new BackupError(
    `${file} is neither a registry backup (built-in format) nor a pg_dump custom-format archive` +
      ' (a plain SQL dump is restored with psql)',
  );
}

/** Rows in each table of the registry (for what a restore reports). */
export async function countRows(dataSource: DataSource): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await tables(dataSource.manager)) {
    const rows: { n: number }[] = await dataSource.query(`SELECT count(*)::int AS n FROM "${table.name}"`);
    counts[table.name] = rows[0]?.n ?? 0;
  }
  return counts;
}

/**
 * Change events not yet published when the backup was taken carry transaction ids of the old cluster, which may
 * be ahead of this one's for a long time: let them publish here at once, in their order (local_seq).
 */
export async function releasePendingChanges(manager: EntityManager): Promise<void> {
  await manager.query(`UPDATE changes SET txid = '1'::xid8 WHERE position IS NULL`);
}

/** A pg_dump archive brings the whole schema: the database must hold no table, sequence or view yet. */
export async function assertEmptyDatabase(dataSource: DataSource): Promise<void> {
  const rows: { n: number }[] = await dataSource.query(
    `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`,
  );
  const n = rows[0]?.n ?? 0;
  if (n > 0) {
    throw new BackupError(
      `restore needs an empty database: this one holds ${n} tables, sequences or views ` +
        '(a pg_dump archive creates the schema itself; restore into a new database)',
    );
  }
}

export async function restore(dataSource: DataSource, file: string): Promise<BackupSummary> {
  const summary: BackupSummary = { tables: {}, migrations: [] };
  await dataSource.transaction(async (manager) => {
    const infos = new Map((await tables(manager)).map((t) => [t.name, t]));
    const nonEmpty: { n: number }[] = await manager.query(
      `SELECT (SELECT count(*) FROM bodies) + (SELECT count(*) FROM changes)::int AS n`,
    );
    if (Number(nonEmpty[0]?.n ?? 0) > 0)
      throw new BackupError('restore needs an empty registry: this database holds data');
    const applied: { name: string }[] = await manager.query('SELECT name FROM schema_migrations ORDER BY id');
    // Some migrations write rows of their own (singleton state rows): the backup's rows replace them.
    for (const table of [...infos.values()].reverse()) await manager.query(`DELETE FROM "${table.name}"`);
    let current: TableInfo | undefined;
    let rows: Record<string, unknown>[] = [];
    const flush = async () => {
      if (!current || rows.length === 0) return;
      const table = current;
      const ordered = parentsFirst(rows, table.selfReferences);
      const list = table.columns.map((c) => `"${c}"`).join(', ');
      const overriding = table.identity.length ? ' OVERRIDING SYSTEM VALUE' : '';
      for (let i = 0; i < ordered.length; i += BATCH) {
        await manager.query(
          `INSERT INTO "${table.name}" (${list})${overriding}
           SELECT ${list} FROM json_populate_recordset(NULL::"${table.name}", $1::json)`,
          [JSON.stringify(ordered.slice(i, i + BATCH))],
        );
      }
      summary.tables[table.name] = ordered.length;
      rows = [];
    };
    let header = true;
    // Opened only now: readline starts reading at once, and lines emitted before the loop would be lost.
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const record = JSON.parse(line) as {
        format?: string;
        migrations?: string[];
        table?: string;
        row?: Record<string, unknown>;
      };
      if (header) {
        header = false;
        if (record.format !== FORMAT) throw new BackupError(`${file} is not a registry backup`);
        summary.migrations = record.migrations ?? [];
        const names = applied.map((m) => m.name);
        if (JSON.stringify(names) !== JSON.stringify(summary.migrations)) {
          const missing = names.filter((n) => !summary.migrations.includes(n));
          const extra = summary.migrations.filter((n) => !names.includes(n));
          throw new BackupError(
            'the backup was taken with another schema than this release has ' +
              `(not in the backup: ${missing.join(', ') || 'none'}; unknown here: ${extra.join(', ') || 'none'}); ` +
              'restore it with the release that made it, then upgrade',
          );
        }
        continue;
      }
      if (record.table !== undefined) {
        await flush();
        current = infos.get(record.table);
        if (!current) throw new BackupError(`the backup holds table ${record.table}, unknown here`);
        continue;
      }
      if (record.row) rows.push(record.row);
    }
    await flush();
    for (const table of infos.values()) {
      for (const column of table.identity) {
        await manager.query(
          `SELECT setval(pg_get_serial_sequence('"${table.name}"', '${column}'),
                         greatest((SELECT max("${column}") FROM "${table.name}"), 1))`,
        );
      }
    }
    await releasePendingChanges(manager);
  });
  return summary;
}
