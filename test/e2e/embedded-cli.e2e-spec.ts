/**
 * The command-line scripts on the default embedded setup (no DATABASE_URL) while `npm start` is up on the same
 * DATA_DIR: they use the PostgreSQL the application started instead of trying to start a second one on the same
 * folder, and leave it running. With the application stopped, they start their own and stop it again.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomApiKey, spawnApp } from '../support/server.js';
import { freePort, postgresProcessesFor, waitReady } from '../support/processes.js';

const root = path.resolve(import.meta.dirname, '../..');
const SLOW = 180_000;
const ADMIN_KEY = randomApiKey();

/** The embedded setup's environment: DATABASE_URL empty counts as unset, even when CI provides one. */
function embeddedEnv(dataDir: string): Record<string, string> {
  return { DATA_DIR: dataDir, DATABASE_URL: '', ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'warn' };
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function script(file: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'dist/src', file), ...args], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let dataDir: string;
let scratch: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'registry-embedded-cli-'));
  scratch = await mkdtemp(path.join(os.tmpdir(), 'registry-embedded-cli-out-'));
});

afterAll(async () => {
  for (const pid of postgresProcessesFor(dataDir)) process.kill(pid, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

describe('command-line scripts on the embedded PostgreSQL', () => {
  it(
    'use the PostgreSQL of a running `npm start` on the same DATA_DIR, and leave it running',
    async () => {
      const port = await freePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      const app = spawnApp({ ...embeddedEnv(dataDir), PORT: String(port), HOST: '127.0.0.1', SEED: 'true' });
      let gone = false;
      void app.exited.then(() => (gone = true));
      try {
        await waitReady(baseUrl, () => gone, app.output);
        const postgres = postgresProcessesFor(dataDir);
        expect(postgres.length).toBeGreaterThan(0);
        const env = embeddedEnv(dataDir);

        const created = await script(
          'auth/api-key.cli.js',
          ['create', '--role', 'admin', '--name', 'made while running'],
          env,
        );
        expect(created.stderr).toMatch(/the embedded PostgreSQL in .* is already running \(pid \d+, port \d+\)/);
        expect(created.stderr).not.toMatch(/locked|left behind/);
        expect(created.status).toBe(0);
        const key = created.stdout.trim();
        // the running application sees the key at once: same database
        const keys = await fetch(`${baseUrl}/v1/api-keys`, { headers: { authorization: `Bearer ${key}` } });
        expect(keys.status).toBe(200);
        const names = ((await keys.json()) as { items: { name: string }[] }).items.map((k) => k.name);
        expect(names).toContain('made while running');

        const file = path.join(scratch, 'running.backup.gz');
        const backedUp = await script('database/backup.cli.js', ['backup', file], env);
        expect(backedUp.stderr).toContain(
          'the embedded PostgreSQL distribution ships no pg_dump; writing the built-in format',
        );
        expect(backedUp.stderr).toContain(`backup written to ${file} (built-in format)`);
        expect(backedUp.status).toBe(0);
        expect((await stat(file)).size).toBeGreaterThan(1000);

        const seeded = await script('seed/seed.cli.js', [], env);
        expect(seeded.stderr).toContain('seed registry loaded');
        expect(seeded.status).toBe(0);
        const shown = await script('database/migrate.cli.js', ['show'], env);
        expect(shown.stderr).toContain('all migrations are applied');
        expect(shown.status).toBe(0);

        // the application is still serving, on the same PostgreSQL
        expect(gone).toBe(false);
        expect((await fetch(`${baseUrl}/health/ready`)).status).toBe(200);
        expect((await fetch(`${baseUrl}/v1/bodies?limit=1`)).status).toBe(200);
        expect(postgresProcessesFor(dataDir)).toEqual(postgres);

        app.child.kill('SIGINT');
        expect(await app.exited).toBe(0);
        expect(postgresProcessesFor(dataDir)).toEqual([]);
      } finally {
        if (app.child.exitCode === null) app.child.kill('SIGKILL');
      }

      // With no application running, a script starts its own PostgreSQL and stops it afterwards.
      const listed = await script('auth/api-key.cli.js', ['list'], embeddedEnv(dataDir));
      expect(listed.status).toBe(0);
      expect(listed.stdout).toContain('made while running');
      expect(listed.stderr).toContain('starting the embedded PostgreSQL');
      expect(postgresProcessesFor(dataDir)).toEqual([]);
    },
    SLOW,
  );

  it('refuse a DATA_DIR that is not a folder, naming it', async () => {
    const file = path.join(root, 'package.json');
    const ran = await script('database/migrate.cli.js', ['show'], { ...embeddedEnv(file) });
    expect(ran.status).toBe(1);
    expect(ran.stderr).toContain(`Invalid configuration: DATA_DIR must be a folder this user can write to`);
    expect(ran.stderr).toContain(`${file} exists but is not a directory`);
    const app = spawnApp({ ...embeddedEnv(file), PORT: String(await freePort()), HOST: '127.0.0.1' });
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain('Invalid configuration: DATA_DIR');
  });
});
