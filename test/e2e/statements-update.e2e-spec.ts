import { createBody, expectProblem } from '../support/factories.js';
import { startServer, type TestServer } from '../support/server.js';
import {
  createStatement,
  daysFromToday,
  insertContact,
  insertLiaison,
  storedById,
  UNKNOWN_ID,
  type StatementRecord,
} from '../support/statement-factories.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.dispose();
});

async function patch(id: string, body: Record<string, unknown>) {
  return server.http.patch(`/v1/statements/${id}`).send(body);
}

/** The statement row's stored version and purpose, for "nothing changed" checks. */
async function storedRow(id: string): Promise<Record<string, unknown>> {
  const result = await server.db.query(
    `SELECT version, purpose, deadline::text, in_reply_to_id, reference, from_body_id, action_taken
       FROM statements WHERE id = $1`,
    [id],
  );
  return result.rows[0];
}

describe('PATCH /v1/statements/{id}', () => {
  it('changes the fields sent, replaces the lists sent, keeps the others and bumps the version', async () => {
    const [a, b, c, d] = [
      await createBody(server),
      await createBody(server),
      await createBody(server),
      await createBody(server),
    ];
    const [k1, k2, k3] = [await insertContact(server), await insertContact(server), await insertContact(server)];
    const [l1, l2] = [await insertLiaison(server), await insertLiaison(server)];
    const statement = await createStatement(server, {
      toBodyIds: [a.id],
      ccBodyIds: [b.id, c.id],
      contactIds: [k1, k2],
      liaisonIds: [l1],
      summary: 'Old summary',
      attachments: [{ title: 'old', url: 'https://example.org/old' }],
      documentReferences: ['TD1'],
    });
    // b moves from cc to to, in the same request
    const response = await patch(statement.id, {
      title: 'New title',
      toBodyIds: [b.id, a.id],
      ccBodyIds: [d.id],
      contactIds: [k3, k1],
      liaisonIds: [l2, l1],
      attachments: [
        { title: 'new 1', url: 'https://example.org/1' },
        { title: 'new 2', url: 'https://example.org/2' },
      ],
      documentReferences: ['TD2', 'TD3'],
      sentOn: '2025-04-22',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: statement.id,
      reference: statement.reference,
      title: 'New title',
      summary: 'Old summary',
      toBodyIds: [b.id, a.id],
      ccBodyIds: [d.id],
      contactIds: [k3, k1],
      liaisonIds: [l1, l2].sort(),
      attachments: [
        { title: 'new 1', url: 'https://example.org/1' },
        { title: 'new 2', url: 'https://example.org/2' },
      ],
      documentReferences: ['TD2', 'TD3'],
      sentOn: '2025-04-22',
      version: 2,
      createdAt: statement.createdAt,
    });
    expect(Date.parse(response.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(statement.updatedAt));
    expect(await storedById(server, statement.id)).toEqual({
      statements: 1,
      recipients: [
        { body_id: b.id, kind: 'to', position: 0 },
        { body_id: a.id, kind: 'to', position: 1 },
        { body_id: d.id, kind: 'cc', position: 0 },
      ],
      contacts: [
        { contact_id: k3, position: 0 },
        { contact_id: k1, position: 1 },
      ],
      attachments: [
        { title: 'new 1', url: 'https://example.org/1', position: 0 },
        { title: 'new 2', url: 'https://example.org/2', position: 1 },
      ],
      liaisons: [l1, l2].sort(),
    });
    expect((await server.http.get(`/v1/statements/${statement.id}`)).body).toEqual(response.body);
  });

  it('empties lists sent as [] and clears nullable fields sent as null', async () => {
    const statement = await createStatement(server, {
      ccBodyIds: [(await createBody(server)).id],
      contactIds: [await insertContact(server)],
      attachments: [{ title: 'a', url: 'https://example.org/a' }],
      approval: { level: 'Plenary', date: '2025-01-01' },
      summary: 'S',
      text: 'T',
      sentOn: '2025-01-02',
    });
    const response = await patch(statement.id, {
      ccBodyIds: [],
      contactIds: [],
      attachments: [],
      approval: null,
      summary: null,
      text: null,
      sentOn: null,
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      ccBodyIds: [],
      contactIds: [],
      attachments: [],
      approval: null,
      summary: null,
      text: null,
      sentOn: null,
    });
    const stored = await storedById(server, statement.id);
    expect(stored.recipients).toHaveLength(1);
    expect(stored.contacts).toEqual([]);
    expect(stored.attachments).toEqual([]);
    const row = await server.db.query('SELECT approval_level, approved_on FROM statements WHERE id = $1', [
      statement.id,
    ]);
    expect(row.rows[0]).toEqual({ approval_level: null, approved_on: null });
  });

  it('leaves the version alone when nothing changes, and bumps it when only a list changes', async () => {
    const statement = await createStatement(server);
    const same = await patch(statement.id, { title: statement.title, toBodyIds: statement.toBodyIds });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(1);
    expect((await patch(statement.id, {})).body.version).toBe(1);
    const other = await createBody(server);
    const changed = await patch(statement.id, { ccBodyIds: [other.id] });
    expect(changed.body.version).toBe(2);
    expect((await storedRow(statement.id)).version).toBe(2);
  });

  it('records the action taken, which ends the overdue state', async () => {
    const statement = await createStatement(server, { purpose: 'action', deadline: daysFromToday(-7) });
    expect(statement.overdue).toBe(true);
    const response = await patch(statement.id, {
      actionTaken: { taken: true, on: daysFromToday(-1), note: 'TSAG established the group.' },
    });
    expect(response.status).toBe(200);
    expect(response.body.actionTaken).toEqual({
      taken: true,
      on: daysFromToday(-1),
      note: 'TSAG established the group.',
    });
    expect(response.body.overdue).toBe(false);
    const row = await server.db.query(
      'SELECT action_taken, action_taken_on::text, action_note FROM statements WHERE id = $1',
      [statement.id],
    );
    expect(row.rows[0]).toEqual({
      action_taken: true,
      action_taken_on: daysFromToday(-1),
      action_note: 'TSAG established the group.',
    });
    // actionTaken is replaced whole: absent on and note become null
    const undone = await patch(statement.id, { actionTaken: { taken: false } });
    expect(undone.body.actionTaken).toEqual({ taken: false, on: null, note: null });
    expect(undone.body.overdue).toBe(true);
  });

  it('refuses a date of action while the action is not taken', async () => {
    const statement = await createStatement(server);
    const response = await patch(statement.id, { actionTaken: { taken: false, on: '2025-01-01' } });
    expectProblem(response, 422, 'rule-violation');
    expect(response.body.errors).toEqual([{ field: 'actionTaken.on', message: expect.any(String) }]);
  });

  describe('purpose rules against the merged record', () => {
    it('refuses a change to action without a deadline, and accepts it with one', async () => {
      const statement = await createStatement(server);
      const refused = await patch(statement.id, { purpose: 'action' });
      expectProblem(refused, 422, 'rule-violation');
      expect(refused.body.errors).toEqual([{ field: 'deadline', message: expect.any(String) }]);
      expect(await storedRow(statement.id)).toMatchObject({ purpose: 'information', version: 1 });
      const accepted = await patch(statement.id, { purpose: 'action', deadline: '2030-01-31' });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ purpose: 'action', deadline: '2030-01-31', version: 2 });
    });

    it('refuses clearing the deadline of a statement for comment', async () => {
      const statement = await createStatement(server, { purpose: 'comment', deadline: '2030-01-31' });
      const response = await patch(statement.id, { deadline: null });
      expectProblem(response, 422, 'rule-violation');
      expect(response.body.errors[0].field).toBe('deadline');
      expect(await storedRow(statement.id)).toMatchObject({ deadline: '2030-01-31', version: 1 });
    });

    it('refuses a change to response without inReplyToId, and accepts it with one', async () => {
      const original = await createStatement(server);
      const statement = await createStatement(server);
      const refused = await patch(statement.id, { purpose: 'response' });
      expectProblem(refused, 422, 'rule-violation');
      expect(refused.body.errors).toEqual([{ field: 'inReplyToId', message: expect.any(String) }]);
      const accepted = await patch(statement.id, { purpose: 'response', inReplyToId: original.id });
      expect(accepted.status).toBe(200);
      expect(accepted.body.inReplyToId).toBe(original.id);
      expect((await server.http.get(`/v1/statements/${original.id}`)).body.replyIds).toEqual([statement.id]);
    });

    it('refuses a change away from response while inReplyToId stays, and accepts it when cleared', async () => {
      const original = await createStatement(server);
      const reply = await createStatement(server, { purpose: 'response', inReplyToId: original.id });
      const refused = await patch(reply.id, { purpose: 'information' });
      expectProblem(refused, 422, 'rule-violation');
      expect(refused.body.errors).toEqual([{ field: 'inReplyToId', message: expect.any(String) }]);
      expect(await storedRow(reply.id)).toMatchObject({ purpose: 'response', in_reply_to_id: original.id });
      const accepted = await patch(reply.id, { purpose: 'information', inReplyToId: null });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ purpose: 'information', inReplyToId: null });
      expect((await server.http.get(`/v1/statements/${original.id}`)).body.replyIds).toEqual([]);
    });

    it('refuses clearing inReplyToId of a response', async () => {
      const original = await createStatement(server);
      const reply = await createStatement(server, { purpose: 'response', inReplyToId: original.id });
      const response = await patch(reply.id, { inReplyToId: null });
      expectProblem(response, 422, 'rule-violation');
      expect(response.body.errors[0].field).toBe('inReplyToId');
    });

    it('refuses a statement replying to itself', async () => {
      const original = await createStatement(server);
      const reply = await createStatement(server, { purpose: 'response', inReplyToId: original.id });
      const response = await patch(reply.id, { inReplyToId: reply.id });
      expectProblem(response, 422, 'rule-violation');
      expect(response.body.errors).toEqual([{ field: 'inReplyToId', message: 'a statement cannot reply to itself' }]);
      expect(await storedRow(reply.id)).toMatchObject({ in_reply_to_id: original.id, version: 1 });
    });

    it('refuses a reply loop through other statements', async () => {
      const root = await createStatement(server);
      const first = await createStatement(server, { purpose: 'response', inReplyToId: root.id });
      const second = await createStatement(server, { purpose: 'response', inReplyToId: first.id });
      const response = await patch(root.id, { purpose: 'response', inReplyToId: second.id });
      expectProblem(response, 422, 'rule-violation');
      expect(response.body.errors).toEqual([{ field: 'inReplyToId', message: expect.stringContaining('loop') }]);
      expect(await storedRow(root.id)).toMatchObject({ purpose: 'information', in_reply_to_id: null });
    });

    it('refuses concurrent changes that together would close a reply loop', async () => {
      const a = await createStatement(server);
      const b = await createStatement(server);
      const [ab, ba] = await Promise.all([
        patch(a.id, { purpose: 'response', inReplyToId: b.id }),
        patch(b.id, { purpose: 'response', inReplyToId: a.id }),
      ]);
      expect([ab.status, ba.status].sort()).toEqual([200, 422]);
    });
  });

  describe('recipients and references', () => {
    it('refuses a new sender that is a recipient', async () => {
      const statement = await createStatement(server);
      const response = await patch(statement.id, { fromBodyId: statement.toBodyIds[0] });
      expectProblem(response, 422, 'rule-violation');
      expect(response.body.errors).toEqual([{ field: 'toBodyIds[0]', message: expect.any(String) }]);
      expect(await storedRow(statement.id)).toMatchObject({ from_body_id: statement.fromBodyId, version: 1 });
    });

    it('refuses a cc recipient that is already a to recipient', async () => {
      const statement = await createStatement(server);
      const response = await patch(statement.id, { ccBodyIds: statement.toBodyIds });
      expectProblem(response, 422, 'rule-violation');
      expect(response.body.errors[0].field).toBe('ccBodyIds[0]');
      expect((await storedById(server, statement.id)).recipients).toHaveLength(1);
    });

    it.each([
      ['fromBodyId', { fromBodyId: UNKNOWN_ID }, 'fromBodyId'],
      ['toBodyIds', { toBodyIds: [UNKNOWN_ID] }, 'toBodyIds[0]'],
      ['contactIds', { contactIds: [UNKNOWN_ID] }, 'contactIds[0]'],
      ['liaisonIds', { liaisonIds: [UNKNOWN_ID] }, 'liaisonIds[0]'],
      ['inReplyToId', { purpose: 'response', inReplyToId: UNKNOWN_ID }, 'inReplyToId'],
    ])('refuses an unknown id in %s with 422 and changes nothing', async (_name, body, field) => {
      const statement = await createStatement(server);
      const response = await patch(statement.id, body);
      expectProblem(response, 422, 'unknown-reference');
      expect(response.body.errors).toEqual([{ field, message: expect.stringContaining(UNKNOWN_ID) }]);
      expect(await storedRow(statement.id)).toMatchObject({ version: 1, purpose: 'information' });
      expect(await storedById(server, statement.id)).toMatchObject({
        recipients: [{ body_id: statement.toBodyIds[0] }],
      });
    });

    it('refuses a reference the sender already used (409), but allows a change of case of its own', async () => {
      const first = await createStatement(server);
      const second = await createStatement(server, { fromBodyId: first.fromBodyId });
      const refused = await patch(second.id, { reference: first.reference.toLowerCase() });
      expectProblem(refused, 409, 'duplicate-resource');
      expect(refused.body.existingId).toBe(first.id);
      const recased = await patch(first.id, { reference: first.reference.toLowerCase() });
      expect(recased.status).toBe(200);
      expect(recased.body.reference).toBe(first.reference.toLowerCase());
    });

    it('refuses moving a statement to a sender that already used its reference', async () => {
      const there = await createStatement(server);
      const statement = await createStatement(server, { reference: there.reference });
      const response = await patch(statement.id, { fromBodyId: there.fromBodyId });
      expectProblem(response, 409, 'duplicate-resource');
      expect(await storedRow(statement.id)).toMatchObject({ from_body_id: statement.fromBodyId });
    });

    it('refuses an empty toBodyIds and null for lists and required fields with 400', async () => {
      const statement = await createStatement(server);
      for (const [body, field] of [
        [{ toBodyIds: [] }, 'toBodyIds'],
        [{ toBodyIds: null }, 'toBodyIds'],
        [{ title: null }, 'title'],
        [{ purpose: null }, 'purpose'],
        [{ actionTaken: null }, 'actionTaken'],
        [{ contactIds: [UNKNOWN_ID, UNKNOWN_ID] }, 'contactIds'],
        [{ attachments: [[]] }, 'attachments'],
        [{ approval: [[]] }, 'approval'],
        [{ actionTaken: { taken: 'no' } }, 'actionTaken.taken'],
        [{ deadline: '' }, 'deadline'],
        [{ reference: '  ' }, 'reference'],
      ] as const) {
        const response = await patch(statement.id, body);
        expectProblem(response, 400, 'validation-error');
        expect(response.body.errors[0].field).toBe(field);
      }
      expect((await storedRow(statement.id)).version).toBe(1);
    });
  });

  it('rolls the whole change back when a join-table write fails', async () => {
    const statement = await createStatement(server, { contactIds: [await insertContact(server)] });
    const liaison = await insertLiaison(server);
    await server.db.query(`CREATE FUNCTION fail_update_liaison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'simulated' USING ERRCODE = 'foreign_key_violation',
          CONSTRAINT = 'statement_liaisons_liaison_id_fkey';
      END $$`);
    await server.db.query(`CREATE TRIGGER fail_update_liaison BEFORE INSERT ON statement_liaisons
      FOR EACH ROW WHEN (NEW.liaison_id = '${liaison}') EXECUTE FUNCTION fail_update_liaison()`);
    try {
      const response = await patch(statement.id, {
        title: 'Should not stick',
        toBodyIds: [(await createBody(server)).id],
        contactIds: [],
        liaisonIds: [liaison],
      });
      expectProblem(response, 422, 'unknown-reference');
      const read = await server.http.get(`/v1/statements/${statement.id}`);
      expect(read.body).toEqual(statement);
      expect(await storedRow(statement.id)).toMatchObject({ version: 1 });
    } finally {
      await server.db.query('DROP TRIGGER fail_update_liaison ON statement_liaisons');
      await server.db.query('DROP FUNCTION fail_update_liaison()');
    }
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expectProblem(await patch(UNKNOWN_ID, { title: 'x' }), 404, 'not-found');
    expectProblem(await server.http.patch('/v1/statements/nope').send({ title: 'x' }), 400, 'validation-error');
  });
});

