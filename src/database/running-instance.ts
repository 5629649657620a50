/**
 * The embedded PostgreSQL already running on a data folder (started by `npm start`, or by another command):
 * command-line scripts connect to it instead of starting a second server on the same folder, which PostgreSQL
 * refuses (and which would stop the first one's database under it when done).
 *
 * PostgreSQL describes a running server in `<cluster>/postmaster.pid`: line 1 its pid, 4 its port, 5 its first
 * Unix socket folder, 6 its first listen address, 8 its status (`starting`, `ready`, `stopping`, `standby`).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { EMBEDDED_DATABASE, EMBEDDED_USER } from './embedded-postgres.js';

/** Where the embedded cluster of a DATA_DIR lives (as database.ts starts it). */
export function embeddedClusterDir(dataDir: string): string {
  return path.resolve(dataDir, 'postgres');
}

export interface RunningInstance {
  pid: number;
  port: number;
  /** Connection URL of the registry database on it. */
  url: string;
}

export class RunningInstanceError extends Error {
  override name = 'RunningInstanceError';
}

interface LockFile {
  pid: number;
  port: number;
  socketDir: string;
  listenAddress: string;
  status: string;
}

async function readLockFile(clusterDir: string): Promise<LockFile | undefined> {
  let content: string;
  try {
    content = await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const lines = content.split('\n').map((line) => line.trim());
  return {
    pid: Number.parseInt(lines[0] ?? '', 10),
    port: Number.parseInt(lines[3] ?? '', 10),
    socketDir: lines[4] ?? '',
    listenAddress: lines[5] ?? '',
    status: lines[7] ?? '',
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process is a PostgreSQL server (unknown, e.g. /proc hidden: assume it is, as the lock says). */
async function isPostgres(pid: number): Promise<boolean> {
  try {
    const command = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replace(/\0/g, ' ');
    return command.trim() === '' || command.includes('postgres');
  } catch {
    return true;
  }
}

function hostOf(lock: LockFile): string {
  const address = lock.listenAddress;
  if (address === '*' || address === '0.0.0.0') return '127.0.0.1';
  if (address === '::') return '[::1]';
  if (address !== '') return address.includes(':') ? `[${address}]` : address;
  return '';
}

function urlFor(lock: LockFile, password: string, database: string): string {
  const credentials = `${EMBEDDED_USER}:${encodeURIComponent(password)}`;
  const host = hostOf(lock);
  if (host !== '') return `postgres://${credentials}@${host}:${lock.port}/${encodeURIComponent(database)}`;
  if (lock.socketDir !== '') {
    return `postgres://${credentials}@/${encodeURIComponent(database)}?host=${encodeURIComponent(lock.socketDir)}&port=${lock.port}`;
  }
  return `postgres://${credentials}@localhost:${lock.port}/${encodeURIComponent(database)}`;
}

/**
 * The server running on `clusterDir`, or undefined when none is (no lock file, or one left by a process that is
 * gone: starting the embedded server as usual clears it). Waits a few seconds for a server that is starting.
 */
export async function findRunningInstance(
  clusterDir: string,
  database = EMBEDDED_DATABASE,
  waitMs = 10_000,
): Promise<RunningInstance | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const lock = await readLockFile(clusterDir);
    if (!lock || !Number.isInteger(lock.pid) || lock.pid <= 0) return undefined;
    if (!isAlive(lock.pid) || !(await isPostgres(lock.pid))) return undefined;
    if (lock.status === 'stopping') {
      throw new RunningInstanceError(
        `The embedded PostgreSQL on ${clusterDir} (pid ${lock.pid}) is shutting down; run the command again once it has stopped.`,
      );
    }
    // Lines 4 to 8 are written as start-up proceeds; `ready` (or `standby`) once it accepts connections.
    if (Number.isInteger(lock.port) && lock.port > 0 && (lock.status === 'ready' || lock.status === 'standby')) {
      const file = `${clusterDir}.credentials`;
      if (!existsSync(file)) {
        throw new RunningInstanceError(
          `The embedded PostgreSQL on ${clusterDir} is running (pid ${lock.pid}) but its password file ${file} is missing.`,
        );
      }
      const password = (await readFile(file, 'utf8')).trim();
      return { pid: lock.pid, port: lock.port, url: urlFor(lock, password, database) };
    }
    if (Date.now() > deadline) {
      throw new RunningInstanceError(
        `The embedded PostgreSQL on ${clusterDir} (pid ${lock.pid}) did not become ready (status "${lock.status || 'starting'}").`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
