/**
 * `npm run backup` / `npm run restore` in both formats: the built-in one, and pg_dump custom-format archives. The
 * pg_dump round trip runs on the test server when the pg_dump on the PATH can dump it; when it is older than the
 * server, the suite checks the announced fallback and refusals there, and round-trips the pg_dump format on a server
 * of pg_dump's own version from the system installation, when there is one. What it could not run, it says.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createBody } from '../support/factories.js';
import { createLiaison, type LiaisonRecord } from '../support/liaison-factories.js';
import { createEmptyDatabase, dropTestDatabase, startServer, type TestServer } from '../support/server.js';
import { startSystemPostgres, toolMajor } from '../support/system-postgres.js';

const root = path.resolve(import.meta.dirname, '../..');
const SLOW = 180_000;

interface Run {
  status: number | null;
  stderr: string;
}

function cli(args: string[], databaseUrl: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'dist/src/database/backup.cli.js'), ...args], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('close', (status) => resolve({ status, stderr }));
  });
}

/** Tells the person reading the test output what this run could not check, and why. */
function note(message: string): void {
  process.stderr.write(`\n[backup.e2e] ${message}\n`);
}

async function head(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(5);
    await handle.read(buffer, 0, 5, 0);
    return buffer.toString('latin1');
  } finally {
    await handle.close();
  }
}

async function serverMajor(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ server_version_num: string }>('SHOW server_version_num');
    return Math.floor(Number(result.rows[0]!.server_version_num) / 10_000);
  } finally {
    await client.end();
  }
}

/** A fingerprint of every table: row count and an order-independent digest of the rows. */
async function fingerprint(databaseUrl: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    );
    const result: Record<string, string> = {};
    for (const { table_name: table } of tables.rows) {
      const digest = await client.query<{ n: number; digest: string | null }>(
        `SELECT count(*)::int AS n, md5(string_agg(row_to_json(t)::text, '|' ORDER BY row_to_json(t)::text)) AS digest
           FROM "${table}" t`,
      );
      result[table] = `${digest.rows[0]!.n}:${digest.rows[0]!.digest ?? '-'}`;
    }
    return result;
  } finally {
    await client.end();
  }
}

