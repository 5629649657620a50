import { actorOfKey, createApiKey, uniqueKeyName } from '../support/auth.js';
import { createBody, expectProblem, type BodyRecord } from '../support/factories.js';
import {
  collectPages,
  createWorkItem,
  insertLiaison,
  linkWorkItem,
  UNKNOWN_ID,
  type HistoryRecord,
  type WorkItemRecord,
} from '../support/registry-factories.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;
let body: BodyRecord;
let items: WorkItemRecord[];
let liaisonId: string;

// The three ETSI TC MTS items of the Category A proposal, plus a few more to page through.
const SEEDED = [
  {
    reference: 'DTR/MTS 103910',
    title: 'AI Testing Test Methodology and Test Specification',
    deliverableType: 'etsi_tr',
    stage: 'early_draft',
  },
  {
    reference: 'DTS/MTS 104008',
    title: 'Continuous Auditing Based Conformity Assessment',
    deliverableType: 'etsi_ts',
    stage: 'early_draft',
  },
  {
    reference: 'DTR/MTS-20187318',
    title: 'Towards a Harmonised Documentation Scheme for Trustworthy AI',
    deliverableType: 'etsi_tr',
    stage: 'preliminary',
    statusText: 'Work started 03/2024',
  },
  {
    reference: 'DEG/MTS 203119',
    title: 'Test description language',
    deliverableType: 'etsi_eg',
    stage: 'published',
    publishedOn: '2023-08-01',
  },
  { reference: 'DES/MTS 203022', title: '100% coverage_of things', deliverableType: 'etsi_es', stage: 'approval' },
  {
    reference: 'DTR/MTS 103555',
    title: 'Model-based testing in practice',
    deliverableType: 'etsi_tr',
    stage: 'stopped',
  },
  { reference: 'DSR/MTS 002001', title: 'Special report on testing', deliverableType: 'etsi_sr', stage: 'withdrawn' },
];

beforeAll(async () => {
  server = await startServer();
  body = await createBody(server, { designation: 'ETSI TC MTS', name: 'Methods for Testing and Specification' });
  items = [];
  for (const input of SEEDED) items.push(await createWorkItem(server, { ...input, bodyId: body.id }));
  // Noise in another body that every bodyId-filtered query must leave out.
  await createWorkItem(server, { reference: 'DTR/MTS 103910', title: 'AI Testing elsewhere' });
  liaisonId = await insertLiaison(server);
  await linkWorkItem(server, liaisonId, items[0]!.id);
  await linkWorkItem(server, liaisonId, items[2]!.id);
});

afterAll(async () => {
  await server?.dispose();
});

function references(list: WorkItemRecord[]): string[] {
  return list.map((w) => w.reference);
}

