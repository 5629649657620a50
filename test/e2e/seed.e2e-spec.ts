import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expectProblem, type BodyRecord } from '../support/factories.js';
import type { LiaisonRecord } from '../support/liaison-factories.js';
import type { ContactRecord } from '../support/registry-factories.js';
import { createTestDatabase, dropTestDatabase, startServer, type TestServer } from '../support/server.js';
import type { StatementRecord } from '../support/statement-factories.js';

const root = path.resolve(import.meta.dirname, '../..');

function runSeedCli(databaseUrl: string): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(root, 'dist/src/seed/seed.cli.js')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl },
  });
  return { status: result.status, stderr: result.stderr };
}

const NOTHING_INSERTED = '0 bodies, 0 contacts, 0 memberships, 0 work items, 0 liaisons, 0 statements inserted';

async function items<T>(server: TestServer, path: string): Promise<T[]> {
  const response = await server.http.get(path);
  expect(response.status).toBe(200);
  expect(response.body.nextCursor).toBeNull();
  return response.body.items as T[];
}

interface HistoryEntry {
  action: string;
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  actor: string;
  occurredAt: string;
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

  it('is loaded again without recreating seeded records that users have moved on since', async () => {
    const databaseUrl = await createTestDatabase();
    try {
      expect(runSeedCli(databaseUrl).status).toBe(0);
      const server = await startServer({ databaseUrl, seed: true });
      try {
        const liaisons = await items<LiaisonRecord>(server, '/v1/liaisons?limit=200');
        expect(liaisons).toHaveLength(5);
        const rejected = liaisons.filter(
          (l) =>
            l.committee.designation === 'ISO/IEC JTC 1/SC 42' ||
            `${l.committee.designation} - ${l.partner.designation}` === 'ITU-T SG13 - ITU-T SG17',
        );
        expect(rejected).toHaveLength(2);
        for (const liaison of rejected) {
          const response = await server.http
            .post(`/v1/liaisons/${liaison.id}/transitions`)
            .send({ action: 'reject', reason: 'Not pursued.' });
          expect(response.status).toBe(200);
          expect(response.body.liaison.status).toBe('rejected');
        }
        // the statement gets its LS number, a body and a person their new designation and address
        const [statement] = await items<StatementRecord>(server, '/v1/statements');
        const renamed = await server.http.patch(`/v1/statements/${statement!.id}`).send({ reference: 'SG17-LS 7' });
        expect(renamed.status).toBe(200);
        const wg26 = (await allBodies(server.http)).find((b) => b.designation === 'ISO/IEC JTC 1/SC 7/WG 26')!;
        const moved = await server.http
          .patch(`/v1/bodies/${wg26.id}`)
          .send({ designation: 'ISO/IEC JTC 1/SC 7/WG 26 (test)' });
        expect(moved.status).toBe(200);
        const [dryden] = await items<ContactRecord>(server, '/v1/contacts?q=Dryden');
        const readdressed = await server.http
          .patch(`/v1/contacts/${dryden!.id}`)
          .send({ email: 'andrew.dryden@example.org' });
        expect(readdressed.status).toBe(200);

        const again = runSeedCli(databaseUrl);
        expect(again.status).toBe(0);
        expect(again.stderr).toContain(NOTHING_INSERTED);

        const after = await items<LiaisonRecord>(server, '/v1/liaisons?limit=200');
        expect(after.map((l) => l.id).sort()).toEqual(liaisons.map((l) => l.id).sort());
        expect(
          after
            .filter((l) => l.status === 'rejected')
            .map((l) => l.id)
            .sort(),
        ).toEqual(rejected.map((l) => l.id).sort());
        expect(after.filter((l) => l.status === 'proposed')).toHaveLength(3);
        expect((await items<StatementRecord>(server, '/v1/statements')).map((s) => s.reference)).toEqual(['SG17-LS 7']);
        const bodies = await allBodies(server.http);
        expect(bodies).toHaveLength(14);
        expect(bodies.filter((b) => b.designation.startsWith('ISO/IEC JTC 1/SC 7/WG 26'))).toHaveLength(1);
        const contacts = await items<ContactRecord>(server, '/v1/contacts?limit=200');
        expect(contacts).toHaveLength(9);
        expect(contacts.map((c) => c.email)).not.toContain('dryden@iso.org');
        // the rejection is the last word of the history; the seed wrote nothing after it
        for (const liaison of rejected) {
          const history = await items<HistoryEntry>(server, `/v1/liaisons/${liaison.id}/history`);
          expect(history.map((e) => [e.action, e.actor.startsWith('key:') ? 'a key' : e.actor])).toEqual([
            ['create', 'seed'],
            ['reject', 'a key'],
          ]);
        }
      } finally {
        await server.dispose();
      }
    } finally {
      await dropTestDatabase(databaseUrl);
    }
  });

