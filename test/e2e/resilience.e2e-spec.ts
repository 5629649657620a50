/**
 * Chaos tests: the database goes away and comes back, and the application is stopped mid-load. Nothing
 * acknowledged is lost, nothing is half-applied, no response is a 5xx other than 503, and service resumes.
 *
 * The bounds are the issue's: every 503 within 2 s, with Retry-After, and only while the database is down or
 * within RECONNECT_WINDOW_MS of its return; ready again within 5 s of the database accepting connections. Writes
 * and the change feed are checked through the API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { randomApiKey, spawnApp } from '../support/server.js';
import { freePort } from '../support/processes.js';

/** Writes need an API key: every app of this suite starts with this admin key. */
const ADMIN_KEY = randomApiKey();
const AUTH = { authorization: `Bearer ${ADMIN_KEY}` };

const root = path.resolve(import.meta.dirname, '../..');
/** Each test runs in well under a minute (about 15 s here); this only catches a hang. */
const TEST_TIMEOUT_MS = 50_000;
/** How long after the database is back a 503 may still be answered: requests that began while it was down. */
const RECONNECT_WINDOW_MS = 5_000;
/** The bounds. */
const MAX_503_MS = 2_000;
const READY_WITHIN_MS = 5_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Database {
  process: ChildProcess;
  url: string;
  /** When a connection to it first succeeded. */
  acceptingAt: number;
}

/** Starts the cluster in a process of its own; resolves once it accepts connections (probed every 20 ms). */
async function startDatabase(clusterDir: string, port: number): Promise<Database> {
  const child = spawn(
    process.execPath,
    [path.join(root, 'test/support/embedded-pg-process.mjs'), clusterDir, String(port)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    },
  );
  let output = '';
  let acceptingAt: number | undefined;
  let started = false;
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`database process exited with ${code}: ${output}`)));
  });
  // The URL (its password) is known from the first start on; probe the port for the exact moment it accepts.
  const probe = async (target: string) => {
    while (acceptingAt === undefined && !started) {
      const client = new pg.Client({ connectionString: target, connectionTimeoutMillis: 500 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        acceptingAt = Date.now();
        await client.end();
      } catch {
        await sleep(20);
      }
    }
  };
  const known = knownUrls.get(clusterDir);
  const probing = known ? probe(known) : Promise.resolve();
  const resolved = await url;
  started = true;
  await probing;
  knownUrls.set(clusterDir, resolved);
  return { process: child, url: resolved, acceptingAt: acceptingAt ?? Date.now() };
}
const knownUrls = new Map<string, string>();

async function stopDatabase(database: Database): Promise<void> {
  if (database.process.exitCode !== null) return;
  const exited = new Promise((resolve) => database.process.once('exit', resolve));
  database.process.kill('SIGTERM');
  await exited;
}

async function waitReady(baseUrl: string, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).status === 200) return Date.now();
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  throw new Error('not ready in time');
}

interface Outcome {
  /** 0: no HTTP answer (connection refused or reset). */
  status: number;
  at: number;
  ms: number;
  kind: 'write' | 'read';
  id?: string;
  retryAfter?: string | null;
  contentType?: string | null;
  /** Why there was no HTTP answer (status 0). */
  error?: string;
}

