/**
 * `npm run backup -- FILE [--format=auto|builtin|pg_dump]` / `npm run restore -- FILE` on DATABASE_URL or the
 * embedded PostgreSQL (the running one when `npm start` is up).
 *
 * backup: a pg_dump custom-format archive when DATABASE_URL is set and the pg_dump on the PATH is at least as new
 * as the server; otherwise the built-in format (backup.ts), saying why. `--format` forces one or the other; a
 * forced pg_dump that cannot run is an error, not a fallback.
 * restore: into an empty database; the format is read from the file (pg_dump archives start with "PGDMP") and a
 * pg_dump archive is loaded by pg_restore, which must be at least as new as the server too.
 */
import { rename, rm, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import {
  assertEmptyDatabase,
  backup,
  BackupError,
  countRows,
  detectBackupFormat,
  releasePendingChanges,
  restore,
} from './backup.js';
import { CliExit, runCli, say, withDataSource } from './cli-database.js';
import type { DatabaseHandle } from './database.js';
import { migrateWithLock } from './migrate.js';
import {
  BACKUP_FORMATS,
  chooseBackupFormat,
  pgDump,
  pgRestore,
  pgToolVersion,
  type RequestedFormat,
  serverMajorVersion,
  toolProblem,
} from './pg-dump.js';

const USAGE = 'usage: npm run backup -- FILE [--format=auto|builtin|pg_dump] | npm run restore -- FILE';

function tableList(tables: Record<string, number>): string {
  return Object.entries(tables)
    .map(([table, n]) => `${table} ${n}`)
    .join(', ');
}

function parse(): { command: 'backup' | 'restore'; file: string; format: RequestedFormat } {
  const [command, ...args] = process.argv.slice(2);
  let parsed;
  try {
    parsed = parseArgs({ args, options: { format: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch {
    throw new CliExit(USAGE, 1);
  }
  const format = parsed.values.format ?? 'auto';
  const [file, ...extra] = parsed.positionals;
  if ((command !== 'backup' && command !== 'restore') || !file || extra.length > 0) throw new CliExit(USAGE, 1);
  if (!(BACKUP_FORMATS as readonly string[]).includes(format) || (command === 'restore' && format !== 'auto')) {
    throw new CliExit(`${USAGE}\n(restore reads the format from the file)`, 1);
  }
  return { command, file, format: format as RequestedFormat };
}

async function runBackup(dataSource: DataSource, database: DatabaseHandle, file: string, format: RequestedFormat) {
  const serverMajor = await serverMajorVersion(dataSource);
  const pgDumpVersion = format === 'builtin' ? undefined : await pgToolVersion('pg_dump');
  const choice = chooseBackupFormat({
    requested: format,
    embedded: database.embedded,
    pgDump: pgDumpVersion,
    serverMajor,
  });
  if (choice.format === 'pg_dump') {
    say(`writing a pg_dump custom-format archive with ${pgDumpVersion!.version} (PostgreSQL ${serverMajor} server)`);
    const warnings = await pgDump(database.url, file);
    if (warnings) say(warnings);
    // No row counts here: read after the dump, outside its snapshot, they could differ from what it holds.
    say(`backup written to ${file} (pg_dump custom format, ${(await stat(file)).size} bytes)`);
    return;
  }
  say(`${choice.reason}; writing the built-in format`);
  const partial = `${file}.partial`;
  try {
    const summary = await backup(dataSource, partial);
    await rename(partial, file);
    say(`backup written to ${file} (built-in format): ${tableList(summary.tables)}`);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

async function runRestore(dataSource: DataSource, database: DatabaseHandle, file: string) {
  if ((await detectBackupFormat(file)) === 'builtin') {
    await migrateWithLock(dataSource);
    const summary = await restore(dataSource, file);
    say(`restored ${file} (built-in format): ${tableList(summary.tables)}`);
    return;
  }
  const serverMajor = await serverMajorVersion(dataSource);
  const problem = toolProblem('pg_restore', await pgToolVersion('pg_restore'), serverMajor);
  if (problem) {
    throw new BackupError(
      `cannot restore ${file}: it is a pg_dump archive, and ${problem} (install a newer PostgreSQL client)`,
    );
  }
  await assertEmptyDatabase(dataSource);
  const warnings = await pgRestore(database.url, file);
  if (warnings) say(warnings);
  // The archive brought schema and rows as they were; no migration runs here. Only change events taken before
  // their publication need this cluster's transaction ids to be published.
  await releasePendingChanges(dataSource.manager);
  say(`restored ${file} (pg_dump custom format): ${tableList(await countRows(dataSource))}`);
}

runCli(async () => {
  const { command, file, format } = parse();
  try {
    await withDataSource(async (dataSource, database) => {
      if (command === 'backup') await runBackup(dataSource, database, file, format);
      else await runRestore(dataSource, database, file);
    });
  } catch (error) {
    throw error instanceof BackupError ? new CliExit(error.message, 1) : error;
  }
});