describe('reply threading', () => {
  it('lists the replies of a statement, oldest first, and points each reply at it', async () => {
    const original = await createStatement(server, { purpose: 'action', deadline: '2030-06-30' });
    const first = await createStatement(server, {
      purpose: 'response',
      inReplyToId: original.id,
      fromBodyId: original.toBodyIds[0],
      toBodyIds: [original.fromBodyId],
    });
    const second = await createStatement(server, { purpose: 'response', inReplyToId: original.id });
    expect(first.inReplyToId).toBe(original.id);
    const read = await server.http.get(`/v1/statements/${original.id}`);
    expect(read.body.replyIds).toEqual([first.id, second.id]);
    expect((await server.http.get(`/v1/statements/${first.id}`)).body.replyIds).toEqual([]);
    const listed = await server.http.get(`/v1/statements?inReplyToId=${original.id}&sort=createdAt`);
    expect(listed.body.items.map((s: StatementRecord) => s.id)).toEqual([first.id, second.id]);
  });

  it('allows a reply to a reply', async () => {
    const original = await createStatement(server);
    const reply = await createStatement(server, { purpose: 'response', inReplyToId: original.id });
    const replyToReply = await createStatement(server, { purpose: 'response', inReplyToId: reply.id });
    expect((await server.http.get(`/v1/statements/${reply.id}`)).body.replyIds).toEqual([replyToReply.id]);
  });
});

