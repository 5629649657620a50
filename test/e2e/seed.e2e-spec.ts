import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { BodyRecord } from '../support/factories.js';
import { createTestDatabase, dropTestDatabase, startServer } from '../support/server.js';

const root = path.resolve(import.meta.dirname, '../..');

function runSeedCli(databaseUrl: string): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(root, 'dist/src/seed/seed.cli.js')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl },
  });
  return { status: result.status, stderr: result.stderr };
}

async function allBodies(http: Awaited<ReturnType<typeof startServer>>['http']): Promise<BodyRecord[]> {
  const response = await http.get('/v1/bodies?limit=200');
  expect(response.status).toBe(200);
  return response.body.items as BodyRecord[];
}

describe('seed registry', () => {
  it('is loaded at start-up into an empty database, with the body tree of the source documents', async () => {
    const server = await startServer({ seed: true });
    try {
      const bodies = await allBodies(server.http);
      const byDesignation = new Map(bodies.map((b) => [b.designation, b]));
      const parentOf = (designation: string) => {
        const parentId = byDesignation.get(designation)?.parentId;
        return bodies.find((b) => b.id === parentId)?.designation ?? null;
      };
      expect([...byDesignation.keys()].sort()).toEqual(
        [
          'ISO',
          'IEC',
          'ISO/IEC JTC 1',
          'ISO/IEC JTC 1/SC 7',
          'ISO/IEC JTC 1/SC 7/WG 26',
          'ISO/IEC JTC 1/SC 42',
          'ETSI',
          'ETSI TC MTS',
          'ITU-T',
          'ITU-T TSAG',
          'ITU-T SG13',
          'ITU-T SG17',
          'ITU-T SG20',
          'Joint-CG-Trust',
        ].sort(),
      );
      expect(parentOf('ISO/IEC JTC 1')).toBe('ISO');
      expect(parentOf('ISO/IEC JTC 1/SC 7')).toBe('ISO/IEC JTC 1');
      expect(parentOf('ISO/IEC JTC 1/SC 7/WG 26')).toBe('ISO/IEC JTC 1/SC 7');
      expect(parentOf('ISO/IEC JTC 1/SC 42')).toBe('ISO/IEC JTC 1');
      expect(parentOf('ETSI TC MTS')).toBe('ETSI');
      expect(parentOf('ITU-T SG17')).toBe('ITU-T');
      expect(parentOf('Joint-CG-Trust')).toBe('ITU-T TSAG');
      expect(parentOf('ISO')).toBeNull();
      expect(byDesignation.get('ISO/IEC JTC 1/SC 42')).toMatchObject({
        name: 'Artificial intelligence',
        kind: 'subcommittee',
      });
      expect(byDesignation.get('ISO/IEC JTC 1/SC 7/WG 26')).toMatchObject({ kind: 'working_group' });
      expect(byDesignation.get('ETSI TC MTS')).toMatchObject({ kind: 'technical_committee' });
      expect(byDesignation.get('ITU-T TSAG')).toMatchObject({ kind: 'advisory_group' });
      expect(byDesignation.get('ITU-T SG20')).toMatchObject({ kind: 'study_group' });
      expect(byDesignation.get('Joint-CG-Trust')).toMatchObject({
        name: 'Joint Correspondence Group on Trust',
        kind: 'correspondence_group',
        status: 'proposed',
        mailingList: 't25jcg trust@lists.itu.int',
      });
    } finally {
      await server.dispose();
    }
  });

  it('is not loaded with SEED=false', async () => {
    const server = await startServer({ seed: false });
    try {
      expect(await allBodies(server.http)).toEqual([]);
    } finally {
      await server.dispose();
    }
  });

  it('is loaded again by `npm run seed` without duplicating anything, restoring only what is missing', async () => {
    const databaseUrl = await createTestDatabase();
    try {
      const first = runSeedCli(databaseUrl);
      expect(first.status).toBe(0);
      expect(first.stderr).toContain(
        '14 bodies, 9 contacts, 10 memberships, 3 work items, 5 liaisons, 1 statements inserted',
      );
      const second = runSeedCli(databaseUrl);
      expect(second.status).toBe(0);
      expect(second.stderr).toContain(
        '0 bodies, 0 contacts, 0 memberships, 0 work items, 0 liaisons, 0 statements inserted',
      );

      const server = await startServer({ databaseUrl, seed: true });
      try {
        const bodies = await allBodies(server.http);
        expect(bodies).toHaveLength(14);
        // a secretariat deletes an unreferenced leaf and renames another body; seeding again restores the leaf only
        const iec = bodies.find((b) => b.designation === 'IEC')!;
        const sc42 = bodies.find((b) => b.designation === 'ISO/IEC JTC 1/SC 42')!;
        expect((await server.http.delete(`/v1/bodies/${iec.id}`)).status).toBe(204);
        expect((await server.http.patch(`/v1/bodies/${sc42.id}`).send({ name: 'AI (renamed)' })).status).toBe(200);
        const third = runSeedCli(databaseUrl);
        expect(third.stderr).toContain(
          '1 bodies, 0 contacts, 0 memberships, 0 work items, 0 liaisons, 0 statements inserted',
        );
        const after = await allBodies(server.http);
        expect(after).toHaveLength(14);
        expect(after.find((b) => b.designation === 'ISO/IEC JTC 1/SC 42')!.name).toBe('AI (renamed)');
      } finally {
        await server.dispose();
      }
    } finally {
      await dropTestDatabase(databaseUrl);
    }
  });

  it('is not loaded at start-up when the database already holds bodies', async () => {
    const server = await startServer({ seed: false });
    const databaseUrl = server.databaseUrl;
    const created = await server.http
      .post('/v1/bodies')
      .send({ designation: 'Only me', name: 'Lonely', kind: 'other' });
    expect(created.status).toBe(201);
    await server.stop();
    await server.db.end();
    const again = await startServer({ databaseUrl, seed: true });
    try {
      const bodies = await allBodies(again.http);
      expect(bodies.map((b) => b.designation)).toEqual(['Only me']);
    } finally {
      await again.dispose();
      await dropTestDatabase(databaseUrl);
    }
  });
});
