import { createApiKey } from '../support/auth.js';
import { createBody, expectProblem } from '../support/factories.js';
import {
  createLiaison,
  createLiaisonPair,
  insertContact,
  insertStatement,
  insertWorkItem,
  UNKNOWN_ID,
  type LiaisonRecord,
} from '../support/liaison-factories.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.dispose();
});

async function storedLiaison(id: string): Promise<Record<string, unknown> | undefined> {
  const result = await server.db.query(
    `SELECT committee_id, partner_id, category, status, rationale, objectives, proposed_by_body_id,
            proposed_on::text, approved_on::text, established_on::text, last_reviewed_on::text,
            next_review_due::text, version
       FROM liaisons WHERE id = $1`,
    [id],
  );
  return result.rows[0] as Record<string, unknown> | undefined;
}

async function storedLists(id: string): Promise<{ representatives: string[]; workItems: string[] }> {
  const representatives = await server.db.query(
    'SELECT contact_id, position FROM liaison_representatives WHERE liaison_id = $1 ORDER BY position',
    [id],
  );
  const workItems = await server.db.query(
    'SELECT work_item_id, position FROM liaison_work_items WHERE liaison_id = $1 ORDER BY position',
    [id],
  );
  // positions are 0..n-1 in list order
  expect(representatives.rows.map((r) => r.position)).toEqual(representatives.rows.map((_r, i) => i));
  expect(workItems.rows.map((r) => r.position)).toEqual(workItems.rows.map((_r, i) => i));
  return {
    representatives: representatives.rows.map((r) => r.contact_id as string),
    workItems: workItems.rows.map((r) => r.work_item_id as string),
  };
}

async function liaisonCount(committeeId: string): Promise<number> {
  const result = await server.db.query('SELECT count(*)::int AS n FROM liaisons WHERE committee_id = $1', [
    committeeId,
  ]);
  return result.rows[0].n as number;
}

