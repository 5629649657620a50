/**
 * A throwaway PostgreSQL server from the machine's own installation (not the embedded distribution), of the major
 * version of the pg_dump on the PATH: the server the backup suite needs to exercise the pg_dump format when the
 * test server is newer than that pg_dump. Debian/Ubuntu layout (/usr/lib/postgresql/<major>/bin), or the bindir
 * pg_config reports. As root, the server runs as the `postgres` system user, which PostgreSQL requires.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './processes.js';

export interface SystemPostgres {
  major: number;
  /** Connection URL of a database on it (created empty when missing). */
  urlFor(database: string): Promise<string>;
  stop(): Promise<void>;
}

/** Major version of a PostgreSQL client tool on the PATH, or undefined. */
export function toolMajor(tool: 'pg_dump' | 'pg_restore'): number | undefined {
  const result = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(result.stdout ?? '');
  return result.status === 0 && match ? Number(match[1]) : undefined;
}

function binDir(major: number): string | undefined {
  const candidates = [`/usr/lib/postgresql/${major}/bin`];
  const config = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (config.status === 0) candidates.push(config.stdout.trim());
  return candidates.find((dir) => {
    if (!existsSync(path.join(dir, 'postgres')) || !existsSync(path.join(dir, 'initdb'))) return false;
    const version = spawnSync(path.join(dir, 'postgres'), ['--version'], { encoding: 'utf8' });
    return new RegExp(`\\(PostgreSQL\\)\\s+${major}\\b`).test(version.stdout ?? '');
  });
}

function systemUser(name: string): { uid: number; gid: number } | undefined {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name) return { uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

/**
 * Starts a server of `major` from the system installation, or returns why it cannot (no such installation, root
 * without a `postgres` user).
 */
export async function startSystemPostgres(major: number): Promise<SystemPostgres | string> {
  const bin = binDir(major);
  if (!bin)
    return `no PostgreSQL ${major} server is installed (looked in /usr/lib/postgresql/${major}/bin and pg_config --bindir)`;
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? systemUser('postgres') : undefined;
  if (asRoot && !owner) return 'running as root, and there is no postgres system user to run PostgreSQL as';
  const scratch = await mkdtemp(path.join(os.tmpdir(), `registry-pg${major}-`));
  const dataDir = path.join(scratch, 'data');
  if (owner) await chown(scratch, owner.uid, owner.gid);
  const ids = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const initdb = spawnSync(
    path.join(bin, 'initdb'),
    ['-D', dataDir, '-U', 'registry', '--auth=trust', '--encoding=UTF8', '--locale=C'],
    { encoding: 'utf8', ...ids },
  );
  if (initdb.status !== 0) {
    await rm(scratch, { recursive: true, force: true });
    throw new Error(`initdb ${major} failed:\n${initdb.stderr}`);
  }
  const port = await freePort();
  let log = '';
  const server: ChildProcess = spawn(
    path.join(bin, 'postgres'),
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], ...ids },
  );
  server.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const url = (database: string) => `postgres://registry@127.0.0.1:${port}/${database}`;
  const stop = async () => {
    if (server.exitCode === null) server.kill('SIGINT');
    await exited;
    await rm(scratch, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url('postgres') });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (server.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`PostgreSQL ${major} did not start: ${(error as Error).message}\n${log}`, { cause: error });
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    major,
    async urlFor(database: string) {
      const admin = new pg.Client({ connectionString: url('postgres') });
      await admin.connect();
      try {
        const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
      } finally {
        await admin.end();
      }
      return url(database);
    },
    stop,
  };
}
