import { spawn, spawnSync } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { createEmptyDatabase, createTestDatabase, dropTestDatabase, startServer } from '../support/server.js';

const root = path.resolve(import.meta.dirname, '../..');

function cli(script: string, args: string[], databaseUrl: string): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(root, 'dist/src', script), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl },
  });
  return { status: result.status, stderr: result.stderr };
}

/** Advisory lock key of src/database/migrate.ts. */
const MIGRATION_LOCK = 7_340_000;

/** Runs `work`, then deletes any migration file it left in migrations/ (a generate that should have written none). */
async function keepingMigrationsFolder<T>(work: () => Promise<T>): Promise<{ result: T; written: string[] }> {
  const folder = path.join(root, 'migrations');
  const before = new Set(await readdir(folder));
  try {
    const result = await work();
    return { result, written: (await readdir(folder)).filter((file) => !before.has(file)) };
  } finally {
    for (const file of await readdir(folder)) {
      if (!before.has(file)) await rm(path.join(folder, file));
    }
  }
}

async function query<T>(databaseUrl: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  it('run once when two instances start at the same time on an empty database', async () => {
    const databaseUrl = await createEmptyDatabase();
    try {
      const [a, b] = await Promise.all([
        startServer({ databaseUrl, seed: true }),
        startServer({ databaseUrl, seed: true }),
      ]);
      try {
        const applied = await query<{ name: string; n: number }>(
          databaseUrl,
          'SELECT name, count(*)::int AS n FROM schema_migrations GROUP BY name ORDER BY name',
        );
        expect(applied.length).toBeGreaterThanOrEqual(3);
        expect(applied.every((row) => row.n === 1)).toBe(true);
        // and the seed was loaded once, not twice
        const bodies = await query<{ n: number }>(databaseUrl, 'SELECT count(*)::int AS n FROM bodies');
        expect(bodies[0]!.n).toBe(14);
        expect((await a.http.get('/health/ready')).status).toBe(200);
        expect((await b.http.get('/health/ready')).status).toBe(200);
      } finally {
        await a.dispose();
        await b.dispose();
      }
    } finally {
      await dropTestDatabase(databaseUrl);
    }
  });

  it('go down and up again on a database holding the seed registry', async () => {
    const databaseUrl = await createEmptyDatabase();
    try {
      expect(cli('seed/seed.cli.js', [], databaseUrl).status).toBe(0);
      const count = async () =>
        (await query<{ n: number }>(databaseUrl, 'SELECT count(*)::int AS n FROM schema_migrations'))[0]!.n;
      const total = await count();
      for (let i = total; i > 0; i -= 1) {
        const revert = cli('database/migrate.cli.js', ['revert'], databaseUrl);
        expect(revert.stderr).toContain('reverted the last migration');
        expect(revert.status).toBe(0);
        expect(await count()).toBe(i - 1);
      }
      const tables = await query<{ table_name: string }>(
        databaseUrl,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'",
      );
      expect(tables).toEqual([]);
      const up = cli('database/migrate.cli.js', ['run'], databaseUrl);
      expect(up.status).toBe(0);
      expect(await count()).toBe(total);
      const seed = cli('seed/seed.cli.js', [], databaseUrl);
      expect(seed.stderr).toContain(
        '14 bodies, 9 contacts, 10 memberships, 3 work items, 5 liaisons, 1 statements inserted',
      );
    } finally {
      await dropTestDatabase(databaseUrl);
    }
  });

  it('backfill the effective dates and open ballots of existing history, and keep history append-only down and up', async () => {
    const databaseUrl = await createEmptyDatabase();
    try {
      expect(cli('database/migrate.cli.js', ['run'], databaseUrl).status).toBe(0);
      // Back to the schema before ProcedureRecord (reverting the later migrations too), with history written the
      // old way.
      const applied = async () =>
        (await query<{ name: string }>(databaseUrl, 'SELECT name FROM schema_migrations ORDER BY id')).map(
          (m) => m.name,
        );
      while ((await applied()).includes('ProcedureRecord1763801100000'))
        expect(cli('database/migrate.cli.js', ['revert'], databaseUrl).status).toBe(0);
      expect((await applied()).at(-1)).toBe('TrigramIndexes1763801000000');
      const [committee, partner] = await query<{ id: string }>(
        databaseUrl,
        `INSERT INTO bodies (designation, name, kind, status) VALUES
           ('MIG SC', 'Committee', 'subcommittee', 'active'), ('MIG TC', 'Partner', 'technical_committee', 'active')
         RETURNING id`,
      );
      const [balloting, active, reopened] = await query<{ id: string }>(
        databaseUrl,
        `INSERT INTO liaisons (committee_id, partner_id, category, status, version) VALUES
           ('${committee!.id}', '${partner!.id}', 'category_a', 'balloting', 4),
           ('${committee!.id}', '${partner!.id}', 'category_b', 'active', 6),
           ('${partner!.id}', '${committee!.id}', 'category_a', 'balloting', 5)
         RETURNING id`,
      );
      await query(
        databaseUrl,
        `INSERT INTO liaison_history (liaison_id, action, from_status, to_status, actor, occurred_at, details) VALUES
           ('${balloting!.id}', 'create', NULL, 'proposed', 'k', '2026-11-20T23:30:00Z', '{}'),
           ('${balloting!.id}', 'openBallot', 'eligibility_review', 'balloting', 'k', '2026-11-21T10:00:00Z',
            '{"ballot": {"reference": "N 1", "openedOn": "2026-02-01"}}'),
           ('${active!.id}', 'recordBallot', 'balloting', 'approved', 'k', '2026-11-21T10:00:00Z',
            '{"ballot": {"closedOn": "2026-03-30", "approve": 5}, "dates": {"approvedOn": "2026-03-30"}}'),
           ('${active!.id}', 'activate', 'approved', 'active', 'k', '2026-11-21T10:00:00Z',
            '{"dates": {"establishedOn": "2026-04-01"}}'),
           ('${reopened!.id}', 'openBallot', 'eligibility_review', 'balloting', 'k', '2026-11-21T10:00:00Z',
            '{"ballot": {"reference": "N 2", "openedOn": "2026-02-01"}}'),
           ('${reopened!.id}', 'recordBallot', 'balloting', 'balloting', 'k', '2026-11-21T11:00:00Z',
            '{"ballot": {"closedOn": "2026-03-01", "approve": 1, "disapprove": 1}}')`,
      );

      expect(cli('database/migrate.cli.js', ['run'], databaseUrl).status).toBe(0);
      const entries = await query<{ liaison_id: string; action: string; effective_on: string }>(
        databaseUrl,
        'SELECT liaison_id, action, effective_on::text FROM liaison_history ORDER BY sequence',
      );
      expect(entries.map((e) => [e.action, e.effective_on])).toEqual([
        ['create', '2026-11-20'],
        ['openBallot', '2026-02-01'],
        ['recordBallot', '2026-03-30'],
        ['activate', '2026-04-01'],
        ['openBallot', '2026-02-01'],
        ['recordBallot', '2026-03-01'],
      ]);
      const liaisons = await query<{ id: string; ballot_open: boolean; version: number }>(
        databaseUrl,
        'SELECT id, ballot_open, version FROM liaisons',
      );
      const byId = new Map(liaisons.map((l) => [l.id, { ballotOpen: l.ballot_open, version: l.version }]));
      // Open ballot kept; active and the failed ballot awaiting a new one change their allowed actions: new version.
      expect(byId.get(balloting!.id)).toEqual({ ballotOpen: true, version: 4 });
      expect(byId.get(active!.id)).toEqual({ ballotOpen: false, version: 7 });
      expect(byId.get(reopened!.id)).toEqual({ ballotOpen: false, version: 6 });
      await expect(query(databaseUrl, 'UPDATE liaison_history SET actor = $$x$$')).rejects.toThrow(/append-only/);

      // Entries outlive their liaison now; going down drops those the restored foreign key cannot hold.
      await query(databaseUrl, `DELETE FROM liaisons WHERE id = '${reopened!.id}'`);
      expect((await query(databaseUrl, 'SELECT 1 FROM liaison_history')).length).toBe(6);
      while ((await applied()).includes('ProcedureRecord1763801100000'))
        expect(cli('database/migrate.cli.js', ['revert'], databaseUrl).status).toBe(0);
      expect((await query(databaseUrl, 'SELECT 1 FROM liaison_history')).length).toBe(4);
      expect(cli('database/migrate.cli.js', ['run'], databaseUrl).status).toBe(0);
      await expect(query(databaseUrl, 'DELETE FROM liaison_history')).rejects.toThrow(/append-only/);
    } finally {
      await dropTestDatabase(databaseUrl);
    }
  });

  it('migration:generate has nothing to generate on a migrated database: entities and migrations agree', async () => {
    const databaseUrl = await createTestDatabase();
    try {
      const { result, written } = await keepingMigrationsFolder(async () =>
        cli('database/migrate.cli.js', ['generate', 'NothingToGenerate'], databaseUrl),
      );
      expect(result.stderr).toContain('no changes: the entities match the migrated schema, nothing to generate');
      expect(result.status).toBe(0);
      expect(written).toEqual([]);
      const check = cli('database/migrate.cli.js', ['generate', '--check'], databaseUrl);
      expect(check.stderr).toContain('no changes');
      expect(check.status).toBe(0);
      // it used no TypeORM bookkeeping table of its own
      const leftovers = await query<{ n: number }>(
        databaseUrl,
        "SELECT count(*)::int AS n FROM pg_class WHERE relname = 'typeorm_metadata'",
      );
      expect(leftovers[0]!.n).toBe(0);
    } finally {
      await dropTestDatabase(databaseUrl);
    }
  });

  it('migration:generate --check lists what differs, exits 2 and writes nothing', async () => {
    const databaseUrl = await createTestDatabase();
    try {
      await query(
        databaseUrl,
        `ALTER TABLE bodies DROP COLUMN website;
         DROP INDEX bodies_name_sort_idx;
         ALTER TABLE statements ALTER COLUMN document_references DROP DEFAULT`,
      );
      const { result, written } = await keepingMigrationsFolder(async () =>
        cli('database/migrate.cli.js', ['generate', '--check'], databaseUrl),
      );
      expect(result.status).toBe(2);
      expect(written).toEqual([]);
      expect(result.stderr).toContain('the entities differ from the migrated schema');
      expect(result.stderr).toContain('ALTER TABLE "bodies" ADD "website" text');
      expect(result.stderr).toContain('CREATE INDEX "bodies_name_sort_idx" ON "bodies"');
      expect(result.stderr).toContain(`ALTER TABLE "statements" ALTER COLUMN "document_references" SET DEFAULT '[]'`);
      // objects the entities do not model (search columns, trigram indexes, checks) are not proposed for removal
      expect(result.stderr).not.toMatch(/DROP (COLUMN|INDEX|CONSTRAINT)/);
    } finally {
      await dropTestDatabase(databaseUrl);
    }
  });

  it('migration:revert waits for the migration lock held by a migrating instance', async () => {
    const databaseUrl = await createTestDatabase();
    const holder = new pg.Client({ connectionString: databaseUrl });
    await holder.connect();
    try {
      const count = async () =>
        (await query<{ n: number }>(databaseUrl, 'SELECT count(*)::int AS n FROM schema_migrations'))[0]!.n;
      const total = await count();
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      let stderr = '';
      const revert = spawn(process.execPath, [path.join(root, 'dist/src/database/migrate.cli.js'), 'revert'], {
        cwd: root,
        env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl },
      });
      revert.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => revert.once('exit', resolve));
      // Waiting on the lock: still running, nothing reverted.
      const waiting = async () =>
        (
          await query<{ n: number }>(
            databaseUrl,
            `SELECT count(*)::int AS n FROM pg_locks
              WHERE locktype = 'advisory' AND NOT granted AND objid = ${MIGRATION_LOCK}`,
          )
        )[0]!.n;
      const deadline = Date.now() + 15_000;
      while ((await waiting()) === 0 && revert.exitCode === null && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(revert.exitCode).toBeNull();
      expect(await waiting()).toBe(1);
      expect(await count()).toBe(total);

      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      expect(await exited).toBe(0);
      expect(stderr).toMatch(/reverted the last migration: \w+/);
      expect(await count()).toBe(total - 1);
    } finally {
      await holder.end();
      await dropTestDatabase(databaseUrl);
    }
  });
});
