import { createBody, expectProblem, type BodyRecord } from '../support/factories.js';
import { startServer, type TestServer } from '../support/server.js';
import {
  createStatement,
  daysFromToday,
  insertContact,
  insertLiaison,
  statementInput,
  storedById,
  storedByReference,
  uniqueReference,
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

/** Nothing at all is stored for this sender and reference. */
async function expectNothingStored(fromBodyId: string, reference: string): Promise<void> {
  expect(await storedByReference(server, fromBodyId, reference)).toEqual({
    statements: 0,
    recipients: [],
    contacts: [],
    attachments: [],
    liaisons: [],
  });
}

describe('POST /v1/statements', () => {
  it('creates the SG17 statement to TSAG with every field, answers 201 with Location, and stores all rows', async () => {
    const sg17 = await createBody(server, { designation: 'ITU-T SG17', name: 'Security', kind: 'study_group' });
    const tsag = await createBody(server, {
      designation: 'ITU-T TSAG',
      name: 'Telecommunication Standardization Advisory Group',
      kind: 'advisory_group',
    });
    const sg13 = await createBody(server, { designation: 'ITU-T SG13', kind: 'study_group' });
    const sg20 = await createBody(server, { designation: 'ITU-T SG20', kind: 'study_group' });
    const contactA = await insertContact(server, 'Contact A');
    const contactB = await insertContact(server, 'Contact B');
    const liaison = await insertLiaison(server);
    const input = {
      reference: '  SG17-LS  123 ',
      title: 'LS on establishment of a Joint Correspondence Group on Trust (Joint-CG-Trust)',
      fromBodyId: sg17.id,
      toBodyIds: [tsag.id],
      ccBodyIds: [sg20.id, sg13.id],
      purpose: 'action',
      deadline: '2025-07-15',
      approval: { level: 'ITU-T SG17 meeting, Geneva, 8-17 April 2025', date: '2025-04-17' },
      sentOn: '2025-04-22',
      contactIds: [contactB, contactA],
      summary:
        'This liaison statement requests ITU-T TSAG to establish Joint Correspondence Group on Trust (Joint-CG-Trust) under the auspices of TSAG.',
      text: 'ITU-T Study Group 17 reviewed the SG20 liaison statement.\n\nAnnex A\tDraft Terms of Reference',
      documentReferences: [' SG17  TD28-GEN ', 'SG17-C44', 'SG17-C109', 'WTSA-24 Action 8'],
      attachments: [
        { title: 'Annex A: draft ToR', url: 'https://www.itu.int/md/T25-SG17-250408-TD-GEN-0028/en' },
        { title: 'SG20 LS', url: 'http://example.org/sg20-ls.docx' },
      ],
      liaisonIds: [liaison],
    };
    const response = await server.http.post('/v1/statements').send(input);
    expect(response.status).toBe(201);
    const body = response.body as StatementRecord;
    expect(response.headers.location).toBe(`/v1/statements/${body.id}`);
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      reference: 'SG17-LS 123',
      title: input.title,
      fromBodyId: sg17.id,
      from: { id: sg17.id, designation: 'ITU-T SG17', name: 'Security' },
      toBodyIds: [tsag.id],
      ccBodyIds: [sg20.id, sg13.id],
      purpose: 'action',
      deadline: '2025-07-15',
      overdue: daysFromToday(0) > '2025-07-15',
      inReplyToId: null,
      replyIds: [],
      approval: { level: 'ITU-T SG17 meeting, Geneva, 8-17 April 2025', date: '2025-04-17' },
      sentOn: '2025-04-22',
      contactIds: [contactB, contactA],
      summary: input.summary,
      text: input.text,
      documentReferences: ['SG17 TD28-GEN', 'SG17-C44', 'SG17-C109', 'WTSA-24 Action 8'],
      attachments: input.attachments,
      liaisonIds: [liaison],
      actionTaken: { taken: false, on: null, note: null },
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(new Date(body.createdAt).toISOString()).toBe(body.createdAt);

    const row = await server.db.query(
      `SELECT reference, from_body_id, purpose, deadline::text, approval_level, approved_on::text, sent_on::text,
              body_text, document_references, action_taken FROM statements WHERE id = $1`,
      [body.id],
    );
    expect(row.rows).toEqual([
      {
        reference: 'SG17-LS 123',
        from_body_id: sg17.id,
        purpose: 'action',
        deadline: '2025-07-15',
        approval_level: 'ITU-T SG17 meeting, Geneva, 8-17 April 2025',
        approved_on: '2025-04-17',
        sent_on: '2025-04-22',
        body_text: input.text,
        document_references: ['SG17 TD28-GEN', 'SG17-C44', 'SG17-C109', 'WTSA-24 Action 8'],
        action_taken: false,
      },
    ]);
    expect(await storedById(server, body.id)).toEqual({
      statements: 1,
      recipients: [
        { body_id: tsag.id, kind: 'to', position: 0 },
        { body_id: sg20.id, kind: 'cc', position: 0 },
        { body_id: sg13.id, kind: 'cc', position: 1 },
      ],
      contacts: [
        { contact_id: contactB, position: 0 },
        { contact_id: contactA, position: 1 },
      ],
      attachments: [
        { ...input.attachments[0], position: 0 },
        { ...input.attachments[1], position: 1 },
      ],
      liaisons: [liaison],
    });

    const read = await server.http.get(`/v1/statements/${body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(body);
  });

  it('fills defaults for a minimal information statement', async () => {
    const input = await statementInput(server);
    const response = await server.http.post('/v1/statements').send(input);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      reference: input.reference,
      purpose: 'information',
      ccBodyIds: [],
      deadline: null,
      overdue: false,
      inReplyToId: null,
      approval: null,
      sentOn: null,
      contactIds: [],
      summary: null,
      text: null,
      documentReferences: [],
      attachments: [],
      liaisonIds: [],
      actionTaken: { taken: false, on: null, note: null },
    });
  });

  it('accepts an approval without a date and an action already recorded as taken', async () => {
    const statement = await createStatement(server, {
      purpose: 'comment',
      deadline: daysFromToday(-3),
      approval: { level: 'SG17 chair' },
      actionTaken: { taken: true, on: daysFromToday(-5), note: 'Answered by e-mail.' },
    });
    expect(statement.approval).toEqual({ level: 'SG17 chair', date: null });
    expect(statement.actionTaken).toEqual({ taken: true, on: daysFromToday(-5), note: 'Answered by e-mail.' });
    expect(statement.overdue).toBe(false);
  });

  it('computes overdue from the deadline (before today, UTC) and the action taken', async () => {
    const late = await createStatement(server, { purpose: 'action', deadline: daysFromToday(-1) });
    const dueToday = await createStatement(server, { purpose: 'action', deadline: daysFromToday(0) });
    const information = await createStatement(server, { purpose: 'information', deadline: daysFromToday(-30) });
    expect(late.overdue).toBe(true);
    expect(dueToday.overdue).toBe(false);
    // a deadline on a statement for information is allowed, and passing it unanswered is overdue too
    expect(information.overdue).toBe(true);
  });

  describe('business rules (422 rule-violation, nothing written)', () => {
    it.each(['action', 'comment'])('refuses a statement for %s without a deadline', async (purpose) => {
      const input = await statementInput(server, { purpose });
      const response = await server.http.post('/v1/statements').send(input);
      expectProblem(response, 422, 'rule-violation');
      expect(response.body.errors).toEqual([{ field: 'deadline', message: expect.stringContaining('deadline') }]);
      await expectNothingStored(input.fromBodyId as string, input.reference as string);
    });

    it('refuses an explicit null deadline on a statement for action', async () => {
      const input = await statementInput(server, { purpose: 'action', deadline: null });
      const response = await server.http.post('/v1/statements').send(input);
      expectProblem(response, 422, 'rule-violation');
      expect(response.body.errors[0].field).toBe('deadline');
    });

    it('refuses a response without inReplyToId', async () => {
      const input = await statementInput(server, { purpose: 'response' });
      const response = await server.http.post('/v1/statements').send(input);
      expectProblem(response, 422, 'rule-violation');
      expect(response.body.errors).toEqual([{ field: 'inReplyToId', message: expect.any(String) }]);
      await expectNothingStored(input.fromBodyId as string, input.reference as string);
    });

    it.each(['information', 'action'])('refuses inReplyToId on a statement for %s', async (purpose) => {
      const original = await createStatement(server);
      const input = await statementInput(server, { purpose, deadline: '2030-01-01', inReplyToId: original.id });
      const response = await server.http.post('/v1/statements').send(input);
      expectProblem(response, 422, 'rule-violation');
      expect(response.body.errors).toEqual([{ field: 'inReplyToId', message: expect.stringContaining('response') }]);
      await expectNothingStored(input.fromBodyId as string, input.reference as string);
    });

    it('refuses the sender as a to recipient', async () => {
      const sender = await createBody(server);
      const other = await createBody(server);
      const input = await statementInput(server, { fromBodyId: sender.id, toBodyIds: [other.id, sender.id] });
      const response = await server.http.post('/v1/statements').send(input);
      expectProblem(response, 422, 'rule-violation');
      expect(response.body.errors).toEqual([{ field: 'toBodyIds[1]', message: expect.stringContaining('sending') }]);
      await expectNothingStored(sender.id, input.reference as string);
    });

    it('refuses the sender as a cc recipient', async () => {
      const sender = await createBody(server);
      const input = await statementInput(server, { fromBodyId: sender.id, ccBodyIds: [sender.id] });
      const response = await server.http.post('/v1/statements').send(input);
      expectProblem(response, 422, 'rule-violation');
      expect(response.body.errors).toEqual([{ field: 'ccBodyIds[0]', message: expect.stringContaining('sending') }]);
      await expectNothingStored(sender.id, input.reference as string);
    });

    it('refuses a body that is both a to and a cc recipient', async () => {
      const both = await createBody(server);
      const other = await createBody(server);
      const input = await statementInput(server, { toBodyIds: [both.id], ccBodyIds: [other.id, both.id] });
      const response = await server.http.post('/v1/statements').send(input);
      expectProblem(response, 422, 'rule-violation');
      expect(response.body.errors).toEqual([{ field: 'ccBodyIds[1]', message: expect.stringContaining('both') }]);
      await expectNothingStored(input.fromBodyId as string, input.reference as string);
    });

    it('refuses a date of action while the action is not taken', async () => {
      const input = await statementInput(server, { actionTaken: { taken: false, on: '2025-01-01' } });
      const response = await server.http.post('/v1/statements').send(input);
      expectProblem(response, 422, 'rule-violation');
      expect(response.body.errors).toEqual([{ field: 'actionTaken.on', message: expect.any(String) }]);
    });

    it('reports every broken rule at once', async () => {
      const sender = await createBody(server);
      const input = await statementInput(server, { fromBodyId: sender.id, toBodyIds: [sender.id], purpose: 'comment' });
      const response = await server.http.post('/v1/statements').send(input);
      expectProblem(response, 422, 'rule-violation');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['deadline', 'toBodyIds[0]']);
    });
  });

  describe('unknown references (422 unknown-reference naming the field, nothing written)', () => {
    it.each([
      ['fromBodyId', { fromBodyId: UNKNOWN_ID }, 'fromBodyId'],
      ['toBodyIds', 'to', 'toBodyIds[1]'],
      ['ccBodyIds', { ccBodyIds: [UNKNOWN_ID] }, 'ccBodyIds[0]'],
      ['contactIds', 'contacts', 'contactIds[1]'],
      ['liaisonIds', { liaisonIds: [UNKNOWN_ID] }, 'liaisonIds[0]'],
      ['inReplyToId', { purpose: 'response', inReplyToId: UNKNOWN_ID }, 'inReplyToId'],
    ])('refuses an unknown id in %s', async (_name, overrides, field) => {
      let extra: Record<string, unknown>;
      if (overrides === 'to') extra = { toBodyIds: [(await createBody(server)).id, UNKNOWN_ID] };
      else if (overrides === 'contacts') extra = { contactIds: [await insertContact(server), UNKNOWN_ID] };
      else extra = overrides as Record<string, unknown>;
      const input = await statementInput(server, extra);
      const response = await server.http.post('/v1/statements').send(input);
      expectProblem(response, 422, 'unknown-reference');
      expect(response.body.errors).toEqual([{ field, message: expect.stringContaining(UNKNOWN_ID) }]);
      expect(response.body.detail).toContain(UNKNOWN_ID);
      const count = await server.db.query('SELECT count(*)::int AS n FROM statements WHERE reference = $1', [
        input.reference,
      ]);
      expect(count.rows[0].n).toBe(0);
    });

    it('names every unknown id at once', async () => {
      const other = '00000000-0000-4000-8000-000000000001';
      const input = await statementInput(server, { ccBodyIds: [UNKNOWN_ID], contactIds: [other] });
      const response = await server.http.post('/v1/statements').send(input);
      expectProblem(response, 422, 'unknown-reference');
      expect(response.body.errors).toEqual([
        { field: 'ccBodyIds[0]', message: `No body with id ${UNKNOWN_ID} exists.` },
        { field: 'contactIds[0]', message: `No contact with id ${other} exists.` },
      ]);
      expect(response.body.detail).toMatch(/2 problems/);
    });
  });

  describe('validation (400)', () => {
    it('refuses an empty toBodyIds', async () => {
      const input = await statementInput(server, { toBodyIds: [] });
      const response = await server.http.post('/v1/statements').send(input);
      expectProblem(response, 400, 'validation-error');
      expect(response.body.errors).toEqual([{ field: 'toBodyIds', message: 'toBodyIds must name at least one body' }]);
      await expectNothingStored(input.fromBodyId as string, input.reference as string);
    });

    it.each(['toBodyIds', 'ccBodyIds', 'contactIds', 'liaisonIds'])('refuses duplicates in %s', async (field) => {
      const id = (await createBody(server)).id;
      const input = await statementInput(server, { [field]: [id, id.toUpperCase()] });
      const response = await server.http.post('/v1/statements').send(input);
      expectProblem(response, 400, 'validation-error');
      expect(response.body.errors).toEqual([{ field, message: `${field} must not contain duplicates` }]);
      await expectNothingStored(input.fromBodyId as string, input.reference as string);
    });

    it('refuses duplicates in documentReferences, after spaces are normalised', async () => {
      const input = await statementInput(server, { documentReferences: ['SG17 TD28-GEN', ' SG17  TD28-GEN'] });
      const response = await server.http.post('/v1/statements').send(input);
      expectProblem(response, 400, 'validation-error');
      expect(response.body.errors).toEqual([
        { field: 'documentReferences', message: 'documentReferences must not contain duplicates' },
      ]);
    });

    it.each([
      ['missing reference', { reference: undefined }, 'reference', 'reference must be a string'],
      ['blank title', { title: '   ' }, 'title', expect.stringContaining('title must be longer')],
      ['control characters', { title: 'a\u0007b' }, 'title', 'title must not contain control characters'],
      ['unknown purpose', { purpose: 'gossip' }, 'purpose', expect.stringContaining('purpose must be one of')],
      ['non-uuid sender', { fromBodyId: 'sg17' }, 'fromBodyId', 'fromBodyId must be a UUID'],
      ['non-uuid recipient', { toBodyIds: ['sg17'] }, 'toBodyIds', 'each value in toBodyIds must be a UUID'],
      ['recipients not a list', { toBodyIds: 'x' }, 'toBodyIds', 'toBodyIds must be an array'],
      ['impossible date', { deadline: '2025-02-30' }, 'deadline', 'deadline must be a valid calendar date'],
      ['date with time', { deadline: '2025-02-03T10:00:00Z' }, 'deadline', 'deadline must be a date as YYYY-MM-DD'],
      ['numeric date', { sentOn: 20250203 }, 'sentOn', 'sentOn must be a string'],
      ['null list', { ccBodyIds: null }, 'ccBodyIds', 'ccBodyIds must be an array'],
      ['approval without level', { approval: { date: '2025-04-17' } }, 'approval.level', 'level must be a string'],
      [
        'ftp attachment',
        { attachments: [{ title: 'x', url: 'ftp://example.org/a' }] },
        'attachments[0].url',
        'url must be an http or https URL',
      ],
      [
        'attachment not an object',
        { attachments: ['x'] },
        'attachments',
        'each value in attachments must be an object',
      ],
      ['actionTaken without taken', { actionTaken: { note: 'x' } }, 'actionTaken.taken', expect.any(String)],
      ['unknown field', { colour: 'red' }, 'colour', 'colour is not a known field'],
      [
        'unknown nested field',
        { approval: { level: 'x', by: 'me' } },
        'approval.by',
        'approval.by is not a known field',
      ],
      [
        'too many recipients',
        { ccBodyIds: Array.from({ length: 51 }, () => UNKNOWN_ID) },
        'ccBodyIds',
        expect.any(String),
      ],
    ])('refuses %s', async (_name, overrides, field, message) => {
      const input = await statementInput(server, overrides);
      const response = await server.http.post('/v1/statements').send(input);
      expectProblem(response, 400, 'validation-error');
      expect(response.body.errors).toContainEqual({ field, message });
      await expectNothingStored(input.fromBodyId as string, String(input.reference));
    });

    it('answers odd shapes with 400, never 500', async () => {
      const base = await statementInput(server);
      const odd: Record<string, unknown>[] = [
        { attachments: [null] },
        { attachments: [[]] },
        { attachments: [[{ title: 'x', url: 'https://example.org/x' }]] },
        { approval: [[]] },
        { attachments: {} },
        { approval: [] },
        { approval: 'yes' },
        { actionTaken: { taken: 'yes' } },
        { actionTaken: [] },
        { toBodyIds: [123] },
        { toBodyIds: [null] },
        { toBodyIds: {} },
        { documentReferences: [1] },
        { documentReferences: [''] },
        { deadline: '' },
        { deadline: '0000-01-01' },
        { deadline: '99999-01-01' },
        { reference: 'x'.repeat(101) },
        { title: ['x'] },
        { summary: '' },
        { purpose: null },
      ];
      for (const overrides of odd) {
        const response = await server.http.post('/v1/statements').send({ ...base, ...overrides });
        expect([response.status, overrides]).toEqual([400, overrides]);
        expectProblem(response, 400, 'validation-error');
      }
      for (const body of ['[]', '"x"', 'null', '{"reference":']) {
        const response = await server.http.post('/v1/statements').set('content-type', 'application/json').send(body);
        expect(response.status).toBe(400);
      }
      const count = await server.db.query('SELECT count(*)::int AS n FROM statements WHERE from_body_id = $1', [
        base.fromBodyId,
      ]);
      expect(count.rows[0].n).toBe(0);
    });

    it('keeps line breaks and tabs in the text but refuses other control characters', async () => {
      const ok = await createStatement(server, { text: 'line 1\n\tline 2', summary: 'a\r\nb' });
      expect(ok.text).toBe('line 1\n\tline 2');
      const input = await statementInput(server, { text: 'bell\u0007' });
      const response = await server.http.post('/v1/statements').send(input);
      expectProblem(response, 400, 'validation-error');
      expect(response.body.errors).toEqual([{ field: 'text', message: 'text must not contain control characters' }]);
    });
  });

  describe('duplicate references (409)', () => {
    it('refuses a reference the sender already used, whatever its case and spacing', async () => {
      const existing = await createStatement(server, { reference: 'SG17-LS 42' });
      const input = await statementInput(server, {
        fromBodyId: existing.fromBodyId,
        reference: ' sg17-ls   42',
      });
      const response = await server.http.post('/v1/statements').send(input);
      expectProblem(response, 409, 'duplicate-resource');
      expect(response.body.existingId).toBe(existing.id);
      expect(response.body.errors).toEqual([{ field: 'reference', message: expect.any(String) }]);
      const stored = await storedByReference(server, existing.fromBodyId, 'SG17-LS 42');
      expect(stored.statements).toBe(1);
      expect(stored.recipients).toHaveLength(1);
    });

    it('allows the same reference from another sender', async () => {
      const existing = await createStatement(server);
      const other = await createStatement(server, { reference: existing.reference });
      expect(other.reference).toBe(existing.reference);
      expect(other.fromBodyId).not.toBe(existing.fromBodyId);
    });

    it('gives concurrent creates of one reference exactly one winner and writes one set of rows', async () => {
      const sender = await createBody(server);
      const to = await createBody(server);
      const cc = await createBody(server);
      const contact = await insertContact(server);
      const reference = uniqueReference('RACE');
      const responses = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          server.http.post('/v1/statements').send({
            reference: i % 2 === 0 ? reference : reference.toLowerCase(),
            title: `Race ${i}`,
            fromBodyId: sender.id,
            toBodyIds: [to.id],
            ccBodyIds: [cc.id],
            contactIds: [contact],
            attachments: [{ title: 'a', url: 'https://example.org/a' }],
            purpose: 'information',
          }),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
      for (const response of responses.filter((r) => r.status === 409)) {
        expectProblem(response, 409, 'duplicate-resource');
      }
      const stored = await storedByReference(server, sender.id, reference);
      expect(stored.statements).toBe(1);
      expect(stored.recipients).toHaveLength(2);
      expect(stored.contacts).toHaveLength(1);
      expect(stored.attachments).toHaveLength(1);
    });
  });

  it('writes nothing when a join-table insert fails after the statement row was written', async () => {
    // Simulates a liaison deleted between the existence check and the insert: the foreign key
    // fails on statement_liaisons, after the statement, its recipients and contacts were inserted.
    const liaison = await insertLiaison(server);
    await server.db.query(`CREATE FUNCTION fail_liaison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'simulated' USING ERRCODE = 'foreign_key_violation',
          CONSTRAINT = 'statement_liaisons_liaison_id_fkey';
      END $$`);
    await server.db.query(`CREATE TRIGGER fail_liaison BEFORE INSERT ON statement_liaisons
      FOR EACH ROW WHEN (NEW.liaison_id = '${liaison}') EXECUTE FUNCTION fail_liaison()`);
    try {
      const input = await statementInput(server, {
        contactIds: [await insertContact(server)],
        attachments: [{ title: 'a', url: 'https://example.org/a' }],
        liaisonIds: [liaison],
      });
      const response = await server.http.post('/v1/statements').send(input);
      expectProblem(response, 422, 'unknown-reference');
      expect(response.body.errors).toEqual([{ field: 'liaisonIds', message: expect.any(String) }]);
      await expectNothingStored(input.fromBodyId as string, input.reference as string);
      const orphans = await server.db.query(
        `SELECT (SELECT count(*) FROM statement_recipients r WHERE NOT EXISTS (SELECT 1 FROM statements s WHERE s.id = r.statement_id))::int AS n`,
      );
      expect(orphans.rows[0].n).toBe(0);
    } finally {
      await server.db.query('DROP TRIGGER fail_liaison ON statement_liaisons');
      await server.db.query('DROP FUNCTION fail_liaison()');
    }
  });
});

describe('GET /v1/statements/{id}', () => {
  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const missing = await server.http.get(`/v1/statements/${UNKNOWN_ID}`);
    expectProblem(missing, 404, 'not-found');
    expect(missing.body.detail).toContain(UNKNOWN_ID);
    const malformed = await server.http.get('/v1/statements/not-a-uuid');
    expectProblem(malformed, 400, 'validation-error');
    expect(malformed.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
  });

  it('embeds the current designation of the sender', async () => {
    const sender: BodyRecord = await createBody(server);
    const statement = await createStatement(server, { fromBodyId: sender.id });
    await server.http.patch(`/v1/bodies/${sender.id}`).send({ name: 'Renamed sender' });
    const read = await server.http.get(`/v1/statements/${statement.id}`);
    expect(read.body.from).toEqual({ id: sender.id, designation: sender.designation, name: 'Renamed sender' });
  });
});

describe('OpenAPI document', () => {
  it('documents the statements operations with stable ids, named enums, uuid ids and problem responses', async () => {
    const document = (await server.http.get('/openapi.json')).body;
    const operations: Record<string, { path: string; method: string; operation: Record<string, unknown> }> = {};
    for (const [route, item] of Object.entries(
      document.paths as Record<string, Record<string, { operationId: string; tags: string[] }>>,
    )) {
      for (const [method, operation] of Object.entries(item)) {
        if (route.startsWith('/v1/statements')) operations[operation.operationId] = { path: route, method, operation };
      }
    }
    expect(Object.fromEntries(Object.entries(operations).map(([id, o]) => [id, `${o.method} ${o.path}`]))).toEqual({
      listStatements: 'get /v1/statements',
      createStatement: 'post /v1/statements',
      getStatement: 'get /v1/statements/{id}',
      updateStatement: 'patch /v1/statements/{id}',
      deleteStatement: 'delete /v1/statements/{id}',
    });
    const responses = (id: string) => Object.keys(operations[id]!.operation.responses as object).sort();
    expect(responses('listStatements')).toEqual(['200', '304', '400', '401', '429', '500', '503']);
    expect(responses('createStatement')).toEqual([
      '201',
      '400',
      '401',
      '403',
      '409',
      '413',
      '415',
      '422',
      '429',
      '500',
      '503',
    ]);
    expect(responses('getStatement')).toEqual(['200', '304', '400', '401', '404', '429', '500', '503']);
    expect(responses('updateStatement')).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '412',
      '413',
      '415',
      '422',
      '428',
      '429',
      '500',
      '503',
    ]);
    expect(responses('deleteStatement')).toEqual([
      '204',
      '400',
      '401',
      '403',
      '404',
      '409',
      '412',
      '413',
      '415',
      '428',
      '429',
      '500',
      '503',
    ]);
    for (const o of Object.values(operations)) expect(o.operation.tags).toEqual(['statements']);
    expect((operations.getStatement!.operation.parameters as unknown[])[0]).toMatchObject({
      name: 'id',
      in: 'path',
      schema: { type: 'string', format: 'uuid' },
    });
    const schemas = document.components.schemas;
    expect(schemas.StatementPurpose.enum).toEqual(['action', 'comment', 'information', 'response']);
    expect(schemas.StatementSort.enum).toEqual([
      'createdAt',
      '-createdAt',
      'sentOn',
      '-sentOn',
      'deadline',
      '-deadline',
    ]);
    expect(schemas.StatementDto.properties.deadline).toMatchObject({ type: ['string', 'null'], format: 'date' });
    expect(schemas.StatementDto.properties.toBodyIds.items).toEqual({ type: 'string', format: 'uuid', maxLength: 36 });
    expect(schemas.CreateStatementDto.required).toEqual(['reference', 'title', 'fromBodyId', 'toBodyIds', 'purpose']);
    expect(schemas.CreateStatementDto.properties.toBodyIds).toMatchObject({ minItems: 1, maxItems: 50 });
  });
});
