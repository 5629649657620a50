import { actorOfKey, adminActor, createApiKey } from '../support/auth.js';
import { createBody, expectProblem } from '../support/factories.js';
import {
  createWorkItem,
  insertLiaison,
  linkWorkItem,
  UNKNOWN_ID,
  uniqueSuffix,
  type HistoryRecord,
  type WorkItemRecord,
} from '../support/registry-factories.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.dispose();
});

async function historyOf(id: string): Promise<HistoryRecord[]> {
  const response = await server.http.get(`/v1/work-items/${id}/history?limit=200`);
  expect(response.status).toBe(200);
  return response.body.items as HistoryRecord[];
}

describe('POST /v1/work-items', () => {
  it('creates a work item, answers 201 with Location, embeds the body and stores it', async () => {
    const mts = await createBody(server, { designation: `ETSI TC MTS ${uniqueSuffix()}`, name: 'Methods for Testing' });
    const secretariat = await createApiKey(server, { role: 'secretariat', bodyIds: [mts.id] });
    const response = await secretariat.http.post('/v1/work-items').send({
      bodyId: mts.id,
      reference: '  DTR/MTS   103910 ',
      title: 'AI Testing Test Methodology and Test Specification for AI-enabled Systems',
      deliverableType: 'etsi_tr',
      stage: 'early_draft',
      statusText: 'Work started 03/2024',
      startedOn: '2024-03-01',
      targetDate: '2026-06-30',
    });
    expect(response.status).toBe(201);
    const item = response.body as WorkItemRecord;
    expect(response.headers.location).toBe(`/v1/work-items/${item.id}`);
    expect(item).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      bodyId: mts.id,
      body: { id: mts.id, designation: mts.designation, name: 'Methods for Testing' },
      reference: 'DTR/MTS 103910',
      title: 'AI Testing Test Methodology and Test Specification for AI-enabled Systems',
      deliverableType: 'etsi_tr',
      stage: 'early_draft',
      statusText: 'Work started 03/2024',
      startedOn: '2024-03-01',
      targetDate: '2026-06-30',
      publishedOn: null,
      liaisonIds: [],
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const stored = await server.db.query(
      'SELECT body_id, reference, stage, status_text, started_on::text, target_date::text FROM work_items WHERE id = $1',
      [item.id],
    );
    expect(stored.rows).toEqual([
      {
        body_id: mts.id,
        reference: 'DTR/MTS 103910',
        stage: 'early_draft',
        status_text: 'Work started 03/2024',
        started_on: '2024-03-01',
        target_date: '2026-06-30',
      },
    ]);
    const read = await server.http.get(`/v1/work-items/${item.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(item);
  });

  it('records the creation as the first history entry, with the key that made it', async () => {
    const garg = await createApiKey(server, { role: 'admin', name: `Ms. Garg ${uniqueSuffix()}` });
    const item = await createWorkItem(server, { stage: 'early_draft', statusText: 'Early Draft' }, garg.http);
    const history = await historyOf(item.id);
    expect(history).toEqual([
      {
        id: expect.any(String),
        stage: 'early_draft',
        statusText: 'Early Draft',
        previousStage: null,
        previousStatusText: null,
        actor: actorOfKey(garg.name),
        changedAt: expect.any(String),
      },
    ]);
    const rows = await server.db.query('SELECT actor FROM work_item_history WHERE work_item_id = $1', [item.id]);
    expect(rows.rows).toEqual([{ actor: `key:${garg.name}` }]);
  });

  it('defaults the stage to proposed, leaves the optional fields empty and records the admin key as the actor', async () => {
    const item = await createWorkItem(server, { reference: `DTS/MTS ${uniqueSuffix()}`, deliverableType: 'etsi_ts' });
    expect(item).toMatchObject({
      stage: 'proposed',
      statusText: null,
      startedOn: null,
      targetDate: null,
      publishedOn: null,
    });
    expect((await historyOf(item.id)).map((h) => h.actor)).toEqual([adminActor(server)]);
    // Callers cannot name themselves any more: an X-Actor header is ignored.
    const body = await createBody(server);
    const named = await server.http
      .post('/v1/work-items')
      .set('x-actor', 'Someone Else')
      .send({ bodyId: body.id, reference: `DTR/MTS ${uniqueSuffix()}`, title: 'Named', deliverableType: 'etsi_tr' });
    expect(named.status).toBe(201);
    expect((await historyOf(named.body.id as string)).map((h) => h.actor)).toEqual([adminActor(server)]);
  });

  it('accepts a publication date for a published deliverable', async () => {
    const item = await createWorkItem(server, {
      stage: 'published',
      startedOn: '2022-01-10',
      publishedOn: '2024-05-02',
    });
    expect(item).toMatchObject({ stage: 'published', publishedOn: '2024-05-02' });
  });

  it('answers 400 with field errors for malformed input and writes nothing', async () => {
    const body = await createBody(server);
    const response = await server.http.post('/v1/work-items').send({
      bodyId: 'not-a-uuid',
      reference: '',
      title: 'x'.repeat(501),
      deliverableType: 'novel',
      stage: 'almost_done',
      statusText: 'bell\u0007',
      startedOn: '2024-3-1',
      targetDate: '2024-02-30',
      publishedOn: 20240301,
      colour: 'blue',
    });
    expectProblem(response, 400, 'validation-error');
    const errors = response.body.errors as { field: string; message: string }[];
    expect(errors.map((e) => e.field).sort()).toEqual([
      'bodyId',
      'colour',
      'deliverableType',
      'publishedOn',
      'reference',
      'stage',
      'startedOn',
      'statusText',
      'targetDate',
      'title',
    ]);
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'colour', message: 'colour is not a known field' },
        { field: 'publishedOn', message: 'publishedOn must be a string' },
        { field: 'targetDate', message: 'targetDate must be a valid date (YYYY-MM-DD)' },
      ]),
    );
    const missing = await server.http.post('/v1/work-items').send({ bodyId: body.id });
    expectProblem(missing, 400, 'validation-error');
    expect((missing.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'deliverableType',
      'reference',
      'title',
    ]);
    const count = await server.db.query('SELECT count(*)::int AS n FROM work_items WHERE body_id = $1', [body.id]);
    expect(count.rows[0].n).toBe(0);
  });

  it('refuses an unknown body with 422 and writes nothing', async () => {
    const reference = `DTR/MTS ${uniqueSuffix()}`;
    const response = await server.http
      .post('/v1/work-items')
      .send({ bodyId: UNKNOWN_ID, reference, title: 'Orphan', deliverableType: 'etsi_tr' });
    expectProblem(response, 422, 'unknown-reference');
    expect(response.body.errors).toEqual([{ field: 'bodyId', message: expect.stringContaining(UNKNOWN_ID) }]);
    const count = await server.db.query('SELECT count(*)::int AS n FROM work_items WHERE reference = $1', [reference]);
    expect(count.rows[0].n).toBe(0);
  });

  it('refuses a duplicate reference in the same body, whatever its case and spacing, with 409', async () => {
    const existing = await createWorkItem(server);
    const response = await server.http.post('/v1/work-items').send({
      bodyId: existing.bodyId,
      reference: ` ${existing.reference.toLowerCase().replace(' ', '   ')}`,
      title: 'Another',
      deliverableType: 'etsi_ts',
    });
    expectProblem(response, 409, 'duplicate-resource');
    expect(response.body.existingId).toBe(existing.id);
    expect(response.body.errors).toEqual([{ field: 'reference', message: expect.any(String) }]);
    const count = await server.db.query('SELECT count(*)::int AS n FROM work_items WHERE body_id = $1', [
      existing.bodyId,
    ]);
    expect(count.rows[0].n).toBe(1);
  });

  it('accepts the same reference in another body', async () => {
    const existing = await createWorkItem(server);
    const other = await createWorkItem(server, { reference: existing.reference });
    expect(other.reference).toBe(existing.reference);
    expect(other.bodyId).not.toBe(existing.bodyId);
  });

  it('gives concurrent creates of one reference exactly one winner, and one history entry', async () => {
    const body = await createBody(server);
    const reference = `RACE ${uniqueSuffix()}`;
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        server.http
          .post('/v1/work-items')
          .send({ bodyId: body.id, reference, title: 'Race', deliverableType: 'other' }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const winner = responses.find((r) => r.status === 201)!.body as WorkItemRecord;
    for (const loser of responses.filter((r) => r.status === 409)) {
      expectProblem(loser, 409, 'duplicate-resource');
      expect(loser.body.existingId).toBe(winner.id);
    }
    const history = await server.db.query(
      'SELECT count(*)::int AS n FROM work_item_history h JOIN work_items w ON w.id = h.work_item_id WHERE w.body_id = $1',
      [body.id],
    );
    expect(history.rows[0].n).toBe(1);
  });

  it.each([
    [{ startedOn: '2024-03-01', targetDate: '2024-02-29' }, ['targetDate']],
    [{ stage: 'published', startedOn: '2024-03-01', publishedOn: '2024-02-01' }, ['publishedOn']],
    [{ stage: 'early_draft', publishedOn: '2024-02-01' }, ['publishedOn']],
    [{ stage: 'stopped', startedOn: '2024-03-01', publishedOn: '2024-01-01' }, ['publishedOn', 'publishedOn']],
  ])('refuses inconsistent dates %j with 422 rule-violation', async (dates, fields) => {
    const body = await createBody(server);
    const response = await server.http
      .post('/v1/work-items')
      .send({ bodyId: body.id, reference: 'R 1', title: 'Dates', deliverableType: 'other', ...dates });
    expectProblem(response, 422, 'rule-violation');
    expect((response.body.errors as { field: string }[]).map((e) => e.field)).toEqual(fields);
    const count = await server.db.query('SELECT count(*)::int AS n FROM work_items WHERE body_id = $1', [body.id]);
    expect(count.rows[0].n).toBe(0);
  });
});

describe('GET /v1/work-items/{id}', () => {
  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expectProblem(await server.http.get(`/v1/work-items/${UNKNOWN_ID}`), 404, 'not-found');
    const malformed = await server.http.get('/v1/work-items/42');
    expectProblem(malformed, 400, 'validation-error');
    expect(malformed.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
  });

  it('lists the liaisons that share the work item, oldest liaison first', async () => {
    const item = await createWorkItem(server);
    const first = await insertLiaison(server);
    const second = await insertLiaison(server);
    await linkWorkItem(server, second, item.id);
    await linkWorkItem(server, first, item.id);
    const response = await server.http.get(`/v1/work-items/${item.id}`);
    expect(response.status).toBe(200);
    expect(response.body.liaisonIds).toEqual([first, second]);
  });
});

describe('PATCH /v1/work-items/{id}', () => {
  it('changes the fields sent, clears those sent as null, bumps the version and records the stage change', async () => {
    const item = await createWorkItem(server, {
      stage: 'early_draft',
      statusText: 'Early Draft',
      startedOn: '2024-03-01',
      targetDate: '2025-12-31',
    });
    const xavier = await createApiKey(server, {
      role: 'secretariat',
      name: `Xavier Piednoir ${uniqueSuffix()}`,
      bodyIds: [item.bodyId],
    });
    const response = await xavier.http
      .patch(`/v1/work-items/${item.id}`)
      .send({ stage: 'stable_draft', statusText: 'Stable draft 09/2025', targetDate: null, title: 'Renamed' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: item.id,
      reference: item.reference,
      title: 'Renamed',
      stage: 'stable_draft',
      statusText: 'Stable draft 09/2025',
      startedOn: '2024-03-01',
      targetDate: null,
      version: 2,
    });
    expect(Date.parse(response.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(item.updatedAt));
    const history = await historyOf(item.id);
    expect(history).toHaveLength(2);
    expect(history[1]).toEqual({
      id: expect.any(String),
      stage: 'stable_draft',
      statusText: 'Stable draft 09/2025',
      previousStage: 'early_draft',
      previousStatusText: 'Early Draft',
      actor: actorOfKey(xavier.name),
      changedAt: expect.any(String),
    });
    expect(Date.parse(history[1]!.changedAt)).toBeGreaterThan(Date.parse(history[0]!.changedAt));
  });

  it('records a change of the status wording alone, including clearing it', async () => {
    const item = await createWorkItem(server, { stage: 'early_draft', statusText: 'Early Draft' });
    expect(
      (await server.http.patch(`/v1/work-items/${item.id}`).send({ statusText: 'Work started 03/2024' })).status,
    ).toBe(200);
    expect((await server.http.patch(`/v1/work-items/${item.id}`).send({ statusText: null })).status).toBe(200);
    const history = await historyOf(item.id);
    expect(history.map((h) => [h.previousStatusText, h.statusText, h.previousStage, h.stage])).toEqual([
      [null, 'Early Draft', null, 'early_draft'],
      ['Early Draft', 'Work started 03/2024', 'early_draft', 'early_draft'],
      ['Work started 03/2024', null, 'early_draft', 'early_draft'],
    ]);
  });

  it('adds no history entry when neither stage nor status wording changes', async () => {
    const item = await createWorkItem(server, { stage: 'early_draft', statusText: 'Early Draft' });
    const response = await server.http
      .patch(`/v1/work-items/${item.id}`)
      .send({ title: 'New title', stage: 'early_draft', statusText: 'Early Draft', deliverableType: 'etsi_ts' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ title: 'New title', deliverableType: 'etsi_ts', version: 2 });
    const unchanged = await server.http.patch(`/v1/work-items/${item.id}`).send({ stage: 'early_draft' });
    expect(unchanged.status).toBe(200);
    expect(unchanged.body.version).toBe(2);
    const rows = await server.db.query('SELECT count(*)::int AS n FROM work_item_history WHERE work_item_id = $1', [
      item.id,
    ]);
    expect(rows.rows[0].n).toBe(1);
  });

  it('applies the date rules to the result of the change', async () => {
    const item = await createWorkItem(server, {
      stage: 'published',
      startedOn: '2023-01-01',
      publishedOn: '2024-05-02',
    });
    const back = await server.http.patch(`/v1/work-items/${item.id}`).send({ stage: 'approval' });
    expectProblem(back, 422, 'rule-violation');
    expect(back.body.errors).toEqual([{ field: 'publishedOn', message: expect.stringContaining('approval') }]);
    const early = await server.http.patch(`/v1/work-items/${item.id}`).send({ startedOn: '2024-06-01' });
    expectProblem(early, 422, 'rule-violation');
    const stored = await server.db.query('SELECT stage, started_on::text FROM work_items WHERE id = $1', [item.id]);
    expect(stored.rows).toEqual([{ stage: 'published', started_on: '2023-01-01' }]);
    expect(await historyOf(item.id)).toHaveLength(1);
    const cleared = await server.http.patch(`/v1/work-items/${item.id}`).send({ stage: 'approval', publishedOn: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ stage: 'approval', publishedOn: null });
  });

  it('refuses a reference taken in the body with 409, but allows a change of case of its own', async () => {
    const a = await createWorkItem(server);
    const b = await createWorkItem(server, { bodyId: a.bodyId });
    const taken = await server.http.patch(`/v1/work-items/${b.id}`).send({ reference: a.reference.toLowerCase() });
    expectProblem(taken, 409, 'duplicate-resource');
    expect(taken.body.existingId).toBe(a.id);
    const recased = await server.http.patch(`/v1/work-items/${a.id}`).send({ reference: a.reference.toLowerCase() });
    expect(recased.status).toBe(200);
    expect(recased.body.reference).toBe(a.reference.toLowerCase());
  });

  it('moves a work item to another body, refusing an unknown body (422) or a taken reference there (409)', async () => {
    const item = await createWorkItem(server);
    const target = await createBody(server, { name: 'Target body' });
    expectProblem(
      await server.http.patch(`/v1/work-items/${item.id}`).send({ bodyId: UNKNOWN_ID }),
      422,
      'unknown-reference',
    );
    const clash = await createWorkItem(server, { bodyId: target.id, reference: item.reference.toUpperCase() });
    const refused = await server.http.patch(`/v1/work-items/${item.id}`).send({ bodyId: target.id });
    expectProblem(refused, 409, 'duplicate-resource');
    expect(refused.body.existingId).toBe(clash.id);
    const moved = await server.http
      .patch(`/v1/work-items/${item.id}`)
      .send({ bodyId: target.id, reference: `${item.reference} rev` });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      bodyId: target.id,
      body: { id: target.id, designation: target.designation, name: 'Target body' },
      reference: `${item.reference} rev`,
    });
  });

  it('answers 400 for null in a required field or a bad value, and 404 for an unknown id', async () => {
    const item = await createWorkItem(server);
    const nulls = await server.http.patch(`/v1/work-items/${item.id}`).send({ title: null, stage: null });
    expectProblem(nulls, 400, 'validation-error');
    expect(nulls.body.errors).toEqual([
      { field: 'title', message: 'title must be a string' },
      { field: 'stage', message: expect.stringContaining('stage must be one of') },
    ]);
    const bad = await server.http.patch(`/v1/work-items/${item.id}`).send({ startedOn: '01/03/2024', liaisonIds: [] });
    expectProblem(bad, 400, 'validation-error');
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['liaisonIds', 'startedOn']);
    expectProblem(await server.http.patch(`/v1/work-items/${UNKNOWN_ID}`).send({ title: 'x' }), 404, 'not-found');
  });
});

describe('DELETE /v1/work-items/{id}', () => {
  it('deletes a work item and its history', async () => {
    const item = await createWorkItem(server, { stage: 'early_draft' });
    await server.http.patch(`/v1/work-items/${item.id}`).send({ stage: 'stable_draft' });
    const response = await server.http.delete(`/v1/work-items/${item.id}`);
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expectProblem(await server.http.get(`/v1/work-items/${item.id}`), 404, 'not-found');
    expectProblem(await server.http.get(`/v1/work-items/${item.id}/history`), 404, 'not-found');
    const rows = await server.db.query('SELECT count(*)::int AS n FROM work_item_history WHERE work_item_id = $1', [
      item.id,
    ]);
    expect(rows.rows[0].n).toBe(0);
  });

  it('refuses with 409 while a liaison lists the work item, and deletes it once unlinked', async () => {
    const item = await createWorkItem(server);
    const liaisonId = await insertLiaison(server);
    await linkWorkItem(server, liaisonId, item.id);
    const refused = await server.http.delete(`/v1/work-items/${item.id}`);
    expectProblem(refused, 409, 'resource-in-use');
    expect(refused.body).toMatchObject({ reason: 'linked-to-liaisons', liaisonIds: [liaisonId] });
    const stored = await server.db.query('SELECT count(*)::int AS n FROM work_items WHERE id = $1', [item.id]);
    expect(stored.rows[0].n).toBe(1);
    await server.db.query('DELETE FROM liaison_work_items WHERE liaison_id = $1', [liaisonId]);
    expect((await server.http.delete(`/v1/work-items/${item.id}`)).status).toBe(204);
  });

  it('answers 404 for an unknown id', async () => {
    expectProblem(await server.http.delete(`/v1/work-items/${UNKNOWN_ID}`), 404, 'not-found');
  });
});
