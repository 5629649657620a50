/** `npm run api-key`: the way to the first admin key of a new install, plus list and revoke. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createBody, expectProblem } from '../support/factories.js';
import { startServer, type TestServer } from '../support/server.js';

const root = path.resolve(import.meta.dirname, '../..');
let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.dispose();
});

/** Runs the command on the server's database (asynchronously: the suite's server keeps serving). */
function apiKey(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'dist/src/auth/api-key.cli.js'), ...args], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: server.databaseUrl },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('npm run api-key', () => {
  it('creates an admin key, printing only the key on stdout, once', async () => {
    const created = await apiKey('create', '--role', 'admin', '--name', 'ops');
    expect(created.status).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^lr_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/created admin key "ops" \(id [0-9a-f-]{36}, prefix lr_.{8}\)/);
    expect(created.stderr).not.toContain(key);
    const keys = await server.as(key).get('/v1/api-keys?role=admin&limit=200');
    expect(keys.status).toBe(200);
    expect(keys.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'ops', origin: 'cli', createdBy: 'cli' })]),
    );
    const listed = await apiKey('list');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/ops/);
    expect(listed.stdout).not.toContain(key);
  });

  it('creates a secretariat key scoped to bodies named by designation or id', async () => {
    const mts = await createBody(server, { designation: `ETSI TC MTS ${Date.now()}` });
    const other = await createBody(server);
    const created = await apiKey(
      'create',
      '--role',
      'secretariat',
      '--name',
      'mts secretariat',
      '--body',
      mts.designation.toLowerCase(),
      '--body',
      other.id,
      '--expires',
      '2099-01-01T00:00:00Z',
    );
    expect(created.status).toBe(0);
    const key = created.stdout.trim();
    const me = await server.http.get('/v1/api-keys?role=secretariat&limit=200');
    const record = (me.body.items as { name: string; bodyIds: string[]; expiresAt: string }[]).find(
      (k) => k.name === 'mts secretariat',
    );
    expect(record).toMatchObject({ expiresAt: '2099-01-01T00:00:00.000Z' });
    expect(record!.bodyIds.sort()).toEqual([mts.id, other.id].sort());
    expect((await server.as(key).patch(`/v1/bodies/${mts.id}`).send({ name: 'x' })).status).toBe(403);
  });

  it('revokes a key by id', async () => {
    const created = await apiKey('create', '--role', 'reader', '--name', 'to revoke');
    const key = created.stdout.trim();
    expect((await server.as(key).get('/v1/bodies?limit=1')).status).toBe(200);
    const id = /id ([0-9a-f-]{36})/.exec(created.stderr)![1]!;
    const revoked = await apiKey('revoke', id);
    expect(revoked.status).toBe(0);
    expect(revoked.stderr).toContain('revoked key "to revoke"');
    expectProblem(await server.as(key).get('/v1/bodies?limit=1'), 401, 'unauthorized');
  });

  it('refuses a name already used', async () => {
    expect((await apiKey('create', '--role', 'reader', '--name', 'taken')).status).toBe(0);
    const again = await apiKey('create', '--role', 'admin', '--name', 'TAKEN');
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/refused: An API key with this name already exists/);
    expect(again.stdout).toBe('');
  });

  it('generates a key for ADMIN_API_KEY without storing anything', async () => {
    const before = await server.db.query('SELECT count(*)::int AS n FROM api_keys');
    const generated = await apiKey('generate');
    expect(generated.status).toBe(0);
    expect(generated.stdout.trim()).toMatch(/^lr_[A-Za-z0-9_-]{43}$/);
    expect((await server.db.query('SELECT count(*)::int AS n FROM api_keys')).rows).toEqual(before.rows);
  });

  it.each([
    [['create', '--role', 'root', '--name', 'x'], 1, /--role must be one of reader, secretariat, admin/],
    [['create', '--role', 'admin'], 1, /--name must be/],
    [
      ['create', '--role', 'secretariat', '--name', 'no scope'],
      1,
      /refused: a secretariat key needs at least one body/,
    ],
    [['create', '--role', 'secretariat', '--name', 'y', '--body', 'No Such Body'], 1, /no body with id or designation/],
    [['create', '--role', 'admin', '--name', 'z', '--expires', 'tomorrow'], 1, /--expires must be a date-time/],
    [['create', '--role', 'admin', '--name', 'z', '--colour', 'red'], 2, /Unknown option '--colour'/],
    [['revoke', 'not-an-id'], 1, /revoke needs the id of a key/],
    [['revoke', '00000000-0000-4000-8000-000000000000'], 1, /no API key with id/],
    [['frobnicate'], 2, /usage: npm run api-key/],
  ])('refuses %j with exit code %i and a message', async (args, code, message) => {
    const result = await apiKey(...args);
    expect(result.stderr).toMatch(message);
    expect(result.status).toBe(code);
    expect(result.stdout).toBe('');
  });
});
