/**
 * What a secretariat key may touch: records whose bodies are the key's bodies or lie below them,
 * before and after the change. (Who may call which operation is the auth matrix's business.)
 */
import { actorOfKey, createApiKey, type CreatedKey } from '../support/auth.js';
import { databaseState } from '../support/db-state.js';
import { createBody, expectProblem, type BodyRecord } from '../support/factories.js';
import { createLiaison } from '../support/liaison-factories.js';
import {
  addRosterMember,
  createContact,
  createWorkItem,
  UNKNOWN_ID,
  uniqueSuffix,
  type HistoryRecord,
} from '../support/registry-factories.js';
import { startServer, type TestServer } from '../support/server.js';
import { createStatement, statementInput } from '../support/statement-factories.js';

let server: TestServer;
/** ETSI → TC MTS → a working group: the key is scoped to TC MTS. */
let etsi: BodyRecord;
let mts: BodyRecord;
let mtsGroup: BodyRecord;
let outside: BodyRecord;
let secretariat: CreatedKey;

beforeAll(async () => {
  server = await startServer();
  etsi = await createBody(server, { kind: 'organization' });
  mts = await createBody(server, { kind: 'technical_committee', parentId: etsi.id });
  mtsGroup = await createBody(server, { kind: 'working_group', parentId: mts.id });
  outside = await createBody(server, { kind: 'subcommittee' });
  secretariat = await createApiKey(server, { role: 'secretariat', bodyIds: [mts.id] });
});

afterAll(async () => {
  await server?.dispose();
});

/** Expects a 403 scope refusal that wrote nothing. */
async function expectOutOfScope(
  call: () => PromiseLike<{ status: number; headers: Record<string, string>; body: Record<string, unknown> }>,
): Promise<void> {
  const before = await databaseState(server.db);
  const response = await call();
  expectProblem(response, 403, 'forbidden');
  expect(response.body.requiredScope).toEqual(expect.any(String));
  expect(response.body.keyBodyIds).toEqual([mts.id]);
  expect(await databaseState(server.db)).toEqual(before);
}

describe('bodies below the scope', () => {
  it('covers descendants but not the parent or siblings', async () => {
    const inGroup = await secretariat.http.post('/v1/work-items').send({
      bodyId: mtsGroup.id,
      reference: `WG ${uniqueSuffix()}`,
      title: 'Group item',
      deliverableType: 'etsi_tr',
    });
    expect(inGroup.status).toBe(201);
    const sibling = await createBody(server, { kind: 'technical_committee', parentId: etsi.id });
    for (const bodyId of [etsi.id, sibling.id, outside.id]) {
      await expectOutOfScope(() =>
        secretariat.http
          .post('/v1/work-items')
          .send({ bodyId, reference: `X ${uniqueSuffix()}`, title: 'Nope', deliverableType: 'etsi_tr' }),
      );
    }
  });

  it('records the secretariat key in the history of what it changed', async () => {
    const item = await createWorkItem(server, { bodyId: mtsGroup.id }, secretariat.http);
    const response = await secretariat.http.patch(`/v1/work-items/${item.id}`).send({ stage: 'stable_draft' });
    expect(response.status).toBe(200);
    const history = await server.http.get(`/v1/work-items/${item.id}/history`);
    expect((history.body.items as HistoryRecord[]).map((h) => h.actor)).toEqual([
      actorOfKey(secretariat.name),
      actorOfKey(secretariat.name),
    ]);
  });
});

describe('liaisons', () => {
  it('may be created, changed and deleted when the scope holds the committee or the partner', async () => {
    const asPartner = await secretariat.http
      .post('/v1/liaisons')
      .send({ committeeId: outside.id, partnerId: mts.id, category: 'category_a' });
    expect(asPartner.status).toBe(201);
    const asCommittee = await secretariat.http
      .post('/v1/liaisons')
      .send({ committeeId: mtsGroup.id, partnerId: outside.id, category: 'category_c' });
    expect(asCommittee.status).toBe(201);
    const update = await secretariat.http.patch(`/v1/liaisons/${asPartner.body.id}`).send({ rationale: 'Testing AI.' });
    expect(update.status).toBe(200);
    expect(update.body.rationale).toBe('Testing AI.');
    expect((await secretariat.http.delete(`/v1/liaisons/${asCommittee.body.id}`)).status).toBe(204);
  });

  it('may not be created between two bodies outside the scope', async () => {
    const other = await createBody(server);
    await expectOutOfScope(() =>
      secretariat.http
        .post('/v1/liaisons')
        .send({ committeeId: outside.id, partnerId: other.id, category: 'category_a' }),
    );
  });

  it('may not be touched, nor moved into the scope, when neither side is in it', async () => {
    const foreign = await createLiaison(server);
    await expectOutOfScope(() => secretariat.http.patch(`/v1/liaisons/${foreign.id}`).send({ rationale: 'Mine now' }));
    await expectOutOfScope(() => secretariat.http.patch(`/v1/liaisons/${foreign.id}`).send({ partnerId: mts.id }));
    await expectOutOfScope(() => secretariat.http.delete(`/v1/liaisons/${foreign.id}`));
  });

  it('may not be moved out of the scope, but one side may change while the other stays in it', async () => {
    const liaison = await createLiaison(server, { committeeId: mts.id, partnerId: outside.id });
    const other = await createBody(server, { kind: 'technical_committee' });
    await expectOutOfScope(() => secretariat.http.patch(`/v1/liaisons/${liaison.id}`).send({ committeeId: other.id }));
    const stored = await server.db.query('SELECT committee_id FROM liaisons WHERE id = $1', [liaison.id]);
    expect(stored.rows).toEqual([{ committee_id: mts.id }]);
    const moved = await secretariat.http.patch(`/v1/liaisons/${liaison.id}`).send({ partnerId: other.id });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ committeeId: mts.id, partnerId: other.id });
  });

  it('answers 404 for an unknown liaison and 400 for a malformed id, as for an admin', async () => {
    expectProblem(
      await secretariat.http.patch(`/v1/liaisons/${UNKNOWN_ID}`).send({ rationale: 'x' }),
      404,
      'not-found',
    );
    expectProblem(await secretariat.http.delete('/v1/liaisons/not-a-uuid'), 400, 'validation-error');
  });
});