describe('DELETE /v1/statements/{id}', () => {
  it('deletes a statement with all its rows', async () => {
    const statement = await createStatement(server, {
      ccBodyIds: [(await createBody(server)).id],
      contactIds: [await insertContact(server)],
      attachments: [{ title: 'a', url: 'https://example.org/a' }],
      liaisonIds: [await insertLiaison(server)],
    });
    const response = await server.http.delete(`/v1/statements/${statement.id}`);
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expectProblem(await server.http.get(`/v1/statements/${statement.id}`), 404, 'not-found');
    expect(await storedById(server, statement.id)).toEqual({
      statements: 0,
      recipients: [],
      contacts: [],
      attachments: [],
      liaisons: [],
    });
  });

  it('refuses to delete a statement while replies reference it, then allows it once they are gone', async () => {
    const original = await createStatement(server);
    const reply = await createStatement(server, { purpose: 'response', inReplyToId: original.id });
    const refused = await server.http.delete(`/v1/statements/${original.id}`);
    expectProblem(refused, 409, 'resource-in-use');
    expect(refused.body.reason).toBe('has-replies');
    expect(refused.body.replyIds).toEqual([reply.id]);
    expect(refused.body.detail).toContain(reply.reference);
    expect((await storedById(server, original.id)).statements).toBe(1);
    expect((await server.http.delete(`/v1/statements/${reply.id}`)).status).toBe(204);
    expect((await server.http.get(`/v1/statements/${original.id}`)).body.replyIds).toEqual([]);
    expect((await server.http.delete(`/v1/statements/${original.id}`)).status).toBe(204);
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expectProblem(await server.http.delete(`/v1/statements/${UNKNOWN_ID}`), 404, 'not-found');
    expectProblem(await server.http.delete('/v1/statements/123'), 400, 'validation-error');
  });
});