describe('GET /v1/work-items', () => {
  it('walks every page with the Link header, sorted by reference, without gaps or repeats', async () => {
    const { items: all, pages } = await collectPages<WorkItemRecord>(
      server,
      `/v1/work-items?bodyId=${body.id}&limit=3`,
    );
    expect(pages).toBe(3);
    expect(references(all)).toEqual(SEEDED.map((s) => s.reference).sort());
    expect(all.every((w) => w.body.designation === 'ETSI TC MTS')).toBe(true);
  });

  it('sorts by reference descending across pages', async () => {
    const { items: all } = await collectPages<WorkItemRecord>(
      server,
      `/v1/work-items?bodyId=${body.id}&limit=2&sort=-reference`,
    );
    expect(references(all)).toEqual(
      SEEDED.map((s) => s.reference)
        .sort()
        .reverse(),
    );
  });

  it('sorts by creation time both ways across pages', async () => {
    const asc = await collectPages<WorkItemRecord>(server, `/v1/work-items?bodyId=${body.id}&limit=2&sort=createdAt`);
    expect(asc.items.map((w) => w.id)).toEqual(items.map((w) => w.id));
    const desc = await collectPages<WorkItemRecord>(server, `/v1/work-items?bodyId=${body.id}&limit=2&sort=-createdAt`);
    expect(desc.items.map((w) => w.id)).toEqual(items.map((w) => w.id).reverse());
  });

  it('sorts by update time both ways across pages', async () => {
    const touched = items[3]!;
    const patched = await server.http
      .patch(`/v1/work-items/${touched.id}`)
      .send({ title: 'Test Description Language' });
    expect(patched.status).toBe(200);
    const asc = await collectPages<WorkItemRecord>(server, `/v1/work-items?bodyId=${body.id}&limit=3&sort=updatedAt`);
    expect(asc.items).toHaveLength(items.length);
    expect(asc.items[asc.items.length - 1]!.id).toBe(touched.id);
    const stamps = asc.items.map((w) => Date.parse(w.updatedAt));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    const desc = await collectPages<WorkItemRecord>(server, `/v1/work-items?bodyId=${body.id}&limit=3&sort=-updatedAt`);
    expect(desc.items.map((w) => w.id)).toEqual(asc.items.map((w) => w.id).reverse());
  });

  it('filters by stage and deliverable type', async () => {
    const early = await server.http.get(`/v1/work-items?bodyId=${body.id}&stage=early_draft`);
    expect(references(early.body.items)).toEqual(['DTR/MTS 103910', 'DTS/MTS 104008']);
    const reports = await server.http.get(`/v1/work-items?bodyId=${body.id}&deliverableType=etsi_tr`);
    expect(references(reports.body.items)).toEqual(['DTR/MTS 103555', 'DTR/MTS 103910', 'DTR/MTS-20187318']);
    const both = await server.http.get(`/v1/work-items?bodyId=${body.id}&deliverableType=etsi_tr&stage=early_draft`);
    expect(references(both.body.items)).toEqual(['DTR/MTS 103910']);
  });

  it('filters by body', async () => {
    const all = await server.http.get('/v1/work-items?q=ai%20testing&limit=200');
    expect(all.body.items).toHaveLength(2);
    const mine = await server.http.get(`/v1/work-items?q=ai%20testing&bodyId=${body.id}`);
    expect(mine.body.items.map((w: WorkItemRecord) => w.id)).toEqual([items[0]!.id]);
    const none = await server.http.get(`/v1/work-items?bodyId=${UNKNOWN_ID}`);
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ items: [], nextCursor: null });
  });

  it('filters by liaison and embeds the liaison ids of every item on the page', async () => {
    const linked = await server.http.get(`/v1/work-items?liaisonId=${liaisonId}`);
    expect(linked.status).toBe(200);
    expect(references(linked.body.items)).toEqual(['DTR/MTS 103910', 'DTR/MTS-20187318']);
    expect(linked.body.items.map((w: WorkItemRecord) => w.liaisonIds)).toEqual([[liaisonId], [liaisonId]]);
    const page = await server.http.get(`/v1/work-items?bodyId=${body.id}&limit=200`);
    const byId = new Map((page.body.items as WorkItemRecord[]).map((w) => [w.id, w.liaisonIds]));
    expect(byId.get(items[0]!.id)).toEqual([liaisonId]);
    expect(byId.get(items[1]!.id)).toEqual([]);
    const other = await server.http.get(`/v1/work-items?liaisonId=${UNKNOWN_ID}`);
    expect(other.body.items).toEqual([]);
  });

  it('matches q against reference and title, case-insensitively, with % and _ taken literally', async () => {
    const byReference = await server.http.get(`/v1/work-items?bodyId=${body.id}&q=${encodeURIComponent('mts-2018')}`);
    expect(references(byReference.body.items)).toEqual(['DTR/MTS-20187318']);
    const byTitle = await server.http.get(`/v1/work-items?bodyId=${body.id}&q=TRUSTWORTHY`);
    expect(references(byTitle.body.items)).toEqual(['DTR/MTS-20187318']);
    const literal = await server.http.get(`/v1/work-items?bodyId=${body.id}&q=${encodeURIComponent('100% coverage_')}`);
    expect(references(literal.body.items)).toEqual(['DES/MTS 203022']);
    const wildcard = await server.http.get(`/v1/work-items?bodyId=${body.id}&q=${encodeURIComponent('%')}`);
    expect(references(wildcard.body.items)).toEqual(['DES/MTS 203022']);
  });

  it('refuses bad query parameters with 400', async () => {
    for (const query of [
      'limit=0',
      'limit=201',
      'limit=ten',
      'sort=title',
      'stage=done',
      'deliverableType=x',
      'bodyId=1',
      'liaisonId=x',
      'q=',
      'colour=red',
      'q=a&q=b',
    ]) {
      const response = await server.http.get(`/v1/work-items?${query}`);
      expectProblem(response, 400);
    }
  });

  it('refuses a cursor reused with other filters or another sort', async () => {
    const first = await server.http.get(`/v1/work-items?bodyId=${body.id}&limit=2`);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expectProblem(
      await server.http.get(
        `/v1/work-items?bodyId=${body.id}&limit=2&stage=early_draft&cursor=${first.body.nextCursor}`,
      ),
      400,
      'invalid-cursor',
    );
    expectProblem(
      await server.http.get(`/v1/work-items?bodyId=${body.id}&limit=2&sort=-reference&cursor=${first.body.nextCursor}`),
      400,
      'invalid-cursor',
    );
    expectProblem(await server.http.get('/v1/work-items?cursor=garbage!'), 400, 'invalid-cursor');
  });
});