/** Generated data on top of the seed: bodies, a hierarchy, a liaison with history, a published change feed. */
async function populate(source: TestServer): Promise<LiaisonRecord> {
  for (let i = 0; i < 30; i += 1) await createBody(source, { name: `Generated ${i}` });
  const parent = await createBody(source, { kind: 'organization' });
  await createBody(source, { parentId: parent.id, kind: 'subcommittee' });
  const liaison = await createLiaison(source, { objectives: ['Ünïcödé ✓', 'quote \' and " and \\ backslash'] });
  await source.http.post(`/v1/liaisons/${liaison.id}/transitions`).send({ action: 'submitForEligibility' }).expect(200);
  // Publish the whole feed before the backup: publication waits for every open transaction of the PostgreSQL
  // cluster (other suites' included), so one poll may leave events for a later one, which would then change the
  // source after it was backed up.
  const deadline = Date.now() + 30_000;
  for (;;) {
    await source.http.get('/v1/changes?limit=200').expect(200);
    const pending = await source.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM changes WHERE position IS NULL',
    );
    if (pending.rows[0]!.n === 0) break;
    if (Date.now() > deadline) throw new Error(`${pending.rows[0]!.n} change events still unpublished after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return liaison;
}

/** The restored registry serves, and keeps working (identity sequences moved on). */
async function expectServes(databaseUrl: string, liaison: LiaisonRecord): Promise<void> {
  const served = await startServer({ databaseUrl });
  try {
    const read = await served.http.get(`/v1/liaisons/${liaison.id}/history`);
    expect(read.body.items.map((e: { action: string }) => e.action)).toEqual(['create', 'submitForEligibility']);
    await served.http
      .post(`/v1/liaisons/${liaison.id}/transitions`)
      .send({ action: 'reject', reason: 'x' })
      .expect(200);
  } finally {
    await served.dispose();
  }
}

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'registry-backup-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it(
    'round-trips the seed registry plus generated data in the built-in format, table for table',
    async () => {
      const source = await startServer({ seed: true });
      const target = await createEmptyDatabase();
      try {
        const liaison = await populate(source);
        const file = path.join(scratch, 'registry.backup.gz');
        const dumped = await cli(['backup', file, '--format=builtin'], source.databaseUrl);
        expect(dumped.stderr).toContain('asked for with --format=builtin; writing the built-in format');
        expect(dumped.stderr).toContain(`backup written to ${file} (built-in format)`);
        expect(dumped.status).toBe(0);
        expect((await stat(file)).size).toBeGreaterThan(1000);
        expect((await stat(file)).mode & 0o777).toBe(0o600);
        expect((await head(file)).slice(0, 2)).toBe('\x1f\x8b');

        const restored = await cli(['restore', file], target);
        expect(restored.stderr).toContain(`restored ${file} (built-in format)`);
        expect(restored.status).toBe(0);
        const expected = await fingerprint(source.databaseUrl);
        expect(await fingerprint(target)).toEqual(expected);
        expect(Number(expected.bodies!.split(':')[0])).toBeGreaterThan(40);

        await expectServes(target, liaison);

        // and a restore refuses a database that already holds data
        const again = await cli(['restore', file], target);
        expect(again.status).toBe(1);
        expect(again.stderr).toContain('needs an empty registry');
      } finally {
        await source.dispose();
        await dropTestDatabase(target);
      }
    },
    SLOW,
  );

  it(
    'writes a pg_dump archive when pg_dump can dump the server, and otherwise falls back saying why',
    async () => {
      const source = await startServer({ seed: true });
      const target = await createEmptyDatabase();
      try {
        const liaison = await populate(source);
        const server = await serverMajor(source.databaseUrl);
        const dumpMajor = toolMajor('pg_dump');
        const file = path.join(scratch, 'registry.dump');
        const dumped = await cli(['backup', file], source.databaseUrl);
        expect(dumped.status).toBe(0);

        if (dumpMajor !== undefined && dumpMajor >= server) {
          expect(dumped.stderr).toContain(`backup written to ${file} (pg_dump custom format, `);
          expect(await head(file)).toBe('PGDMP');
          expect((await stat(file)).mode & 0o777).toBe(0o600);
          const restored = await cli(['restore', file], target);
          expect(restored.stderr).toContain(`restored ${file} (pg_dump custom format)`);
          expect(restored.status).toBe(0);
          expect(await fingerprint(target)).toEqual(await fingerprint(source.databaseUrl));
          await expectServes(target, liaison);
          const again = await cli(['restore', file], target);
          expect(again.status).toBe(1);
          expect(again.stderr).toContain('restore needs an empty database');
          return;
        }

        note(
          dumpMajor === undefined
            ? `no pg_dump on the PATH: checked the fallback to the built-in format on the PostgreSQL ${server} test server`
            : `pg_dump ${dumpMajor} is older than the PostgreSQL ${server} test server: checked the fallback and ` +
                'the refusals there; the pg_dump round trip runs in the next test, on a server pg_dump can dump, if any',
        );
        const reason =
          dumpMajor === undefined
            ? 'no pg_dump on the PATH'
            : `pg_dump ${dumpMajor} cannot dump a PostgreSQL ${server} server`;
        expect(dumped.stderr).toContain(`${reason}; writing the built-in format`);
        expect(dumped.stderr).toContain(`backup written to ${file} (built-in format)`);
        expect((await head(file)).slice(0, 2)).toBe('\x1f\x8b');
        const restored = await cli(['restore', file], target);
        expect(restored.status).toBe(0);
        expect(await fingerprint(target)).toEqual(await fingerprint(source.databaseUrl));

        // Forced, it refuses instead, and leaves no file behind.
        const forcedFile = path.join(scratch, 'forced.dump');
        const forced = await cli(['backup', forcedFile, '--format=pg_dump'], source.databaseUrl);
        expect(forced.status).toBe(1);
        expect(forced.stderr).toContain(`cannot write a pg_dump backup: ${reason}`);
        expect(existsSync(forcedFile)).toBe(false);
        expect(existsSync(`${forcedFile}.partial`)).toBe(false);

        // A pg_dump archive is recognised, and refused before anything is written when pg_restore is too old.
        const restoreMajor = toolMajor('pg_restore');
        const archive = path.join(scratch, 'fake.dump');
        await writeFile(archive, 'PGDMP\x01\x0e\x00 not really an archive');
        const empty = await createEmptyDatabase();
        try {
          const refused = await cli(['restore', archive], empty);
          expect(refused.status).toBe(1);
          expect(refused.stderr).toContain(
            restoreMajor === undefined
              ? 'no pg_restore on the PATH'
              : `it is a pg_dump archive, and pg_restore ${restoreMajor} cannot restore into a PostgreSQL ${server} server`,
          );
          expect(await fingerprint(empty)).toEqual({});
        } finally {
          await dropTestDatabase(empty);
        }
      } finally {
        await source.dispose();
        await dropTestDatabase(target);
      }
    },
    SLOW,
  );

  it(
    'round-trips the pg_dump format on a server of the version of the pg_dump on the PATH',
    async () => {
      const dumpMajor = toolMajor('pg_dump');
      if (dumpMajor === undefined) {
        note('no pg_dump on the PATH: the pg_dump format was not round-tripped on this machine');
        return;
      }
      if (dumpMajor >= (await serverMajor(process.env.TEST_PG_ADMIN_URL!))) {
        note('the pg_dump round trip ran on the test server (previous test)');
        return;
      }
      const system = await startSystemPostgres(dumpMajor);
      if (typeof system === 'string') {
        note(`the pg_dump format was not round-tripped on this machine: ${system}`);
        return;
      }
      try {
        const sourceUrl = await system.urlFor('registry_source');
        const targetUrl = await system.urlFor('registry_target');
        const source = await startServer({ databaseUrl: sourceUrl, seed: true });
        let liaison: LiaisonRecord;
        try {
          liaison = await populate(source);
        } finally {
          await source.dispose();
        }
        const file = path.join(scratch, `registry-pg${dumpMajor}.dump`);
        const dumped = await cli(['backup', file], sourceUrl);
        expect(dumped.stderr).toContain(`with pg_dump (PostgreSQL) ${dumpMajor}.`);
        expect(dumped.stderr).toContain(`backup written to ${file} (pg_dump custom format, `);
        expect(dumped.status).toBe(0);
        expect(await head(file)).toBe('PGDMP');
        expect((await stat(file)).mode & 0o777).toBe(0o600);

        const restored = await cli(['restore', file], targetUrl);
        expect(restored.stderr).toContain(`restored ${file} (pg_dump custom format)`);
        expect(restored.status).toBe(0);
        const expected = await fingerprint(sourceUrl);
        expect(await fingerprint(targetUrl)).toEqual(expected);
        expect(Number(expected.bodies!.split(':')[0])).toBeGreaterThan(40);
        await expectServes(targetUrl, liaison);

        const again = await cli(['restore', file], targetUrl);
        expect(again.status).toBe(1);
        expect(again.stderr).toContain('restore needs an empty database');
      } finally {
        await system.stop();
      }
    },
    SLOW,
  );
});