describe('POST /v1/liaisons', () => {
  it('creates a liaison with every field, answers 201 with Location, and stores it', async () => {
    const sc42 = await createBody(server, { kind: 'subcommittee', name: 'Artificial intelligence' });
    const mts = await createBody(server, { kind: 'technical_committee', name: 'Methods for Testing' });
    const reps = [await insertContact(server, 'Heather Benko'), await insertContact(server, 'Andrew Dryden')];
    const items = [
      await insertWorkItem(server, mts.id, 'DTR/MTS 103910'),
      await insertWorkItem(server, mts.id, 'DTS/MTS 104008'),
      await insertWorkItem(server, mts.id, 'DTR/MTS-20187318'),
    ];
    const response = await server.http.post('/v1/liaisons').send({
      committeeId: sc42.id,
      partnerId: mts.id,
      category: 'category_a',
      rationale: '  ETSI TC MTS develops standards related to testing and auditing ML-based systems.\nSecond line. ',
      objectives: ['  foster closer   co‐operation ', 'prevent duplication of work'],
      proposedByBodyId: mts.id,
      proposedOn: '2024-03-15',
      approvedOn: '2024-09-30',
      establishedOn: '2024-10-01',
      lastReviewedOn: '2025-10-01',
      nextReviewDue: '2027-10-01',
      representativeIds: [reps[1], reps[0]],
      workItemIds: [items[2], items[0], items[1]],
    });
    expect(response.status).toBe(201);
    const liaison = response.body as LiaisonRecord;
    expect(response.headers.location).toBe(`/v1/liaisons/${liaison.id}`);
    expect(liaison).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      committeeId: sc42.id,
      committee: { id: sc42.id, designation: sc42.designation, name: 'Artificial intelligence', kind: 'subcommittee' },
      partnerId: mts.id,
      partner: { id: mts.id, designation: mts.designation, name: 'Methods for Testing', kind: 'technical_committee' },
      category: 'category_a',
      status: 'proposed',
      rationale: 'ETSI TC MTS develops standards related to testing and auditing ML-based systems.\nSecond line.',
      objectives: ['foster closer co‐operation', 'prevent duplication of work'],
      proposedByBodyId: mts.id,
      proposedOn: '2024-03-15',
      approvedOn: '2024-09-30',
      establishedOn: '2024-10-01',
      lastReviewedOn: '2025-10-01',
      nextReviewDue: '2027-10-01',
      representativeIds: [reps[1], reps[0]],
      workItemIds: [items[2], items[0], items[1]],
      warnings: [],
      allowedActions: ['submitForEligibility', 'reject'],
      experts: [],
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(new Date(liaison.createdAt).toISOString()).toBe(liaison.createdAt);

    expect(await storedLiaison(liaison.id)).toEqual({
      committee_id: sc42.id,
      partner_id: mts.id,
      category: 'category_a',
      status: 'proposed',
      rationale: 'ETSI TC MTS develops standards related to testing and auditing ML-based systems.\nSecond line.',
      objectives: ['foster closer co‐operation', 'prevent duplication of work'],
      proposed_by_body_id: mts.id,
      proposed_on: '2024-03-15',
      approved_on: '2024-09-30',
      established_on: '2024-10-01',
      last_reviewed_on: '2025-10-01',
      next_review_due: '2027-10-01',
      version: 1,
    });
    expect(await storedLists(liaison.id)).toEqual({
      representatives: [reps[1], reps[0]],
      workItems: [items[2], items[0], items[1]],
    });

    const read = await server.http.get(`/v1/liaisons/${liaison.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(liaison);
  });

  it('defaults status to proposed, lists to empty and optional fields to null', async () => {
    const { committee, partner } = await createLiaisonPair(server);
    const response = await server.http
      .post('/v1/liaisons')
      .send({ committeeId: committee.id, partnerId: partner.id, category: 'category_b' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      status: 'proposed',
      rationale: null,
      objectives: [],
      proposedByBodyId: null,
      proposedOn: null,
      approvedOn: null,
      establishedOn: null,
      lastReviewedOn: null,
      nextReviewDue: null,
      representativeIds: [],
      workItemIds: [],
      warnings: [],
    });
    expect(await storedLists(response.body.id)).toEqual({ representatives: [], workItems: [] });
  });

  it('accepts ids in upper case, and another status than proposed only from an admin key, recorded as existing', async () => {
    const { committee, partner } = await createLiaisonPair(server);
    const input = {
      committeeId: committee.id.toUpperCase(),
      partnerId: partner.id.toUpperCase(),
      category: 'category_a',
      status: 'active',
    };
    const secretariat = await createApiKey(server, { role: 'secretariat', bodyIds: [committee.id] });
    const refused = await secretariat.http.post('/v1/liaisons').send(input);
    expectProblem(refused, 403, 'forbidden');
    expect(refused.body).toMatchObject({
      requiredRoles: ['admin'],
      errors: [{ field: 'status', message: expect.any(String) }],
    });
    expect(await liaisonCount(committee.id)).toBe(0);

    const response = await server.http.post('/v1/liaisons').send(input);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ status: 'active', committeeId: committee.id, partnerId: partner.id });
    const history = await server.http.get(`/v1/liaisons/${response.body.id}/history`);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        action: 'create',
        fromStatus: null,
        toStatus: 'active',
        reason: expect.stringContaining('Recorded as existing'),
      }),
    ]);
  });

  describe('refuses malformed input with 400 naming the field', () => {
    const valid = {
      committeeId: UNKNOWN_ID,
      partnerId: '10000000-0000-4000-8000-000000000000',
      category: 'category_a',
    };
    const contact = 'abcdef00-0000-4000-8000-00000000000a';
    it.each([
      ['committeeId missing', { committeeId: undefined }, 'committeeId'],
      ['committeeId not a UUID', { committeeId: 'sc42' }, 'committeeId'],
      ['partnerId null', { partnerId: null }, 'partnerId'],
      ['category unknown', { category: 'category_z' }, 'category'],
      ['status null', { status: null }, 'status'],
      ['status unknown', { status: 'dormant' }, 'status'],
      ['rationale empty', { rationale: '   ' }, 'rationale'],
      ['rationale with a control character', { rationale: 'bell\u0007' }, 'rationale'],
      ['rationale too long', { rationale: 'x'.repeat(10_001) }, 'rationale'],
      ['rationale a number', { rationale: 42 }, 'rationale'],
      ['objectives not an array', { objectives: 'prevent duplication' }, 'objectives'],
      ['objectives null', { objectives: null }, 'objectives'],
      ['an empty objective', { objectives: ['ok', ' '] }, 'objectives'],
      ['an objective with a control character', { objectives: ['bell\u0007'] }, 'objectives'],
      ['too many objectives', { objectives: Array.from({ length: 51 }, (_v, i) => `objective ${i}`) }, 'objectives'],
      ['proposedByBodyId not a UUID', { proposedByBodyId: 'ETSI' }, 'proposedByBodyId'],
      ['proposedOn with a time', { proposedOn: '2024-03-15T00:00:00Z' }, 'proposedOn'],
      ['proposedOn without dashes', { proposedOn: '20240315' }, 'proposedOn'],
      ['approvedOn not a calendar date', { approvedOn: '2023-02-29' }, 'approvedOn'],
      ['establishedOn year zero', { establishedOn: '0000-01-01' }, 'establishedOn'],
      ['nextReviewDue a number', { nextReviewDue: 20240101 }, 'nextReviewDue'],
      ['representativeIds not an array', { representativeIds: contact }, 'representativeIds'],
      ['representativeIds with a non-UUID', { representativeIds: [contact, 'x'] }, 'representativeIds'],
      ['representativeIds with a duplicate', { representativeIds: [contact, contact] }, 'representativeIds'],
      [
        'representativeIds with a duplicate in another case',
        { representativeIds: [contact, contact.toUpperCase()] },
        'representativeIds',
      ],
      [
        'too many representativeIds',
        {
          representativeIds: Array.from(
            { length: 51 },
            (_v, i) => `20000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          ),
        },
        'representativeIds',
      ],
      ['workItemIds with a duplicate', { workItemIds: [contact, contact] }, 'workItemIds'],
      ['workItemIds null', { workItemIds: null }, 'workItemIds'],
      ['an unknown field', { votes: 12 }, 'votes'],
    ])('%s', async (_case, change, field) => {
      const response = await server.http.post('/v1/liaisons').send({ ...valid, ...change });
      expectProblem(response, 400, 'validation-error');
      expect(response.body.errors).toEqual(expect.arrayContaining([{ field, message: expect.any(String) }]));
    });

    it('refuses a body that is not a JSON object', async () => {
      expectProblem(await server.http.post('/v1/liaisons').send([valid]), 400, 'validation-error');
    });
  });

  it.each([
    ['committeeId', 'body'],
    ['partnerId', 'body'],
    ['proposedByBodyId', 'body'],
  ])('refuses an unknown %s with 422 naming it, and writes nothing', async (field) => {
    const { committee, partner } = await createLiaisonPair(server);
    const response = await server.http
      .post('/v1/liaisons')
      .send({ committeeId: committee.id, partnerId: partner.id, category: 'category_a', [field]: UNKNOWN_ID });
    expectProblem(response, 422, 'unknown-reference');
    expect(response.body.errors).toEqual([{ field, message: `No body with id ${UNKNOWN_ID} exists.` }]);
    expect(await liaisonCount(committee.id)).toBe(0);
  });

  it('refuses unknown representatives and work items with 422 naming each position, and writes nothing', async () => {
    const { committee, partner } = await createLiaisonPair(server);
    const contact = await insertContact(server);
    const item = await insertWorkItem(server, partner.id);
    const missingContact = '30000000-0000-4000-8000-000000000001';
    const response = await server.http.post('/v1/liaisons').send({
      committeeId: committee.id,
      partnerId: partner.id,
      category: 'category_a',
      representativeIds: [contact, missingContact],
      workItemIds: [UNKNOWN_ID, item],
    });
    expectProblem(response, 422, 'unknown-reference');
    expect(response.body.errors).toEqual([
      { field: 'representativeIds[1]', message: `No contact with id ${missingContact} exists.` },
      { field: 'workItemIds[0]', message: `No work item with id ${UNKNOWN_ID} exists.` },
    ]);
    expect(await liaisonCount(committee.id)).toBe(0);
    const links = await server.db.query(
      'SELECT count(*)::int AS n FROM liaison_representatives WHERE contact_id = $1',
      [contact],
    );
    expect(links.rows[0].n).toBe(0);
  });

  it('refuses a work item id given as a representative (ids are checked against the right table)', async () => {
    const { committee, partner } = await createLiaisonPair(server);
    const item = await insertWorkItem(server, partner.id);
    const response = await server.http
      .post('/v1/liaisons')
      .send({ committeeId: committee.id, partnerId: partner.id, category: 'category_a', representativeIds: [item] });
    expectProblem(response, 422, 'unknown-reference');
    expect(response.body.errors).toEqual([{ field: 'representativeIds[0]', message: expect.any(String) }]);
  });

  it('refuses a liaison of a body with itself with 422, whatever the case of the ids', async () => {
    const body = await createBody(server, { kind: 'subcommittee' });
    for (const partnerId of [body.id, body.id.toUpperCase()]) {
      const response = await server.http
        .post('/v1/liaisons')
        .send({ committeeId: body.id, partnerId, category: 'internal' });
      expectProblem(response, 422, 'rule-violation');
      expect(response.body.detail).toMatch(/cannot hold a liaison with itself/);
      expect(response.body.errors).toEqual([{ field: 'partnerId', message: expect.any(String) }]);
    }
    expect(await liaisonCount(body.id)).toBe(0);
  });

  it('refuses approval or establishment before the proposal with 422 naming the fields', async () => {
    const { committee, partner } = await createLiaisonPair(server);
    const response = await server.http.post('/v1/liaisons').send({
      committeeId: committee.id,
      partnerId: partner.id,
      category: 'category_a',
      proposedOn: '2024-03-15',
      approvedOn: '2024-03-14',
      establishedOn: '2023-12-31',
    });
    expectProblem(response, 422, 'rule-violation');
    expect(response.body.errors).toEqual([
      { field: 'approvedOn', message: expect.stringContaining('2024-03-15') },
      { field: 'establishedOn', message: expect.stringContaining('2024-03-15') },
    ]);
    expect(await liaisonCount(committee.id)).toBe(0);
    const sameDay = await server.http.post('/v1/liaisons').send({
      committeeId: committee.id,
      partnerId: partner.id,
      category: 'category_a',
      proposedOn: '2024-03-15',
      approvedOn: '2024-03-15',
      establishedOn: '2024-03-15',
    });
    expect(sameDay.status).toBe(201);
  });

  it('refuses a second live liaison with the same committee, partner and category with 409 naming the first', async () => {
    const first = await createLiaison(server, { category: 'category_a' });
    const response = await server.http
      .post('/v1/liaisons')
      .send({ committeeId: first.committeeId, partnerId: first.partnerId, category: 'category_a', status: 'active' });
    expectProblem(response, 409, 'duplicate-resource');
    expect(response.body.existingId).toBe(first.id);
    expect(response.body.errors).toEqual([{ field: 'category', message: expect.any(String) }]);
    expect(await liaisonCount(first.committeeId)).toBe(1);

    // another category, or the other direction, is another liaison
    const other = await server.http
      .post('/v1/liaisons')
      .send({ committeeId: first.committeeId, partnerId: first.partnerId, category: 'category_b' });
    expect(other.status).toBe(201);
    const reverse = await server.http
      .post('/v1/liaisons')
      .send({ committeeId: first.partnerId, partnerId: first.committeeId, category: 'category_a' });
    expect(reverse.status).toBe(201);
  });

  it('allows a new liaison once the live one is withdrawn or rejected', async () => {
    const first = await createLiaison(server, { category: 'category_a' });
    const key = { committeeId: first.committeeId, partnerId: first.partnerId, category: 'category_a' };
    const withdrawn = await server.http
      .post(`/v1/liaisons/${first.id}/transitions`)
      .send({ action: 'reject', reason: 'Replaced' });
    expect(withdrawn.status).toBe(200);
    const second = await server.http.post('/v1/liaisons').send(key);
    expect(second.status).toBe(201);
    const rejected = await server.http
      .post(`/v1/liaisons/${second.body.id}/transitions`)
      .send({ action: 'reject', reason: 'Not eligible' });
    expect(rejected.status).toBe(200);
    const third = await server.http.post('/v1/liaisons').send(key);
    expect(third.status).toBe(201);
    // a terminal record can be entered while a live one exists (history)
    const history = await server.http.post('/v1/liaisons').send({ ...key, status: 'withdrawn' });
    expect(history.status).toBe(201);
    const stored = await server.db.query(
      'SELECT status FROM liaisons WHERE committee_id = $1 AND partner_id = $2 ORDER BY created_at',
      [first.committeeId, first.partnerId],
    );
    expect(stored.rows.map((r) => r.status)).toEqual(['rejected', 'rejected', 'proposed', 'withdrawn']);
  });

  it('gives concurrent creates of one live liaison exactly one winner', async () => {
    const { committee, partner } = await createLiaisonPair(server);
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        server.http
          .post('/v1/liaisons')
          .send({ committeeId: committee.id, partnerId: partner.id, category: 'category_a' }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const winner = responses.find((r) => r.status === 201)!;
    for (const loser of responses.filter((r) => r.status === 409)) {
      expectProblem(loser, 409, 'duplicate-resource');
      expect(loser.body.existingId).toBe(winner.body.id);
    }
    expect(await liaisonCount(committee.id)).toBe(1);
  });
});