/** Concurrent writers and readers until `stop()`; every outcome recorded. */
function load(baseUrl: string, label: string): { outcomes: Outcome[]; stop: () => Promise<void> } {
  const outcomes: Outcome[] = [];
  let running = true;
  let counter = 0;
  const worker = async (n: number) => {
    while (running) {
      const at = Date.now();
      const write = n % 2 === 0;
      try {
        let response: Response;
        let id: string | undefined;
        if (write) {
          counter += 1;
          response = await fetch(`${baseUrl}/v1/bodies`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...AUTH },
            body: JSON.stringify({ designation: `${label} ${n}-${counter}`, name: 'Chaos', kind: 'other' }),
            signal: AbortSignal.timeout(10_000),
          });
          id = ((await response.json()) as { id?: string }).id;
        } else {
          response = await fetch(`${baseUrl}/v1/bodies?limit=5`, {
            headers: AUTH,
            signal: AbortSignal.timeout(10_000),
          });
          await response.arrayBuffer();
        }
        outcomes.push({
          status: response.status,
          at,
          ms: Date.now() - at,
          kind: write ? 'write' : 'read',
          id,
          retryAfter: response.headers.get('retry-after'),
          contentType: response.headers.get('content-type'),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        outcomes.push({
          status: 0,
          at,
          ms: Date.now() - at,
          kind: write ? 'write' : 'read',
          error: cause?.code ?? cause?.message ?? String(error),
        });
        await sleep(50);
      }
    }
  };
  const workers = Array.from({ length: 8 }, (_, n) => worker(n));
  return {
    outcomes,
    stop: async () => {
      running = false;
      await Promise.all(workers);
    },
  };
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: AUTH });
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Every body whose designation or name contains `label`, through the API (all pages). */
async function listedBodies(baseUrl: string, label: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ q: label, limit: '200', ...(cursor ? { cursor } : {}) });
    const page: { items: { id: string }[]; nextCursor: string | null } = await getJson(`${baseUrl}/v1/bodies?${query}`);
    ids.push(...page.items.map((b) => b.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

/** `body.created` events of the change feed of bodies whose designation contains `label`, through the API. */
async function createdEvents(baseUrl: string, label: string): Promise<string[]> {
  const ids: string[] = [];
  let after = '0';
  for (;;) {
    const page: { items: { resourceId: string; data: { designation?: string } }[]; nextCursor: string } = await getJson(
      `${baseUrl}/v1/changes?types=body.created&limit=200&after=${after}`,
    );
    for (const event of page.items) if (event.data.designation?.includes(label)) ids.push(event.resourceId);
    if (page.items.length === 0) return ids;
    after = page.nextCursor;
  }
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/**
 * Through the API: every acknowledged write is listed once and has exactly one `body.created` event in the feed;
 * nothing is half-applied (no listed body without its event, no event of a body that is not there).
 */
async function checkAcknowledgedWrites(baseUrl: string, label: string, outcomes: Outcome[]): Promise<void> {
  const acknowledged = outcomes.filter((o) => o.kind === 'write' && o.status === 201).map((o) => o.id!);
  expect(acknowledged.length).toBeGreaterThan(10);
  const listed = countBy(await listedBodies(baseUrl, label));
  expect(acknowledged.filter((id) => listed.get(id) !== 1)).toEqual([]);
  expect([...listed.values()].every((n) => n === 1)).toBe(true);
  // Published once every transaction before them has finished: read until the feed has them (or time out).
  let events = countBy(await createdEvents(baseUrl, label));
  for (let tries = 0; tries < 50 && acknowledged.some((id) => !events.has(id)); tries += 1) {
    await sleep(100);
    events = countBy(await createdEvents(baseUrl, label));
  }
  expect(acknowledged.filter((id) => events.get(id) !== 1)).toEqual([]);
  expect([...listed.keys()].filter((id) => events.get(id) !== 1)).toEqual([]);
  expect([...events.keys()].filter((id) => !listed.has(id))).toEqual([]);
}

/** Nothing but 2xx, 4xx and 503; no request without an HTTP answer unless `allowNoAnswer` says it may. */
function expectOnlyExpectedStatuses(outcomes: Outcome[], allowNoAnswer: (o: Outcome) => boolean): void {
  const unexpected = outcomes.filter(
    (o) => !(o.status === 503 || (o.status >= 200 && o.status < 500) || (o.status === 0 && allowNoAnswer(o))),
  );
  expect(unexpected).toEqual([]);
}

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'registry-chaos-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('resilience', () => {
  it(
    'answers 503 within 2 s while the database is down, never hangs or crashes, and is ready within 5 s of its return',
    async () => {
      const pgPort = await freePort();
      const clusterDir = path.join(scratch, 'outage');
      let database = await startDatabase(clusterDir, pgPort);
      const port = await freePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      const app = spawnApp({
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        SEED: 'false',
        ADMIN_API_KEY: ADMIN_KEY,
        RATE_LIMIT_PER_MINUTE: '1000000',
      });
      const blocker = new pg.Client({ connectionString: database.url });
      blocker.on('error', () => undefined);
      try {
        await waitReady(baseUrl, 30_000);
        const locked = await fetch(`${baseUrl}/v1/bodies`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...AUTH },
          body: JSON.stringify({ designation: 'LOCKED 1', name: 'Row held by another session', kind: 'other' }),
        });
        const lockedId = ((await locked.json()) as { id: string }).id;
        const traffic = load(baseUrl, 'OUTAGE');
        await sleep(1_500);

        // A request whose statement is already running (waiting on a row lock) when the database goes away.
        await blocker.connect();
        await blocker.query('BEGIN');
        await blocker.query('SELECT 1 FROM bodies WHERE id = $1 FOR UPDATE', [lockedId]);
        const running = fetch(`${baseUrl}/v1/bodies/${lockedId}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', 'if-match': '*', ...AUTH },
          body: JSON.stringify({ name: 'Changed while the database went away' }),
          signal: AbortSignal.timeout(10_000),
        }).then(async (response) => {
          await response.arrayBuffer();
          return { status: response.status, retryAfter: response.headers.get('retry-after'), at: Date.now() };
        });
        await sleep(300);

        const downAt = Date.now();
        await stopDatabase(database);
        const interrupted = await running;
        expect(interrupted.status).toBe(503);
        expect(interrupted.retryAfter).toMatch(/^\d+$/);
        expect(interrupted.at - downAt).toBeLessThanOrEqual(MAX_503_MS);

        await sleep(2_500);
        const live = await fetch(`${baseUrl}/health/live`);
        expect(live.status).toBe(200);
        const ready = await fetch(`${baseUrl}/health/ready`);
        expect(ready.status).toBe(503);
        expect(ready.headers.get('content-type')).toMatch(/problem\+json/);

        database = await startDatabase(clusterDir, pgPort);
        const upAt = database.acceptingAt;
        const readyAt = await waitReady(baseUrl, 10_000);
        expect(readyAt - upAt).toBeLessThanOrEqual(READY_WITHIN_MS);
        await sleep(1_500);
        await traffic.stop();

        expect(app.child.exitCode).toBeNull();
        const unexpectedErrors = app
          .output()
          .split('\n')
          .filter((l) => l.includes('unexpected error'));
        expect(unexpectedErrors.slice(0, 2)).toEqual([]);
        expectOnlyExpectedStatuses(traffic.outcomes, () => false);
        const unavailable = traffic.outcomes.filter((o) => o.status === 503);
        expect(unavailable.length).toBeGreaterThan(0);
        // Only while the database was down, or within the reconnect window after its return; each within 2 s,
        // with Retry-After, as a problem document.
        expect(unavailable.filter((o) => o.at + o.ms < downAt || o.at + o.ms > upAt + RECONNECT_WINDOW_MS)).toEqual([]);
        expect(unavailable.filter((o) => o.ms > MAX_503_MS)).toEqual([]);
        expect(
          unavailable.filter(
            (o) => !/^\d+$/.test(o.retryAfter ?? '') || !/^application\/problem\+json/.test(o.contentType ?? ''),
          ),
        ).toEqual([]);
        // Service resumed: writes acknowledged after the database returned.
        expect(traffic.outcomes.filter((o) => o.status === 201 && o.at > readyAt).length).toBeGreaterThan(0);
        await checkAcknowledgedWrites(baseUrl, 'OUTAGE', traffic.outcomes);
      } finally {
        await Promise.race([blocker.end().catch(() => undefined), sleep(1_000)]);
        app.child.kill('SIGTERM');
        await app.exited;
        await stopDatabase(database);
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'answers every request begun before SIGTERM, loses no acknowledged write and half-applies none',
    async () => {
      const pgPort = await freePort();
      const database = await startDatabase(path.join(scratch, 'sigterm'), pgPort);
      const port = await freePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      const env = {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        SEED: 'false',
        ADMIN_API_KEY: ADMIN_KEY,
        RATE_LIMIT_PER_MINUTE: '1000000',
      };
      let second: ReturnType<typeof spawnApp> | undefined;
      try {
        const first = spawnApp(env);
        await waitReady(baseUrl, 30_000);
        const traffic = load(baseUrl, 'SIGTERM');
        await sleep(1_500);
        const signalledAt = Date.now();
        first.child.kill('SIGTERM');
        expect(await first.exited).toBe(0);
        second = spawnApp(env);
        const restartedAt = Date.now();
        await waitReady(baseUrl, 30_000);
        await sleep(1_000);
        await traffic.stop();

        // Begun before the signal: a real answer. After it, until the restart listens: refused, never a 5xx.
        expectOnlyExpectedStatuses(traffic.outcomes, (o) => o.at >= signalledAt);
        expect(traffic.outcomes.filter((o) => o.status >= 500)).toEqual([]);
        expect(traffic.outcomes.filter((o) => o.at < signalledAt && o.status === 0)).toEqual([]);
        expect(traffic.outcomes.filter((o) => o.at < signalledAt && o.status === 201).length).toBeGreaterThan(5);
        expect(traffic.outcomes.filter((o) => o.at > restartedAt && o.status === 201).length).toBeGreaterThan(0);
        await checkAcknowledgedWrites(baseUrl, 'SIGTERM', traffic.outcomes);
        second.child.kill('SIGTERM');
        expect(await second.exited).toBe(0);
      } finally {
        second?.child.kill('SIGTERM');
        await second?.exited;
        await stopDatabase(database);
      }
    },
    TEST_TIMEOUT_MS,
  );
});