describe('work items', () => {
  it('may not be moved to or from a body outside the scope', async () => {
    const mine = await createWorkItem(server, { bodyId: mts.id });
    await expectOutOfScope(() => secretariat.http.patch(`/v1/work-items/${mine.id}`).send({ bodyId: outside.id }));
    const foreign = await createWorkItem(server, { bodyId: outside.id });
    await expectOutOfScope(() => secretariat.http.patch(`/v1/work-items/${foreign.id}`).send({ bodyId: mts.id }));
    await expectOutOfScope(() => secretariat.http.delete(`/v1/work-items/${foreign.id}`));
    const moved = await secretariat.http.patch(`/v1/work-items/${mine.id}`).send({ bodyId: mtsGroup.id });
    expect(moved.status).toBe(200);
    expect(moved.body.bodyId).toBe(mtsGroup.id);
  });
});

describe('rosters', () => {
  it('are the scope of the body in the path', async () => {
    const contact = await createContact(server);
    const added = await secretariat.http
      .post(`/v1/bodies/${mtsGroup.id}/roster`)
      .send({ contactId: contact.id, role: 'convenor' });
    expect(added.status).toBe(201);
    await expectOutOfScope(() =>
      secretariat.http.post(`/v1/bodies/${outside.id}/roster`).send({ contactId: contact.id, role: 'chair' }),
    );
    const foreign = await addRosterMember(server, outside.id, { contactId: contact.id });
    await expectOutOfScope(() =>
      secretariat.http.patch(`/v1/bodies/${outside.id}/roster/${foreign.id}`).send({ note: 'Mine' }),
    );
    // A foreign membership through an in-scope body's path is not found there.
    expectProblem(await secretariat.http.delete(`/v1/bodies/${mts.id}/roster/${foreign.id}`), 404, 'not-found');
    expect((await server.db.query('SELECT 1 FROM memberships WHERE id = $1', [foreign.id])).rowCount).toBe(1);
  });
});

describe('statements', () => {
  it('are the scope of their sending body, whoever receives them', async () => {
    const sent = await secretariat.http
      .post('/v1/statements')
      .send(await statementInput(server, { fromBodyId: mtsGroup.id, toBodyIds: [outside.id] }));
    expect(sent.status).toBe(201);
    const received = await createStatement(server, { fromBodyId: outside.id, toBodyIds: [mts.id] });
    await expectOutOfScope(() => secretariat.http.patch(`/v1/statements/${received.id}`).send({ title: 'Ours' }));
    await expectOutOfScope(async () =>
      secretariat.http
        .post('/v1/statements')
        .send(await statementInput(server, { fromBodyId: outside.id, toBodyIds: [mts.id] })),
    );
    await expectOutOfScope(() =>
      secretariat.http.patch(`/v1/statements/${sent.body.id}`).send({ fromBodyId: outside.id, toBodyIds: [mts.id] }),
    );
    expect((await secretariat.http.delete(`/v1/statements/${sent.body.id}`)).status).toBe(204);
  });
});

describe('scope and deleted bodies', () => {
  it('drops a deleted body from every scope', async () => {
    const doomed = await createBody(server);
    const key = await createApiKey(server, { role: 'secretariat', bodyIds: [doomed.id, mts.id] });
    expect((await server.http.delete(`/v1/bodies/${doomed.id}`)).status).toBe(204);
    const read = await server.http.get(`/v1/api-keys/${key.id}`);
    expect(read.body.bodyIds).toEqual([mts.id]);
  });
});