describe('races decided by the constraints', () => {
  /** Waits until some statement of the app is blocked on a lock held by the test. */
  async function untilBlocked(): Promise<void> {
    for (let i = 0; i < 100; i += 1) {
      const waiting = await server.db.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      );
      if (waiting.rows[0].n > 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the request never waited on the lock');
  }

  it('answers 409 with the winner when a duplicate commits between the pre-check and the insert', async () => {
    const { committee, partner } = await createLiaisonPair(server);
    const client = await server.db.connect();
    try {
      await client.query('BEGIN');
      const inserted = await client.query(
        "INSERT INTO liaisons (committee_id, partner_id, category, status) VALUES ($1, $2, 'category_a', 'active') RETURNING id",
        [committee.id, partner.id],
      );
      const pending = server.http
        .post('/v1/liaisons')
        .send({ committeeId: committee.id, partnerId: partner.id, category: 'category_a' })
        .then((r) => r);
      await untilBlocked();
      await client.query('COMMIT');
      const response = await pending;
      expectProblem(response, 409, 'duplicate-resource');
      expect(response.body.existingId).toBe(inserted.rows[0].id);
    } finally {
      client.release();
    }
    expect(await liaisonCount(committee.id)).toBe(1);
  });

  it('answers 422 naming the list when a representative is deleted between the check and the insert', async () => {
    const { committee, partner } = await createLiaisonPair(server);
    const contact = await insertContact(server);
    const client = await server.db.connect();
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM contacts WHERE id = $1', [contact]);
      const pending = server.http
        .post('/v1/liaisons')
        .send({
          committeeId: committee.id,
          partnerId: partner.id,
          category: 'category_a',
          representativeIds: [contact],
        })
        .then((r) => r);
      await untilBlocked();
      await client.query('COMMIT');
      const response = await pending;
      expectProblem(response, 422, 'unknown-reference');
      expect(response.body.errors).toEqual([{ field: 'representativeIds', message: expect.any(String) }]);
    } finally {
      client.release();
    }
    expect(await liaisonCount(committee.id)).toBe(0);
  });
});