describe('GET /v1/work-items/{id}/history', () => {
  it('pages through the history oldest first, with the Link header', async () => {
    const creator = await createApiKey(server, { role: 'admin', name: uniqueKeyName('creator') });
    const item = await createWorkItem(server, { stage: 'proposed' }, creator.http);
    const stages = ['preliminary', 'early_draft', 'stable_draft', 'approval'];
    const editors = new Map<string, string>();
    for (const stage of stages) {
      const editor = await createApiKey(server, { role: 'admin', name: uniqueKeyName(`editor of ${stage}`) });
      editors.set(stage, actorOfKey(editor.name));
      const response = await editor.http.patch(`/v1/work-items/${item.id}`).send({ stage });
      expect(response.status).toBe(200);
    }
    const { items: history, pages } = await collectPages<HistoryRecord>(
      server,
      `/v1/work-items/${item.id}/history?limit=2`,
    );
    expect(pages).toBe(3);
    expect(history.map((h) => [h.previousStage, h.stage, h.actor])).toEqual([
      [null, 'proposed', actorOfKey(creator.name)],
      ['proposed', 'preliminary', editors.get('preliminary')],
      ['preliminary', 'early_draft', editors.get('early_draft')],
      ['early_draft', 'stable_draft', editors.get('stable_draft')],
      ['stable_draft', 'approval', editors.get('approval')],
    ]);
    const stamps = history.map((h) => Date.parse(h.changedAt));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(new Set(stamps).size).toBe(stamps.length);
  });

  it('refuses a cursor of another work item’s history', async () => {
    const a = await createWorkItem(server, { stage: 'proposed' });
    const b = await createWorkItem(server, { stage: 'proposed' });
    await server.http.patch(`/v1/work-items/${a.id}`).send({ stage: 'preliminary' });
    const first = await server.http.get(`/v1/work-items/${a.id}/history?limit=1`);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expectProblem(
      await server.http.get(`/v1/work-items/${b.id}/history?limit=1&cursor=${first.body.nextCursor}`),
      400,
      'invalid-cursor',
    );
  });

  it('answers 404 for an unknown work item and 400 for bad parameters', async () => {
    expectProblem(await server.http.get(`/v1/work-items/${UNKNOWN_ID}/history`), 404, 'not-found');
    expectProblem(await server.http.get('/v1/work-items/nope/history'), 400, 'validation-error');
    expectProblem(await server.http.get(`/v1/work-items/${items[0]!.id}/history?limit=0`), 400, 'validation-error');
  });
});