  it('gives a seeded liaison that has no history (seeded by an older loader) its creation entry', async () => {
    const databaseUrl = await createTestDatabase();
    try {
      expect(runSeedCli(databaseUrl).status).toBe(0);
      const server = await startServer({ databaseUrl, seed: true });
      try {
        // as the loader left a registry before it wrote liaison history
        await server.db.query('ALTER TABLE liaison_history DISABLE TRIGGER liaison_history_append_only');
        await server.db.query('DELETE FROM liaison_history');
        await server.db.query('ALTER TABLE liaison_history ENABLE TRIGGER liaison_history_append_only');
        const liaisons = await items<LiaisonRecord>(server, '/v1/liaisons?limit=200');
        for (const liaison of liaisons) {
          expect(await items<HistoryEntry>(server, `/v1/liaisons/${liaison.id}/history`)).toEqual([]);
        }
        const again = runSeedCli(databaseUrl);
        expect(again.stderr).toContain(NOTHING_INSERTED);
        for (const liaison of liaisons) {
          const history = await items<HistoryEntry>(server, `/v1/liaisons/${liaison.id}/history`);
          expect(history).toEqual([
            expect.objectContaining({
              action: 'create',
              fromStatus: null,
              toStatus: 'proposed',
              actor: 'seed',
              occurredAt: liaison.createdAt,
              reason: expect.stringMatching(/^Seed registry, from shared\/seeds\/00[03]_[0-9a-f]{16}\.txt, /),
            }),
          ]);
        }
        // and a third run adds nothing more
        runSeedCli(databaseUrl);
        for (const liaison of liaisons) {
          expect(await items<HistoryEntry>(server, `/v1/liaisons/${liaison.id}/history`)).toHaveLength(1);
        }
      } finally {
        await server.dispose();
      }
    } finally {
      await dropTestDatabase(databaseUrl);
    }
  });

  it('keeps the seeded statement for action without a deadline editable, and the rule for edits of purpose or deadline', async () => {
    const server = await startServer({ seed: true });
    try {
      const [statement] = await items<StatementRecord>(server, '/v1/statements');
      expect(statement).toMatchObject({ purpose: 'action', deadline: null, overdue: false });
      // recording that TSAG acted needs no invented deadline
      const taken = await server.http
        .patch(`/v1/statements/${statement!.id}`)
        .send({ actionTaken: { taken: true, on: '2025-07-01', note: 'Established by TSAG.' } });
      expect(taken.status).toBe(200);
      expect(taken.body).toMatchObject({ deadline: null, overdue: false, actionTaken: { taken: true } });
      // a change of purpose is held to the rule
      const comment = await server.http.patch(`/v1/statements/${statement!.id}`).send({ purpose: 'comment' });
      expectProblem(comment, 422);
      expect(comment.body.errors).toEqual([
        { field: 'deadline', message: 'a statement for comment must have a deadline' },
      ]);
      const dated = await server.http.patch(`/v1/statements/${statement!.id}`).send({ deadline: '2025-09-22' });
      expect(dated.status).toBe(200);
      expect(dated.body.deadline).toBe('2025-09-22');
      // once it has one, it cannot lose it
      const undated = await server.http.patch(`/v1/statements/${statement!.id}`).send({ deadline: null });
      expectProblem(undated, 422);
      // and a new statement for action still needs one
      const created = await server.http.post('/v1/statements').send({
        reference: 'SG17-LS 8',
        title: 'Another',
        fromBodyId: statement!.fromBodyId,
        toBodyIds: statement!.toBodyIds,
        purpose: 'action',
      });
      expectProblem(created, 422);
    } finally {
      await server.dispose();
    }
  });
});