describe('warnings', () => {
  async function warningsOf(
    committeeKind: string,
    category: string,
    designations: { committee?: string; partner?: string } = {},
  ) {
    const committee = await createBody(server, {
      kind: committeeKind,
      ...(designations.committee ? { designation: designations.committee } : {}),
    });
    const partner = await createBody(server, {
      kind: 'technical_committee',
      ...(designations.partner ? { designation: designations.partner } : {}),
    });
    const liaison = await createLiaison(server, { committeeId: committee.id, partnerId: partner.id, category });
    return liaison.warnings;
  }

  it('flags a Category A liaison held by a working group, as in the ETSI proposal to SC 7/WG 26', async () => {
    const wg26 = await createBody(server, {
      designation: `ISO/IEC JTC 1/SC 7/WG 26 ${Date.now()}`,
      name: 'Software testing',
      kind: 'working_group',
    });
    const mts = await createBody(server, { designation: `ETSI TC MTS ${Date.now()}`, kind: 'technical_committee' });
    const liaison = await createLiaison(server, {
      committeeId: wg26.id,
      partnerId: mts.id,
      category: 'category_a',
      proposedByBodyId: mts.id,
    });
    expect(liaison.status).toBe('proposed');
    expect(liaison.warnings).toEqual([
      {
        code: 'category-requires-committee-level',
        message: expect.stringContaining(`${wg26.designation} is a working group`),
      },
    ]);
    // the same warning on every read, including lists
    expect((await server.http.get(`/v1/liaisons/${liaison.id}`)).body.warnings).toEqual(liaison.warnings);
    const listed = await server.http.get(`/v1/liaisons?committeeId=${wg26.id}`);
    expect(listed.body.items[0].warnings).toEqual(liaison.warnings);
  });

  it('has no warning for a Category A liaison held by a subcommittee', async () => {
    expect(await warningsOf('subcommittee', 'category_a')).toEqual([]);
    expect(await warningsOf('joint_technical_committee', 'category_b')).toEqual([]);
  });

  it('flags Category C above working-group level and not at it', async () => {
    expect((await warningsOf('subcommittee', 'category_c')).map((w) => w.code)).toEqual([
      'category-c-requires-working-group',
    ]);
    expect(await warningsOf('working_group', 'category_c')).toEqual([]);
  });

  it('flags the historic Category D', async () => {
    expect((await warningsOf('working_group', 'category_d')).map((w) => w.code)).toEqual(['category-d-historic']);
  });

  it('flags ITU-T cooperation held by a body outside ITU-T', async () => {
    expect((await warningsOf('subcommittee', 'itu_t_a5')).map((w) => w.code)).toEqual([
      'itu-t-category-requires-itu-t-committee',
    ]);
    const sg = `ITU-T SG${Math.floor(Math.random() * 1e9)}`;
    expect(await warningsOf('study_group', 'itu_t_a4', { committee: sg })).toEqual([]);
    expect(
      (await warningsOf('study_group', 'itu_t_a6', { committee: `${sg}-A`, partner: `${sg}-B` })).map((w) => w.code),
    ).toEqual(['itu-t-category-with-itu-t-partner']);
  });

  it('flags a Category A review set more than two years after the last one', async () => {
    const liaison = await createLiaison(server, {
      status: 'active',
      establishedOn: '2024-10-01',
      nextReviewDue: '2999-01-01',
    });
    expect(liaison.warnings.map((w) => w.code)).toEqual(['review-interval-too-long']);
    const fixed = await server.http.patch(`/v1/liaisons/${liaison.id}`).send({ lastReviewedOn: '2998-06-01' });
    expect(fixed.body.warnings).toEqual([]);
  });

  it('flags an overdue review of an active liaison, but not of a proposed one, and clears it after the review', async () => {
    const overdue = await createLiaison(server, { status: 'active', nextReviewDue: '2020-01-01' });
    expect(overdue.warnings).toEqual([
      { code: 'review-overdue', message: 'The review due on 2020-01-01 has not been recorded.' },
    ]);
    const proposed = await createLiaison(server, { status: 'proposed', nextReviewDue: '2020-01-01' });
    expect(proposed.warnings).toEqual([]);
    const reviewed = await server.http
      .patch(`/v1/liaisons/${overdue.id}`)
      .send({ lastReviewedOn: '2026-01-10', nextReviewDue: '2027-01-10' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.warnings).toEqual([]);
  });
});

describe('GET /v1/liaisons/{id}', () => {
  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const missing = await server.http.get(`/v1/liaisons/${UNKNOWN_ID}`);
    expectProblem(missing, 404, 'not-found');
    expect(missing.body.detail).toBe(`No liaison with id ${UNKNOWN_ID} exists.`);
    const malformed = await server.http.get('/v1/liaisons/not-a-uuid');
    expectProblem(malformed, 400, 'validation-error');
    expect(malformed.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
  });
});

