import { spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { createEmptyDatabase, dropTestDatabase, startServer } from '../support/server.js';

const root = path.resolve(import.meta.dirname, '../..');

function cli(script: string, args: string[], databaseUrl: string): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(root, 'dist/src', script), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl },
  });
  return { status: result.status, stderr: result.stderr };
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
});
