/**
 * Backups through PostgreSQL's own `pg_dump` / `pg_restore` (custom-format archives), when a usable one is on the
 * PATH: a pg_dump can dump servers of its own major version and older, never newer ones (it refuses), and the same
 * goes for pg_restore. The embedded PostgreSQL distribution ships neither, which is why backup.ts has a built-in
 * format too; choosing between them is `chooseBackupFormat`.
 */
import { spawn } from 'node:child_process';
import { chmod, open, rename, rm } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { BackupError } from './backup.js';

export type PgTool = 'pg_dump' | 'pg_restore';

export interface PgToolVersion {
  tool: PgTool;
  major: number;
  /** As the tool prints it (`pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)`). */
  version: string;
}

/** What `--format` asks for: pg_dump when it can (`auto`), or one of the two for sure. */
export const BACKUP_FORMATS = ['auto', 'builtin', 'pg_dump'] as const;
export type RequestedFormat = (typeof BACKUP_FORMATS)[number];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The version of `tool` on the PATH, or undefined when there is none (or it does not answer like one). */
export async function pgToolVersion(tool: PgTool): Promise<PgToolVersion | undefined> {
  let result: Run;
  try {
    result = await run(tool, ['--version']);
  } catch {
    return undefined; // ENOENT: not installed
  }
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(result.stdout);
  if (result.status !== 0 || !match) return undefined;
  return { tool, major: Number(match[1]), version: result.stdout.trim() };
}

/** Major version of the server (`SHOW server_version_num`: 180004 is 18). */
export async function serverMajorVersion(dataSource: DataSource): Promise<number> {
  const rows: { server_version_num: string }[] = await dataSource.query('SHOW server_version_num');
  return Math.floor(Number(rows[0]!.server_version_num) / 10_000);
}

/** Why `tool` cannot work on a server of this major version, or undefined when it can. */
export function toolProblem(tool: PgTool, found: PgToolVersion | undefined, serverMajor: number): string | undefined {
  const verb = tool === 'pg_dump' ? 'dump' : 'restore into';
  if (!found) return `no ${tool} on the PATH`;
  if (found.major < serverMajor) return `${tool} ${found.major} cannot ${verb} a PostgreSQL ${serverMajor} server`;
  return undefined;
}

export type BackupChoice = { format: 'pg_dump' } | { format: 'builtin'; reason: string };

/**
 * pg_dump when DATABASE_URL names the server and a pg_dump at least as new as the server is on the PATH; the
 * built-in format otherwise (with the reason), or when asked for. Asked for pg_dump that cannot run: an error.
 */
export function chooseBackupFormat(options: {
  requested: RequestedFormat;
  embedded: boolean;
  pgDump: PgToolVersion | undefined;
  serverMajor: number;
}): BackupChoice {
  const { requested, embedded, pgDump, serverMajor } = options;
  if (requested === 'builtin') return { format: 'builtin', reason: 'asked for with --format=builtin' };
  const problem = toolProblem('pg_dump', pgDump, serverMajor);
  if (requested === 'pg_dump') {
    if (problem)
      throw new BackupError(
        `cannot write a pg_dump backup: ${problem} (install a newer PostgreSQL client, or use --format=builtin)`,
      );
    return { format: 'pg_dump' };
  }
  if (embedded) return { format: 'builtin', reason: 'the embedded PostgreSQL distribution ships no pg_dump' };
  if (problem) return { format: 'builtin', reason: problem };
  return { format: 'pg_dump' };
}

/** The connection URL without its password, which goes to libpq through PGPASSWORD (not on a command line). */
function libpqTarget(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env, PGAPPNAME: 'liaison-registry-backup' };
  if (password !== '') env.PGPASSWORD = password;
  return { dbname: url.toString(), env };
}

function failure(tool: PgTool, result: Run): Error {
  return new BackupError(`${tool} failed (exit code ${result.status}):\n${result.stderr.trim()}`);
}

/**
 * `pg_dump --format=custom` of the whole database into `file`: one transaction, so a consistent snapshot. Written
 * beside it first and renamed at the end, so a failed dump never leaves a truncated archive under the name.
 */
export async function pgDump(databaseUrl: string, file: string): Promise<string> {
  const partial = `${file}.partial`;
  // Created by us with mode 0600 (pg_dump would use the umask): the archive holds every row, API key hashes too.
  await (await open(partial, 'w', 0o600)).close();
  await chmod(partial, 0o600);
  const { dbname, env } = libpqTarget(databaseUrl);
  try {
    const result = await run(
      'pg_dump',
      ['--format=custom', '--no-password', `--file=${partial}`, `--dbname=${dbname}`],
      env,
    );
    if (result.status !== 0) throw failure('pg_dump', result);
    await rename(partial, file);
    return result.stderr.trim();
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * `pg_restore` of a custom-format archive into an empty database, all or nothing (one transaction, stop at the
 * first error). Ownership and grants are not restored: the objects belong to the user restoring them.
 */
export async function pgRestore(databaseUrl: string, file: string): Promise<string> {
  const { dbname, env } = libpqTarget(databaseUrl);
  const result = await run(
    'pg_restore',
    [
      '--exit-on-error',
      '--single-transaction',
      '--no-owner',
      '--no-privileges',
      '--no-password',
      `--dbname=${dbname}`,
      file,
    ],
    env,
  );
  if (result.status !== 0) throw failure('pg_restore', result);
  return result.stderr.trim();
}
