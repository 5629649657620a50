/**
 * Starts the built application as its own Node process on a database of its own (cloned from
 * the migrated template), and speaks HTTP to it. Nest 12 is ESM-only and some of its CommonJS
 * dependencies cannot be loaded inside a Jest worker on Node 20, so suites never import the app.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { freePort } from './processes.js';

const root = path.resolve(import.meta.dirname, '../..');

/** A supertest agent bound to a server, optionally sending an API key on every request. */
export type HttpAgent = ReturnType<typeof request.agent>;

export interface TestServer {
  baseUrl: string;
  /**
   * supertest agent authenticated with the admin key (`ADMIN_API_KEY`). PATCH, DELETE and liaison transitions get
   * `If-Match: *` unless the test sets its own, so suites about other things need not read versions first.
   */
  http: HttpAgent;
  /** supertest agent without credentials: an anonymous caller. */
  anon: HttpAgent;
  /** The admin key the server was started with. */
  adminKey: string;
  /** An agent sending `key` as `Authorization: Bearer <key>`. */
  as(key: string): HttpAgent;
  /** Admin agent without the default If-Match (for the If-Match rules themselves). */
  raw: HttpAgent;
  /** Pool on the server's own database, for asserting on stored rows. */
  db: pg.Pool;
  databaseUrl: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, wait for exit; returns the exit code. */
  stop(): Promise<number | null>;
  /** stop() and drop the database. */
  dispose(): Promise<void>;
}

/** A fresh random key in the format the API makes (`lr_` + 43 base64url characters). */
export function randomApiKey(): string {
  return `lr_${randomBytes(32).toString('base64url')}`;
}

/** An agent bound to `baseUrl` that sends `key` (when given) as a bearer token on every request. */
export function agentFor(baseUrl: string, key?: string): HttpAgent {
  const agent = request.agent(baseUrl);
  if (key !== undefined) void agent.set('authorization', `Bearer ${key}`);
  return agent;
}

export interface StartOptions {
  /** Load the seed registry at start-up (default false: suites build their own data). */
  seed?: boolean;
  env?: Record<string, string>;
  /** Reuse an existing database instead of cloning a new one. */
  databaseUrl?: string;
}

function adminUrl(): string {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (!url) throw new Error('TEST_PG_ADMIN_URL is not set: run the e2e suites through jest (global setup).');
  return url;
}

export async function createTestDatabase(): Promise<string> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${process.env.TEST_PG_TEMPLATE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** A database with no schema at all (not cloned from the migrated template). */
export async function createEmptyDatabase(): Promise<string> {
  const name = `e_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropTestDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

class PortTakenError extends Error {}

/**
 * Ready when the readiness probe answers 200 to a request carrying this server's own admin key: a
 * free port handed to two servers at once (another test file's, say) would otherwise pass for ours,
 * and the other server does not know our key.
 */
async function waitUntilReady(
  baseUrl: string,
  adminKey: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const message = `the application exited with code ${child.exitCode} during start-up:\n${output()}`;
      throw output().includes('EADDRINUSE') ? new PortTakenError(message) : new Error(message);
    }
    try {
      const response = await fetch(`${baseUrl}/health/ready`, { headers: { authorization: `Bearer ${adminKey}` } });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the application was not ready within 30 s:\n${output()}`);
}

/**
 * Spawns `node dist/src/main.js` and resolves when its process has exited. `ownProcessGroup`: the application leads
 * a process group of its own, as a program started from a terminal does (signal it all with `process.kill(-pid)`).
 */
export function spawnApp(
  env: Record<string, string>,
  options: { ownProcessGroup?: boolean } = {},
): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  let log = '';
  const child = spawn(process.execPath, [path.join(root, 'dist/src/main.js')], {
    cwd: root,
    env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'warn', LOG_PRETTY: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownProcessGroup ?? false,
  });
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => log, exited };
}

function withIfMatchAny(agent: HttpAgent): HttpAgent {
  return new Proxy(agent, {
    get(target, property, receiver) {
      if (property === 'patch' || property === 'delete') {
        return (url: string) => target[property](url).set('if-match', '*');
      }
      if (property === 'post') {
        return (url: string) =>
          /\/transitions(\?|$)/.test(url) ? target.post(url).set('if-match', '*') : target.post(url);
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  const adminKey = options.env?.ADMIN_API_KEY ?? randomApiKey();
  let started: { baseUrl: string } & ReturnType<typeof spawnApp>;
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const app = spawnApp({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      SEED: options.seed ? 'true' : 'false',
      // Suites send many requests from one address: limits are tested where a suite sets them lower.
      RATE_LIMIT_PER_MINUTE: '10000000',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '10000000',
      ...options.env,
      ADMIN_API_KEY: adminKey,
    });
    try {
      await waitUntilReady(baseUrl, adminKey, app.child, app.output);
      started = { baseUrl, ...app };
      break;
    } catch (error) {
      app.child.kill('SIGKILL');
      // Another process took the free port between our probe and the server's listen: try another.
      if (!(error instanceof PortTakenError) || attempt >= 3) throw error;
    }
  }
  const { baseUrl, child, output, exited } = started;
  const db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  let stopped: Promise<number | null> | undefined;
  const stop = (): Promise<number | null> => {
    stopped ??= (async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    })();
    return stopped;
  };
  return {
    baseUrl,
    http: withIfMatchAny(agentFor(baseUrl, adminKey)),
    raw: agentFor(baseUrl, adminKey),
    anon: agentFor(baseUrl),
    adminKey,
    as: (key: string) => withIfMatchAny(agentFor(baseUrl, key)),
    db,
    databaseUrl,
    output,
    stop,
    async dispose() {
      await db.end();
      await stop();
      if (!options.databaseUrl) await dropTestDatabase(databaseUrl);
    },
  };
}
