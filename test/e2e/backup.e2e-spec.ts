import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createBody } from '../support/factories.js';
import { createLiaison } from '../support/liaison-factories.js';
import { createEmptyDatabase, dropTestDatabase, startServer } from '../support/server.js';

const root = path.resolve(import.meta.dirname, '../..');

function cli(command: string, file: string, databaseUrl: string): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(root, 'dist/src/database/backup.cli.js'), command, file], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl },
  });
  return { status: result.status, stderr: result.stderr };
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

describe('backup and restore', () => {
  it('round-trips the seed registry plus generated data, table for table', async () => {
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'registry-backup-'));
    const source = await startServer({ seed: true });
    const target = await createEmptyDatabase();
    try {
      for (let i = 0; i < 30; i += 1) await createBody(source, { name: `Generated ${i}` });
      const parent = await createBody(source, { kind: 'organization' });
      await createBody(source, { parentId: parent.id, kind: 'subcommittee' });
      const liaison = await createLiaison(source, { objectives: ['Ünïcödé ✓', 'quote \' and " and \\ backslash'] });
      await source.http
        .post(`/v1/liaisons/${liaison.id}/transitions`)
        .send({ action: 'submitForEligibility' })
        .expect(200);
      await source.http.get('/v1/changes?limit=200').expect(200); // publish the feed
      const file = path.join(scratch, 'registry.backup.gz');
      const dumped = cli('backup', file, source.databaseUrl);
      expect(dumped.stderr).toContain('backup written');
      expect(dumped.status).toBe(0);
      expect((await stat(file)).size).toBeGreaterThan(1000);

      const restored = cli('restore', file, target);
      expect(restored.stderr).toContain('restored');
      expect(restored.status).toBe(0);
      const expected = await fingerprint(source.databaseUrl);
      const actual = await fingerprint(target);
      expect(actual).toEqual(expected);
      expect(Number(expected.bodies!.split(':')[0])).toBeGreaterThan(40);

      // the restored registry serves and keeps working (identity sequences moved on)
      const served = await startServer({ databaseUrl: target });
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

      // and a restore refuses a database that already holds data
      const again = cli('restore', file, target);
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('needs an empty registry');
    } finally {
      await source.dispose();
      await dropTestDatabase(target);
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