describe('PATCH /v1/liaisons/{id}', () => {
  it('changes the fields sent, clears those sent as null, bumps the version and stores it', async () => {
    const proposer = await createBody(server);
    const liaison = await createLiaison(server, {
      rationale: 'First rationale',
      objectives: ['one', 'two'],
      proposedByBodyId: proposer.id,
      proposedOn: '2024-03-15',
      nextReviewDue: '2999-01-01',
    });
    const response = await server.http.patch(`/v1/liaisons/${liaison.id}`).send({
      category: 'category_b',
      rationale: null,
      objectives: ['three'],
      proposedByBodyId: null,
      approvedOn: '2024-06-01',
      nextReviewDue: null,
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ...liaison,
      category: 'category_b',
      rationale: null,
      objectives: ['three'],
      proposedByBodyId: null,
      approvedOn: '2024-06-01',
      nextReviewDue: null,
      version: 2,
      updatedAt: expect.any(String),
    });
    expect(Date.parse(response.body.updatedAt)).toBeGreaterThan(Date.parse(liaison.updatedAt));
    expect(await storedLiaison(liaison.id)).toMatchObject({
      status: 'proposed',
      category: 'category_b',
      rationale: null,
      objectives: ['three'],
      proposed_by_body_id: null,
      proposed_on: '2024-03-15',
      approved_on: '2024-06-01',
      next_review_due: null,
      version: 2,
    });
  });

  it('moves a liaison to another committee and partner, embedding the new bodies', async () => {
    const liaison = await createLiaison(server);
    const { committee, partner } = await createLiaisonPair(server);
    const response = await server.http
      .patch(`/v1/liaisons/${liaison.id}`)
      .send({ committeeId: committee.id, partnerId: partner.id });
    expect(response.status).toBe(200);
    expect(response.body.committee).toEqual({
      id: committee.id,
      designation: committee.designation,
      name: committee.name,
      kind: committee.kind,
    });
    expect(response.body.partner.id).toBe(partner.id);
    expect(await storedLiaison(liaison.id)).toMatchObject({ committee_id: committee.id, partner_id: partner.id });
  });

  it('replaces the representative and work item lists, in the order sent', async () => {
    const [a, b, c] = [await insertContact(server), await insertContact(server), await insertContact(server)];
    const owner = await createBody(server);
    const [w1, w2] = [await insertWorkItem(server, owner.id), await insertWorkItem(server, owner.id)];
    const liaison = await createLiaison(server, { representativeIds: [a, b], workItemIds: [w1] });
    expect(await storedLists(liaison.id)).toEqual({ representatives: [a, b], workItems: [w1] });

    const replaced = await server.http
      .patch(`/v1/liaisons/${liaison.id}`)
      .send({ representativeIds: [c, a], workItemIds: [w2, w1] });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ representativeIds: [c, a], workItemIds: [w2, w1], version: 2 });
    expect(await storedLists(liaison.id)).toEqual({ representatives: [c, a], workItems: [w2, w1] });

    // a list left out stays; an empty list clears
    const cleared = await server.http.patch(`/v1/liaisons/${liaison.id}`).send({ workItemIds: [] });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ representativeIds: [c, a], workItemIds: [], version: 3 });
    expect(await storedLists(liaison.id)).toEqual({ representatives: [c, a], workItems: [] });
  });

  it('keeps the version when nothing changes', async () => {
    const contact = await insertContact(server);
    const liaison = await createLiaison(server, { rationale: 'Same', representativeIds: [contact] });
    const response = await server.http
      .patch(`/v1/liaisons/${liaison.id}`)
      .send({ rationale: 'Same', representativeIds: [contact] });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(liaison);
    const empty = await server.http.patch(`/v1/liaisons/${liaison.id}`).send({});
    expect(empty.body).toEqual(liaison);
  });

  it('refuses null for a required field and malformed fields with 400', async () => {
    const liaison = await createLiaison(server);
    for (const [field, value] of [
      ['committeeId', null],
      ['category', null],
      ['status', null],
      ['objectives', null],
      ['representativeIds', null],
      ['proposedOn', '15/03/2024'],
    ] as const) {
      const response = await server.http.patch(`/v1/liaisons/${liaison.id}`).send({ [field]: value });
      expectProblem(response, 400, 'validation-error');
      expect(response.body.errors[0].field).toBe(field);
    }
    expect((await storedLiaison(liaison.id))?.version).toBe(1);
  });

  it('refuses unknown references with 422 naming them, and changes nothing', async () => {
    const contact = await insertContact(server);
    const liaison = await createLiaison(server, { representativeIds: [contact] });
    for (const [change, field] of [
      [{ partnerId: UNKNOWN_ID }, 'partnerId'],
      [{ committeeId: UNKNOWN_ID }, 'committeeId'],
      [{ proposedByBodyId: UNKNOWN_ID }, 'proposedByBodyId'],
      [{ representativeIds: [contact, UNKNOWN_ID] }, 'representativeIds[1]'],
      [{ workItemIds: [UNKNOWN_ID] }, 'workItemIds[0]'],
    ] as const) {
      const response = await server.http.patch(`/v1/liaisons/${liaison.id}`).send(change);
      expectProblem(response, 422, 'unknown-reference');
      expect(response.body.errors).toEqual([{ field, message: expect.any(String) }]);
    }
    expect(await storedLiaison(liaison.id)).toMatchObject({ partner_id: liaison.partnerId, version: 1 });
    expect(await storedLists(liaison.id)).toEqual({ representatives: [contact], workItems: [] });
  });

  it('refuses to make the partner the committee itself with 422', async () => {
    const liaison = await createLiaison(server);
    const response = await server.http.patch(`/v1/liaisons/${liaison.id}`).send({ partnerId: liaison.committeeId });
    expectProblem(response, 422, 'rule-violation');
    expect(response.body.errors).toEqual([{ field: 'partnerId', message: expect.any(String) }]);
    const swapped = await server.http
      .patch(`/v1/liaisons/${liaison.id}`)
      .send({ committeeId: liaison.partnerId, partnerId: liaison.committeeId });
    expect(swapped.status).toBe(200);
  });

  it('checks the date order against the stored dates', async () => {
    const liaison = await createLiaison(server, { proposedOn: '2024-03-15', establishedOn: '2024-04-01' });
    const late = await server.http.patch(`/v1/liaisons/${liaison.id}`).send({ proposedOn: '2024-05-01' });
    expectProblem(late, 422, 'rule-violation');
    expect(late.body.errors).toEqual([{ field: 'establishedOn', message: expect.any(String) }]);
    const cleared = await server.http.patch(`/v1/liaisons/${liaison.id}`).send({ proposedOn: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.proposedOn).toBeNull();
  });

  it('refuses to make a liaison collide with another live one with 409, and to revive a withdrawn duplicate', async () => {
    const a = await createLiaison(server, { category: 'category_a' });
    const b = await createLiaison(server, {
      committeeId: a.committeeId,
      partnerId: a.partnerId,
      category: 'category_b',
    });
    const collide = await server.http.patch(`/v1/liaisons/${b.id}`).send({ category: 'category_a' });
    expectProblem(collide, 409, 'duplicate-resource');
    expect(collide.body.existingId).toBe(a.id);
    expect((await storedLiaison(b.id))?.category).toBe('category_b');

    await server.http.post(`/v1/liaisons/${a.id}/transitions`).send({ action: 'reject', reason: 'Moved' }).expect(200);
    const moved = await server.http.patch(`/v1/liaisons/${b.id}`).send({ category: 'category_a' });
    expect(moved.status).toBe(200);
    // the status is not edited with PATCH any more: transitions own it
    const revive = await server.http.patch(`/v1/liaisons/${a.id}`).send({ status: 'active' });
    expectProblem(revive, 400, 'validation-error');
    expect(revive.body.errors).toEqual([{ field: 'status', message: 'status is not a known field' }]);
    // a live liaison may be updated without colliding with itself
    expect((await server.http.patch(`/v1/liaisons/${b.id}`).send({ category: 'category_a' })).status).toBe(200);
  });

  it('answers 404 for an unknown id', async () => {
    expectProblem(await server.http.patch(`/v1/liaisons/${UNKNOWN_ID}`).send({ rationale: 'x' }), 404, 'not-found');
  });
});

