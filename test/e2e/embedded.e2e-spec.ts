/**
 * `npm start` with no DATABASE_URL: the app starts its own PostgreSQL in DATA_DIR, keeps the data
 * between runs, leaves no PostgreSQL behind on Ctrl-C, and explains a lock left by a killed instance.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSlowRequest } from '../support/raw-http.js';
import { randomApiKey, spawnApp } from '../support/server.js';
import { freePort, postgresProcessesFor, waitReady } from '../support/processes.js';

/** The same key on every start: the first creates it, the next ones find it. */
const ADMIN_KEY = randomApiKey();
/** The grace period of in-flight requests at shutdown, short enough to tell a prompt exit from a forced one. */
const GRACE_MS = 4_000;

const SLOW = 120_000;

interface Page {
  items: { designation: string }[];
}

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'registry-embedded-'));
});

afterAll(async () => {
  for (const pid of postgresProcessesFor(dataDir)) process.kill(pid, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

async function start(
  options: { ownProcessGroup?: boolean } = {},
): Promise<{ baseUrl: string; app: ReturnType<typeof spawnApp> }> {
  const port = await freePort();
  // DATABASE_URL empty counts as unset, as on a newcomer's machine, even when CI provides one
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SEED: 'true',
    DATABASE_URL: '',
    ADMIN_API_KEY: ADMIN_KEY,
    SHUTDOWN_GRACE_MS: String(GRACE_MS),
  };
  const app = spawnApp(env, options);
  const baseUrl = `http://127.0.0.1:${port}`;
  let gone = false;
  void app.exited.then(() => (gone = true));
  await waitReady(baseUrl, () => gone).catch(() => {
    throw new Error(`start-up failed:\n${app.output()}`);
  });
  return { baseUrl, app };
}

describe('embedded PostgreSQL', () => {
  it(
    'starts, seeds, keeps data between runs, and on Ctrl-C finishes the request in flight and leaves no PostgreSQL',
    async () => {
      // Started from a terminal: the application leads its process group, and Ctrl-C signals the whole group.
      const first = await start({ ownProcessGroup: true });
      const bodies = (await (await fetch(`${first.baseUrl}/v1/bodies?limit=200`)).json()) as Page;
      expect(bodies.items.length).toBe(14);
      const created = await fetch(`${first.baseUrl}/v1/bodies`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
        body: JSON.stringify({ designation: 'Kept between runs', name: 'Persistence probe', kind: 'other' }),
      });
      expect(created.status).toBe(201);
      expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);

      const inFlight = await startSlowRequest(
        first.baseUrl,
        'POST',
        '/v1/bodies',
        { designation: 'Sent across Ctrl-C', name: 'In flight at Ctrl-C', kind: 'other' },
        { Authorization: `Bearer ${ADMIN_KEY}` },
      );
      await new Promise((r) => setTimeout(r, 200));
      const signalledAt = Date.now();
      process.kill(-first.app.child.pid!, 'SIGINT');
      await new Promise((r) => setTimeout(r, 300));
      // PostgreSQL is out of the terminal's reach: the request still gets its row written.
      const answer = await inFlight.finish();
      expect(answer.status).toBe(201);
      expect(JSON.parse(answer.body)).toMatchObject({ designation: 'Sent across Ctrl-C' });
      expect(await first.app.exited).toBe(0);
      expect(Date.now() - signalledAt).toBeLessThan(GRACE_MS + 3_000);
      expect(postgresProcessesFor(dataDir)).toEqual([]);
      expect(first.app.output()).toContain('no new connections; 1 request(s) in flight');
      expect(first.app.output()).not.toMatch(/again|longer than|error while/);

      const second = await start();
      const again = (await (await fetch(`${second.baseUrl}/v1/bodies?limit=200`)).json()) as Page;
      expect(again.items.map((b) => b.designation)).toEqual(
        expect.arrayContaining(['Kept between runs', 'Sent across Ctrl-C']),
      );
      expect(again.items.length).toBe(16);
      // ADMIN_API_KEY made the key on the first start only, and it still works.
      const keys = await fetch(`${second.baseUrl}/v1/api-keys`, { headers: { 'x-api-key': ADMIN_KEY } });
      expect(keys.status).toBe(200);
      const listed = ((await keys.json()) as { items: { origin: string; role: string }[] }).items;
      expect(listed.filter((k) => k.origin === 'env')).toEqual([expect.objectContaining({ role: 'admin' })]);
      expect(first.app.output()).toContain('ADMIN_API_KEY: admin key created');
      expect(second.app.output()).not.toContain('ADMIN_API_KEY');
      expect(second.app.output()).not.toContain(ADMIN_KEY);
      second.app.child.kill('SIGTERM');
      expect(await second.app.exited).toBe(0);
      expect(postgresProcessesFor(dataDir)).toEqual([]);
    },
    SLOW,
  );

  it(
    'refuses to start, with a clear message, while a killed instance left its PostgreSQL running',
    async () => {
      const victim = await start();
      victim.app.child.kill('SIGKILL');
      await victim.app.exited;
      const orphans = postgresProcessesFor(dataDir);
      expect(orphans.length).toBeGreaterThan(0);

      const port = await freePort();
      const blocked = spawnApp({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '' });
      expect(await blocked.exited).toBe(1);
      expect(blocked.output()).toMatch(/is locked by a running PostgreSQL process \(pid \d+\)/);
      expect(blocked.output()).toMatch(/kill \d+/);

      for (const pid of orphans) process.kill(pid, 'SIGINT');
      const deadline = Date.now() + 20_000;
      while (postgresProcessesFor(dataDir).length > 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      expect(postgresProcessesFor(dataDir)).toEqual([]);
    },
    SLOW,
  );

  it(
    'clears a stale lock whose process is gone and starts',
    async () => {
      // A crash of the whole machine leaves postmaster.pid naming a process that no longer exists.
      await writeFile(path.join(dataDir, 'postgres', 'postmaster.pid'), '999999\n/nonexistent\n');
      const revived = await start();
      expect(revived.app.output()).not.toMatch(/locked/);
      revived.app.child.kill('SIGINT');
      expect(await revived.app.exited).toBe(0);
    },
    SLOW,
  );
});
