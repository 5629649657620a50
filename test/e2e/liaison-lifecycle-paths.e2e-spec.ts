/**
 * The paths of the liaison procedure beyond the main registration scenario (liaison-workflow.e2e-spec.ts): the
 * review cycle (suspend, reinstate, withdraw), rejection before approval, required reasons, Category B, who may
 * move a liaison, the date order of the steps, and what only an admin key may set outside the procedure.
 */
import { actorOfKey, adminActor, createApiKey, type CreatedKey } from '../support/auth.js';
import { expectProblem } from '../support/factories.js';
import { createLiaisonPair, type LiaisonHistoryEntry, type LiaisonRecord } from '../support/liaison-factories.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.dispose();
});

type Entry = LiaisonHistoryEntry;

const ALL_MET = {
  notForProfitLegalEntity: { met: true },
  openMembership: { met: true },
  relevantCompetence: { met: true },
  consensusProcess: { met: true },
};

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function step(id: string, body: Record<string, unknown>) {
  return server.http.post(`/v1/liaisons/${id}/transitions`).send(body);
}

async function ok(id: string, body: Record<string, unknown>): Promise<{ liaison: LiaisonRecord; entry: Entry }> {
  const response = await step(id, body);
  if (response.status !== 200) {
    throw new Error(`${String(body.action)} answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body as { liaison: LiaisonRecord; entry: Entry };
}

async function read(id: string): Promise<LiaisonRecord> {
  const response = await server.http.get(`/v1/liaisons/${id}`);
  expect(response.status).toBe(200);
  return response.body as LiaisonRecord;
}

async function history(id: string): Promise<Entry[]> {
  const response = await server.http.get(`/v1/liaisons/${id}/history?limit=200`);
  expect(response.status).toBe(200);
  return response.body.items as Entry[];
}

/** A proposed liaison (proposed on 2026-01-02) between a fresh subcommittee and technical committee. */
async function proposed(category = 'category_a'): Promise<LiaisonRecord> {
  const { committee, partner } = await createLiaisonPair(server);
  const response = await server.http
    .post('/v1/liaisons')
    .send({ committeeId: committee.id, partnerId: partner.id, category, proposedOn: '2026-01-02' });
  expect(response.status).toBe(201);
  return response.body as LiaisonRecord;
}

/** Eligibility on 2026-01-05 and 2026-01-10, ballot opened on 2026-02-01. */
async function balloting(category = 'category_a'): Promise<LiaisonRecord> {
  const liaison = await proposed(category);
  await ok(liaison.id, { action: 'submitForEligibility', date: '2026-01-05' });
  await ok(liaison.id, { action: 'recordEligibility', eligibility: ALL_MET, date: '2026-01-10' });
  return (await ok(liaison.id, { action: 'openBallot', ballot: { reference: 'N 100', openedOn: '2026-02-01' } }))
    .liaison;
}

/** Approved on 2026-03-30 (next review due 2028-03-30). */
async function approved(): Promise<LiaisonRecord> {
  const liaison = await balloting();
  return (
    await ok(liaison.id, {
      action: 'recordBallot',
      ballot: { closedOn: '2026-03-30', approve: 10, disapprove: 0, abstain: 0 },
    })
  ).liaison;
}

/** Active since 2026-04-01. */
async function active(): Promise<LiaisonRecord> {
  const liaison = await approved();
  return (await ok(liaison.id, { action: 'activate', date: '2026-04-01' })).liaison;
}

/** Under review since 2028-01-10. */
async function underReview(): Promise<LiaisonRecord> {
  const liaison = await active();
  return (await ok(liaison.id, { action: 'startReview', date: '2028-01-10' })).liaison;
}

function summary(entries: Entry[]) {
  return entries.map((e) => [e.action, e.fromStatus, e.toStatus, e.reason, e.effectiveOn]);
}

async function secretariatOf(bodyId: string): Promise<CreatedKey> {
  return createApiKey(server, { role: 'secretariat', bodyIds: [bodyId] });
}

describe('after approval: review, suspension, withdrawal', () => {
  it('leaves active only through a review: suspend and withdraw from active are 409 listing startReview', async () => {
    const liaison = await active();
    expect(liaison.allowedActions).toEqual(['startReview']);
    for (const action of ['suspend', 'withdraw', 'reinstate', 'completeReview']) {
      const response = await step(liaison.id, { action, reason: 'Straight away', date: '2027-01-01' });
      expectProblem(response, 409, 'transition-not-allowed');
      expect(response.body).toMatchObject({ currentStatus: 'active', allowedActions: ['startReview'] });
    }
    expect(await read(liaison.id)).toMatchObject({ status: 'active', version: liaison.version });
  });

  it('suspends under review, reinstates, and withdraws a suspended liaison, recording each step and its date', async () => {
    const liaison = await underReview();
    const dates = {
      approvedOn: '2026-03-30',
      establishedOn: '2026-04-01',
      lastReviewedOn: null,
      nextReviewDue: '2028-03-30',
    };
    const suspended = await ok(liaison.id, { action: 'suspend', reason: 'Partner inactive', date: '2028-02-01' });
    expect(suspended.liaison).toMatchObject({
      status: 'suspended',
      allowedActions: ['reinstate', 'withdraw'],
      ...dates,
    });
    const reinstated = await ok(liaison.id, {
      action: 'reinstate',
      reason: 'Partner active again',
      date: '2028-06-01',
    });
    expect(reinstated.liaison).toMatchObject({ status: 'active', allowedActions: ['startReview'], ...dates });
    await ok(liaison.id, { action: 'startReview', date: '2029-01-10' });
    await ok(liaison.id, { action: 'suspend', reason: 'No contributions for a year', date: '2029-02-01' });
    const withdrawn = await ok(liaison.id, { action: 'withdraw', reason: 'Liaison ended', date: '2029-03-01' });
    expect(withdrawn.liaison).toMatchObject({ status: 'withdrawn', allowedActions: [], ...dates });
    expect(withdrawn.entry).toMatchObject({
      action: 'withdraw',
      fromStatus: 'suspended',
      toStatus: 'withdrawn',
      reason: 'Liaison ended',
      effectiveOn: '2029-03-01',
      actor: adminActor(server),
      dates: null,
    });
    expect(summary((await history(liaison.id)).slice(-6))).toEqual([
      ['startReview', 'active', 'under_review', null, '2028-01-10'],
      ['suspend', 'under_review', 'suspended', 'Partner inactive', '2028-02-01'],
      ['reinstate', 'suspended', 'active', 'Partner active again', '2028-06-01'],
      ['startReview', 'active', 'under_review', null, '2029-01-10'],
      ['suspend', 'under_review', 'suspended', 'No contributions for a year', '2029-02-01'],
      ['withdraw', 'suspended', 'withdrawn', 'Liaison ended', '2029-03-01'],
    ]);
  });

  it('withdraws a liaison straight from under review, after which nothing is allowed', async () => {
    const liaison = await underReview();
    const withdrawn = await ok(liaison.id, { action: 'withdraw', reason: 'Partner dissolved', date: '2028-02-15' });
    expect(withdrawn.liaison).toMatchObject({ status: 'withdrawn', allowedActions: [] });
    const after = await step(liaison.id, { action: 'reinstate', reason: 'Undo' });
    expectProblem(after, 409, 'transition-not-allowed');
    expect(after.body).toMatchObject({ currentStatus: 'withdrawn', allowedActions: [] });
    expect(summary((await history(liaison.id)).slice(-1))).toEqual([
      ['withdraw', 'under_review', 'withdrawn', 'Partner dissolved', '2028-02-15'],
    ]);
  });
});

describe('rejection before approval', () => {
  it('rejects from eligibility review', async () => {
    const liaison = await proposed();
    await ok(liaison.id, { action: 'submitForEligibility', date: '2026-01-05' });
    const rejected = await ok(liaison.id, {
      action: 'reject',
      reason: 'Withdrawn by the proposer',
      date: '2026-01-08',
    });
    expect(rejected.liaison).toMatchObject({ status: 'rejected', allowedActions: [], approvedOn: null });
    expect(summary((await history(liaison.id)).slice(1))).toEqual([
      ['submitForEligibility', 'proposed', 'eligibility_review', null, '2026-01-05'],
      ['reject', 'eligibility_review', 'rejected', 'Withdrawn by the proposer', '2026-01-08'],
    ]);
  });

  it('rejects from balloting while a ballot is open, which closes it', async () => {
    const liaison = await balloting();
    expect(liaison.allowedActions).toEqual(['recordBallot', 'reject']);
    const rejected = await ok(liaison.id, { action: 'reject', reason: 'Ballot cancelled', date: '2026-02-10' });
    expect(rejected.liaison).toMatchObject({ status: 'rejected', allowedActions: [] });
    const stored = await server.db.query('SELECT status, ballot_open FROM liaisons WHERE id = $1', [liaison.id]);
    expect(stored.rows).toEqual([{ status: 'rejected', ballot_open: false }]);
    expectProblem(
      await step(liaison.id, { action: 'recordBallot', ballot: { approve: 5, disapprove: 0, abstain: 0 } }),
      409,
      'transition-not-allowed',
    );
    expect(summary((await history(liaison.id)).slice(-1))).toEqual([
      ['reject', 'balloting', 'rejected', 'Ballot cancelled', '2026-02-10'],
    ]);
  });

  it('lets a failed checklist lead only to a re-check or a rejection', async () => {
    const liaison = await proposed();
    await ok(liaison.id, { action: 'submitForEligibility', date: '2026-01-05' });
    const failed = await ok(liaison.id, {
      action: 'recordEligibility',
      date: '2026-01-10',
      eligibility: { ...ALL_MET, openMembership: { met: false, note: 'National members only' } },
    });
    expect(failed.liaison.allowedActions).toEqual(['recordEligibility', 'reject']);
    expectProblem(
      await step(liaison.id, { action: 'openBallot', ballot: { reference: 'N 1' } }),
      409,
      'transition-not-allowed',
    );
    const rejected = await ok(liaison.id, { action: 'reject', reason: 'Not eligible', date: '2026-01-12' });
    expect(rejected.liaison.status).toBe('rejected');
    const entries = await history(liaison.id);
    expect(entries.slice(-2)).toEqual([
      expect.objectContaining({
        action: 'recordEligibility',
        effectiveOn: '2026-01-10',
        eligibility: {
          passed: false,
          notForProfitLegalEntity: { met: true, note: null },
          openMembership: { met: false, note: 'National members only' },
          relevantCompetence: { met: true, note: null },
          consensusProcess: { met: true, note: null },
        },
      }),
      expect.objectContaining({
        action: 'reject',
        fromStatus: 'eligibility_review',
        toStatus: 'rejected',
        reason: 'Not eligible',
        effectiveOn: '2026-01-12',
        eligibility: null,
      }),
    ]);
  });

  it('refuses to reject an approved liaison (409 listing activate)', async () => {
    const liaison = await approved();
    const response = await step(liaison.id, { action: 'reject', reason: 'Too late' });
    expectProblem(response, 409, 'transition-not-allowed');
    expect(response.body).toMatchObject({ currentStatus: 'approved', allowedActions: ['activate'] });
  });
});

describe('reasons', () => {
  it.each([
    ['suspend', underReview],
    ['withdraw', underReview],
    ['reject', proposed],
  ] as const)('requires a reason to %s (400 naming reason), changing nothing', async (action, prepare) => {
    const liaison = await prepare();
    const before = (await history(liaison.id)).length;
    for (const body of [{ action }, { action, reason: '   ' }]) {
      const response = await step(liaison.id, body);
      expectProblem(response, 400, 'validation-error');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    }
    expect(await read(liaison.id)).toMatchObject({ status: liaison.status, version: liaison.version });
    expect(await history(liaison.id)).toHaveLength(before);
  });
});

describe('Category B', () => {
  it('runs through the same procedure: eligibility, ballot, approval, activation, review', async () => {
    const liaison = await proposed('category_b');
    expect(liaison.allowedActions).toEqual(['submitForEligibility', 'reject']);
    await ok(liaison.id, { action: 'submitForEligibility', date: '2026-01-05' });
    const checked = await ok(liaison.id, { action: 'recordEligibility', eligibility: ALL_MET, date: '2026-01-10' });
    expect(checked.liaison.allowedActions).toEqual(['recordEligibility', 'openBallot', 'reject']);
    await ok(liaison.id, { action: 'openBallot', ballot: { reference: 'B N 7', openedOn: '2026-02-01' } });
    const voted = await ok(liaison.id, {
      action: 'recordBallot',
      ballot: { closedOn: '2026-03-02', approve: 7, disapprove: 3, abstain: 2 },
    });
    expect(voted.liaison).toMatchObject({
      category: 'category_b',
      status: 'approved',
      approvedOn: '2026-03-02',
      nextReviewDue: '2028-03-02',
    });
    expect(voted.entry.ballot).toEqual({
      reference: 'B N 7',
      openedOn: '2026-02-01',
      closedOn: '2026-03-02',
      approve: 7,
      disapprove: 3,
      abstain: 2,
      approved: true,
      approvalRatio: 0.7,
      votesCast: 12,
    });
    await ok(liaison.id, { action: 'activate', date: '2026-03-15' });
    await ok(liaison.id, { action: 'startReview', date: '2028-02-01' });
    const reviewed = await ok(liaison.id, { action: 'completeReview', date: '2028-02-20' });
    expect(reviewed.liaison).toMatchObject({
      status: 'active',
      establishedOn: '2026-03-15',
      lastReviewedOn: '2028-02-20',
      nextReviewDue: '2030-02-20',
      allowedActions: ['startReview'],
    });
    expect((await history(liaison.id)).map((e) => e.toStatus)).toEqual([
      'proposed',
      'eligibility_review',
      'eligibility_review',
      'balloting',
      'approved',
      'active',
      'under_review',
      'active',
    ]);
  });
});

describe('who moves a liaison', () => {
  it("refuses a secretariat scoped only to the partner (403), and lets the committee's secretariat move it", async () => {
    const liaison = await proposed();
    const partnerKey = await secretariatOf(liaison.partnerId);
    const refused = await partnerKey.http
      .post(`/v1/liaisons/${liaison.id}/transitions`)
      .set('if-match', '*')
      .send({ action: 'submitForEligibility' });
    expectProblem(refused, 403, 'forbidden');
    expect(refused.body.requiredScope).toBe("the liaison's committee");
    expect(await read(liaison.id)).toMatchObject({ status: 'proposed', version: 1 });
    expect(await history(liaison.id)).toHaveLength(1);

    const committeeKey = await secretariatOf(liaison.committeeId);
    const moved = await committeeKey.http
      .post(`/v1/liaisons/${liaison.id}/transitions`)
      .set('if-match', '*')
      .send({ action: 'submitForEligibility', date: '2026-01-05' });
    expect(moved.status).toBe(200);
    expect(moved.body.entry).toMatchObject({ actor: actorOfKey(committeeKey.name), effectiveOn: '2026-01-05' });
  });
});

describe('date order of the steps', () => {
  async function refusedAt(id: string, body: Record<string, unknown>, field: string, mentions: string) {
    const before = await read(id);
    const response = await step(id, body);
    expectProblem(response, 422, 'rule-violation');
    expect(response.body.errors).toEqual([{ field, message: expect.stringContaining(mentions) }]);
    expect(await read(id)).toMatchObject({ status: before.status, version: before.version });
  }

  it('refuses a step before the proposal', async () => {
    const liaison = await proposed();
    await refusedAt(liaison.id, { action: 'submitForEligibility', date: '2026-01-01' }, 'date', 'proposedOn');
  });

  it('refuses moving the proposal date after a step already recorded (422), and allows it before', async () => {
    const liaison = await balloting(); // eligibility from 2026-01-05, ballot opened 2026-02-01
    const late = await server.http.patch(`/v1/liaisons/${liaison.id}`).send({ proposedOn: '2026-01-20' });
    expectProblem(late, 422, 'rule-violation');
    expect(late.body.errors).toEqual([
      { field: 'proposedOn', message: expect.stringMatching(/submitForEligibility took effect on 2026-01-05/) },
    ]);
    expect(await read(liaison.id)).toMatchObject({ proposedOn: '2026-01-02', version: liaison.version });
    const earlier = await server.http.patch(`/v1/liaisons/${liaison.id}`).send({ proposedOn: '2026-01-04' });
    expect(earlier.status).toBe(200);
    expect(earlier.body).toMatchObject({ proposedOn: '2026-01-04' });
  });

  it('refuses an activation before the approval', async () => {
    const liaison = await approved();
    await refusedAt(liaison.id, { action: 'activate', date: '2026-03-29' }, 'date', '2026-03-30');
  });

  it('refuses a ballot result dated before the ballot opened, taking the opening day from openBallot', async () => {
    const liaison = await balloting();
    await refusedAt(
      liaison.id,
      { action: 'recordBallot', ballot: { closedOn: '2026-01-31', approve: 3, disapprove: 0, abstain: 0 } },
      'ballot.closedOn',
      'the opening of the ballot (openBallot), 2026-02-01',
    );
    // An openedOn contradicting the one on record is refused too, not used to pass the check.
    await refusedAt(
      liaison.id,
      {
        action: 'recordBallot',
        ballot: { openedOn: '2026-01-20', closedOn: '2026-01-31', approve: 3, disapprove: 0, abstain: 0 },
      },
      'ballot.openedOn',
      '2026-02-01',
    );
    await refusedAt(
      liaison.id,
      {
        action: 'recordBallot',
        date: '2026-03-01',
        ballot: { closedOn: '2026-03-02', approve: 3, disapprove: 0, abstain: 0 },
      },
      'ballot.closedOn',
      'disagree',
    );
  });

  it('refuses a completed review dated before the review started', async () => {
    const liaison = await underReview();
    await refusedAt(liaison.id, { action: 'completeReview', date: '2028-01-09' }, 'date', 'startReview');
  });

  it('bounds the first step of a liaison recorded as existing by its recorded dates', async () => {
    const { committee, partner } = await createLiaisonPair(server);
    const created = await server.http.post('/v1/liaisons').send({
      committeeId: committee.id,
      partnerId: partner.id,
      category: 'category_a',
      status: 'active',
      approvedOn: '2020-05-01',
      establishedOn: '2020-06-01',
      nextReviewDue: '2022-06-01',
    });
    expect(created.status).toBe(201);
    await refusedAt(created.body.id, { action: 'startReview', date: '2020-05-15' }, 'date', 'establishedOn');
    expect((await ok(created.body.id, { action: 'startReview', date: '2021-06-01' })).liaison.status).toBe(
      'under_review',
    );
  });

  it('defaults the date of a step to today (UTC)', async () => {
    const liaison = await proposed();
    const submitted = await ok(liaison.id, { action: 'submitForEligibility' });
    expect(submitted.entry.effectiveOn).toBe(today());
  });
});

describe('what only an admin key may set outside the procedure', () => {
  it('starts every liaison a secretariat creates as proposed: another status or a procedure date is 403', async () => {
    const { committee, partner } = await createLiaisonPair(server);
    const key = await secretariatOf(committee.id);
    const base = { committeeId: committee.id, partnerId: partner.id, category: 'category_a' };
    const status = await key.http.post('/v1/liaisons').send({ ...base, status: 'active' });
    expectProblem(status, 403, 'forbidden');
    expect(status.body).toMatchObject({
      requiredRoles: ['admin'],
      errors: [{ field: 'status', message: expect.stringContaining('only an admin key') }],
    });
    const dates = await key.http
      .post('/v1/liaisons')
      .send({ ...base, approvedOn: '2026-01-01', nextReviewDue: '2028-01-01', lastReviewedOn: null });
    expectProblem(dates, 403, 'forbidden');
    expect(dates.body.errors.map((e: { field: string }) => e.field)).toEqual(['approvedOn', 'nextReviewDue']);
    const rows = await server.db.query('SELECT count(*)::int AS n FROM liaisons WHERE committee_id = $1', [
      committee.id,
    ]);
    expect(rows.rows[0].n).toBe(0);

    const created = await key.http.post('/v1/liaisons').send({ ...base, status: 'proposed', proposedOn: '2026-01-02' });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('proposed');
  });

  it('lets an admin key record an existing liaison in its status, saying so in the history', async () => {
    const { committee, partner } = await createLiaisonPair(server);
    const created = await server.http.post('/v1/liaisons').send({
      committeeId: committee.id,
      partnerId: partner.id,
      category: 'category_a',
      status: 'active',
      proposedOn: '2019-01-10',
      approvedOn: '2019-06-01',
      establishedOn: '2019-06-15',
      nextReviewDue: '2021-06-01',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'active', allowedActions: ['startReview'] });
    expect(await history(created.body.id)).toEqual([
      expect.objectContaining({
        action: 'create',
        fromStatus: null,
        toStatus: 'active',
        reason: expect.stringMatching(/^Recorded as existing: entered directly in status active by an admin key/),
        actor: adminActor(server),
        effectiveOn: today(),
      }),
    ]);
  });

  it.each([
    ['category_c', 'balloting'],
    ['category_d', 'eligibility_review'],
    ['internal', 'approved'],
    ['itu_t_a5', 'balloting'],
  ])('refuses a %s liaison in %s, a state its procedure never reaches (422)', async (category, status) => {
    const { committee, partner } = await createLiaisonPair(server);
    const response = await server.http
      .post('/v1/liaisons')
      .send({ committeeId: committee.id, partnerId: partner.id, category, status });
    expectProblem(response, 422, 'rule-violation');
    expect(response.body.errors).toEqual([{ field: 'status', message: expect.any(String) }]);
  });

  it('changes the category only while the liaison is proposed (409 afterwards)', async () => {
    const liaison = await proposed();
    const changed = await server.http.patch(`/v1/liaisons/${liaison.id}`).send({ category: 'category_b' });
    expect(changed.status).toBe(200);
    expect(changed.body.category).toBe('category_b');
    await ok(liaison.id, { action: 'submitForEligibility', date: '2026-01-05' });

    const refused = await server.http.patch(`/v1/liaisons/${liaison.id}`).send({ category: 'category_c' });
    expectProblem(refused, 409, 'conflict');
    expect(refused.body).toMatchObject({
      currentStatus: 'eligibility_review',
      errors: [{ field: 'category', message: expect.any(String) }],
    });
    expect(refused.body.detail).toMatch(/only while it is proposed/);
    // Sending the category it has is no change.
    const same = await server.http.patch(`/v1/liaisons/${liaison.id}`).send({ category: 'category_b', rationale: 'x' });
    expect(same.status).toBe(200);
    expect((await read(liaison.id)).category).toBe('category_b');
  });

  it('lets only an admin key correct the procedure dates', async () => {
    const liaison = await active();
    const key = await secretariatOf(liaison.committeeId);
    const patch = (body: Record<string, unknown>) =>
      key.http.patch(`/v1/liaisons/${liaison.id}`).set('if-match', '*').send(body);

    for (const [field, value] of [
      ['approvedOn', '2026-03-31'],
      ['establishedOn', null],
      ['lastReviewedOn', '2027-01-01'],
      ['nextReviewDue', '2027-12-31'],
    ] as const) {
      const refused = await patch({ [field]: value, rationale: 'With a date' });
      expectProblem(refused, 403, 'forbidden');
      expect(refused.body).toMatchObject({
        requiredRoles: ['admin'],
        errors: [{ field, message: expect.any(String) }],
      });
    }
    expect(await read(liaison.id)).toMatchObject({ rationale: null, version: liaison.version });
    // The values it has are no change; other fields are the secretariat's to edit.
    const unchanged = await patch({ approvedOn: '2026-03-30', nextReviewDue: '2028-03-30', rationale: 'Kept' });
    expect(unchanged.status).toBe(200);
    expect(unchanged.body.rationale).toBe('Kept');

    const corrected = await server.http.patch(`/v1/liaisons/${liaison.id}`).send({ nextReviewDue: '2027-12-31' });
    expect(corrected.status).toBe(200);
    expect(corrected.body.nextReviewDue).toBe('2027-12-31');
    expect((await history(liaison.id)).at(-1)).toMatchObject({
      action: 'update',
      actor: adminActor(server),
      changes: [{ field: 'nextReviewDue', from: '2028-03-30', to: '2027-12-31' }],
    });
  });
});