describe('DELETE /v1/liaisons/{id}', () => {
  it('deletes a liaison and its lists', async () => {
    const contact = await insertContact(server);
    const owner = await createBody(server);
    const item = await insertWorkItem(server, owner.id);
    const liaison = await createLiaison(server, { representativeIds: [contact], workItemIds: [item] });
    const response = await server.http.delete(`/v1/liaisons/${liaison.id}`);
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect(await storedLiaison(liaison.id)).toBeUndefined();
    expect(await storedLists(liaison.id)).toEqual({ representatives: [], workItems: [] });
    expectProblem(await server.http.get(`/v1/liaisons/${liaison.id}`), 404, 'not-found');
    // the contact and work item themselves stay
    const kept = await server.db.query(
      'SELECT (SELECT count(*) FROM contacts WHERE id = $1)::int AS c, (SELECT count(*) FROM work_items WHERE id = $2)::int AS w',
      [contact, item],
    );
    expect(kept.rows[0]).toEqual({ c: 1, w: 1 });
  });

  it('refuses with 409 while a statement cites the liaison, naming it, and deletes once it no longer does', async () => {
    const liaison = await createLiaison(server);
    const statement = await insertStatement(server, liaison.partnerId, [liaison.id], 'SG17-LS42');
    const response = await server.http.delete(`/v1/liaisons/${liaison.id}`);
    expectProblem(response, 409, 'resource-in-use');
    expect(response.body.reason).toBe('cited-by-statements');
    expect(response.body.detail).toContain('SG17-LS42');
    expect(await storedLiaison(liaison.id)).toBeDefined();

    await server.db.query('DELETE FROM statement_liaisons WHERE statement_id = $1', [statement]);
    expect((await server.http.delete(`/v1/liaisons/${liaison.id}`)).status).toBe(204);
  });

  it('answers 404 for an unknown id', async () => {
    expectProblem(await server.http.delete(`/v1/liaisons/${UNKNOWN_ID}`), 404, 'not-found');
  });
});
