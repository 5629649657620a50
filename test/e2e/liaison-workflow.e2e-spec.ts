import { actorOfKey, createApiKey } from '../support/auth.js';
import { createBody, expectProblem } from '../support/factories.js';
import {
  createLiaison,
  createLiaisonPair,
  insertContact,
  type LiaisonHistoryEntry,
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

type Entry = LiaisonHistoryEntry;

/** History records the authenticated key: the suite writes with the server's admin key. */
const ADMIN_ACTOR = /^key:ADMIN_API_KEY /;
const ALL_MET = {
  notForProfitLegalEntity: { met: true, note: 'Non-profit association under French law.' },
  openMembership: { met: true },
  relevantCompetence: { met: true },
  consensusProcess: { met: true },
};

async function step(id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return server.http.post(`/v1/liaisons/${id}/transitions`).set(headers).send(body);
}

async function ok(id: string, body: Record<string, unknown>): Promise<{ liaison: LiaisonRecord; entry: Entry }> {
  const response = await step(id, body);
  if (response.status !== 200)
    throw new Error(`${String(body.action)} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as { liaison: LiaisonRecord; entry: Entry };
}

async function history(id: string): Promise<Entry[]> {
  const response = await server.http.get(`/v1/liaisons/${id}/history?limit=200`);
  expect(response.status).toBe(200);
  return response.body.items as Entry[];
}

async function categoryA(): Promise<LiaisonRecord> {
  const { committee, partner } = await createLiaisonPair(server);
  const response = await server.http
    .post('/v1/liaisons')

    .send({ committeeId: committee.id, partnerId: partner.id, category: 'category_a', proposedOn: '2026-01-02' });
  expect(response.status).toBe(201);
  return response.body as LiaisonRecord;
}

/** A history entry as the API answers it: every field, those the entry did not record null. */
function entry(fields: Partial<Entry> & Pick<Entry, 'action' | 'fromStatus' | 'toStatus' | 'actor' | 'effectiveOn'>) {
  return {
    id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    reason: null,
    occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    changes: null,
    eligibility: null,
    ballot: null,
    dates: null,
    expert: null,
    ...fields,
  };
}

/** The ballot figures of an openBallot entry (the result fields stay null until recordBallot). */
function openedBallot(reference: string, openedOn: string) {
  return {
    reference,
    openedOn,
    closedOn: null,
    approve: null,
    disapprove: null,
    abstain: null,
    approved: null,
    approvalRatio: null,
    votesCast: null,
  };
}

const NO_DATES = { approvedOn: null, establishedOn: null, lastReviewedOn: null, nextReviewDue: null };

function datesOf(liaison: LiaisonRecord) {
  const { approvedOn, establishedOn, lastReviewedOn, nextReviewDue } = liaison;
  return { approvedOn, establishedOn, lastReviewedOn, nextReviewDue };
}

describe('Category A registration from scratch', () => {
  it('goes proposed → eligibility → ballot 14/6/5 → approved → active → review → active, recording everything', async () => {
    // The whole procedure is run by the committee's secretariat.
    const { committee, partner } = await createLiaisonPair(server);
    const secretariat = await createApiKey(server, { role: 'secretariat', bodyIds: [committee.id] });
    const actor = actorOfKey(secretariat.name);
    const created = await secretariat.http
      .post('/v1/liaisons')
      .send({ committeeId: committee.id, partnerId: partner.id, category: 'category_a', proposedOn: '2026-01-02' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ status: 'proposed', allowedActions: ['submitForEligibility', 'reject'] });
    expect(datesOf(created.body)).toEqual(NO_DATES);
    const run = async (body: Record<string, unknown>) => {
      const response = await secretariat.http.post(`/v1/liaisons/${id}/transitions`).set('if-match', '*').send(body);
      if (response.status !== 200) throw new Error(`${String(body.action)}: ${JSON.stringify(response.body)}`);
      return response.body as { liaison: LiaisonRecord; entry: Entry };
    };

    const submitted = await run({
      action: 'submitForEligibility',
      reason: 'Proposal received from ETSI TC MTS',
      date: '2026-01-05',
    });
    expect(submitted.liaison.status).toBe('eligibility_review');
    expect(submitted.liaison.allowedActions).toEqual(['recordEligibility', 'reject']);
    expect(datesOf(submitted.liaison)).toEqual(NO_DATES);

    const checked = await run({
      action: 'recordEligibility',
      reason: 'Checked against Directives Part 1',
      eligibility: ALL_MET,
      date: '2026-01-20',
    });
    expect(checked.liaison.status).toBe('eligibility_review');
    expect(checked.liaison.allowedActions).toEqual(['recordEligibility', 'openBallot', 'reject']);
    expect(datesOf(checked.liaison)).toEqual(NO_DATES);

    const opened = await run({
      action: 'openBallot',
      ballot: { reference: 'ISO/IEC JTC 1/SC 42 N 1234', openedOn: '2026-02-01' },
    });
    expect(opened.liaison.status).toBe('balloting');
    expect(opened.liaison.allowedActions).toEqual(['recordBallot', 'reject']);
    expect(datesOf(opened.liaison)).toEqual(NO_DATES);

    // The ballot's reference and opening day come from openBallot.
    const approved = await run({
      action: 'recordBallot',
      ballot: { closedOn: '2026-03-30', approve: 14, disapprove: 6, abstain: 5 },
    });
    expect(approved.liaison).toMatchObject({ status: 'approved', allowedActions: ['activate'] });
    expect(datesOf(approved.liaison)).toEqual({ ...NO_DATES, approvedOn: '2026-03-30', nextReviewDue: '2028-03-30' });

    const active = await run({ action: 'activate', date: '2026-04-01' });
    expect(active.liaison).toMatchObject({ status: 'active', allowedActions: ['startReview'] });
    expect(datesOf(active.liaison)).toEqual({
      approvedOn: '2026-03-30',
      establishedOn: '2026-04-01',
      lastReviewedOn: null,
      nextReviewDue: '2028-03-30',
    });

    const review = await run({ action: 'startReview', reason: 'Biennial review', date: '2028-01-10' });
    expect(review.liaison.status).toBe('under_review');
    expect(review.liaison.allowedActions).toEqual(['completeReview', 'suspend', 'withdraw']);
    expect(datesOf(review.liaison)).toEqual(datesOf(active.liaison));

    const reviewed = await run({ action: 'completeReview', reason: 'Still effective', date: '2028-02-01' });
    expect(reviewed.liaison).toMatchObject({ status: 'active', allowedActions: ['startReview'] });
    expect(datesOf(reviewed.liaison)).toEqual({
      approvedOn: '2026-03-30',
      establishedOn: '2026-04-01',
      lastReviewedOn: '2028-02-01',
      nextReviewDue: '2030-02-01',
    });

    const eligibility = {
      passed: true,
      notForProfitLegalEntity: { met: true, note: 'Non-profit association under French law.' },
      openMembership: { met: true, note: null },
      relevantCompetence: { met: true, note: null },
      consensusProcess: { met: true, note: null },
    };
    const expected = [
      entry({ action: 'create', fromStatus: null, toStatus: 'proposed', actor, effectiveOn: '2026-01-02' }),
      entry({
        action: 'submitForEligibility',
        fromStatus: 'proposed',
        toStatus: 'eligibility_review',
        reason: 'Proposal received from ETSI TC MTS',
        actor,
        effectiveOn: '2026-01-05',
      }),
      entry({
        action: 'recordEligibility',
        fromStatus: 'eligibility_review',
        toStatus: 'eligibility_review',
        reason: 'Checked against Directives Part 1',
        actor,
        effectiveOn: '2026-01-20',
        eligibility,
      }),
      entry({
        action: 'openBallot',
        fromStatus: 'eligibility_review',
        toStatus: 'balloting',
        actor,
        effectiveOn: '2026-02-01',
        ballot: openedBallot('ISO/IEC JTC 1/SC 42 N 1234', '2026-02-01'),
      }),
      entry({
        action: 'recordBallot',
        fromStatus: 'balloting',
        toStatus: 'approved',
        actor,
        effectiveOn: '2026-03-30',
        ballot: {
          reference: 'ISO/IEC JTC 1/SC 42 N 1234',
          openedOn: '2026-02-01',
          closedOn: '2026-03-30',
          approve: 14,
          disapprove: 6,
          abstain: 5,
          approved: true,
          approvalRatio: 0.7,
          votesCast: 25,
        },
        dates: { approvedOn: '2026-03-30', nextReviewDue: '2028-03-30' },
      }),
      entry({
        action: 'activate',
        fromStatus: 'approved',
        toStatus: 'active',
        actor,
        effectiveOn: '2026-04-01',
        dates: { establishedOn: '2026-04-01' },
      }),
      entry({
        action: 'startReview',
        fromStatus: 'active',
        toStatus: 'under_review',
        reason: 'Biennial review',
        actor,
        effectiveOn: '2028-01-10',
      }),
      entry({
        action: 'completeReview',
        fromStatus: 'under_review',
        toStatus: 'active',
        reason: 'Still effective',
        actor,
        effectiveOn: '2028-02-01',
        dates: { lastReviewedOn: '2028-02-01', nextReviewDue: '2030-02-01' },
      }),
    ];
    const entries = await history(id);
    expect(entries).toEqual(expected);
    // Each step answered with the entry it wrote.
    const answered = [submitted, checked, opened, approved, active, review, reviewed].map((r) => r.entry);
    expect(answered).toEqual(entries.slice(1));
    const times = entries.map((e) => Date.parse(e.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const stored = await server.db.query(
      `SELECT status, approved_on::text, established_on::text, last_reviewed_on::text, next_review_due::text,
              eligibility_passed, ballot_open, version FROM liaisons WHERE id = $1`,
      [id],
    );
    expect(stored.rows[0]).toEqual({
      status: 'active',
      approved_on: '2026-03-30',
      established_on: '2026-04-01',
      last_reviewed_on: '2028-02-01',
      next_review_due: '2030-02-01',
      eligibility_passed: true,
      ballot_open: false,
      version: 8,
    });
  });

  it('rejects a liaison whose ballot fails (9 approve / 5 disapprove)', async () => {
    const created = await categoryA();
    expect(datesOf(created)).toEqual(NO_DATES);
    const submitted = await ok(created.id, { action: 'submitForEligibility', date: '2026-01-06' });
    expect(datesOf(submitted.liaison)).toEqual(NO_DATES);
    const checked = await ok(created.id, { action: 'recordEligibility', eligibility: ALL_MET, date: '2026-01-21' });
    expect(datesOf(checked.liaison)).toEqual(NO_DATES);
    const opened = await ok(created.id, { action: 'openBallot', ballot: { reference: 'N 9', openedOn: '2026-02-01' } });
    expect(datesOf(opened.liaison)).toEqual(NO_DATES);
    const failed = await ok(created.id, {
      action: 'recordBallot',
      reason: 'Ballot failed',
      ballot: { closedOn: '2026-03-01', approve: 9, disapprove: 5, abstain: 0 },
    });
    expect(failed.liaison).toMatchObject({ status: 'rejected', allowedActions: [] });
    expect(datesOf(failed.liaison)).toEqual(NO_DATES);

    const actor = expect.stringMatching(ADMIN_ACTOR);
    expect(await history(created.id)).toEqual([
      entry({ action: 'create', fromStatus: null, toStatus: 'proposed', actor, effectiveOn: '2026-01-02' }),
      entry({
        action: 'submitForEligibility',
        fromStatus: 'proposed',
        toStatus: 'eligibility_review',
        actor,
        effectiveOn: '2026-01-06',
      }),
      entry({
        action: 'recordEligibility',
        fromStatus: 'eligibility_review',
        toStatus: 'eligibility_review',
        actor,
        effectiveOn: '2026-01-21',
        eligibility: {
          passed: true,
          notForProfitLegalEntity: { met: true, note: 'Non-profit association under French law.' },
          openMembership: { met: true, note: null },
          relevantCompetence: { met: true, note: null },
          consensusProcess: { met: true, note: null },
        },
      }),
      entry({
        action: 'openBallot',
        fromStatus: 'eligibility_review',
        toStatus: 'balloting',
        actor,
        effectiveOn: '2026-02-01',
        ballot: openedBallot('N 9', '2026-02-01'),
      }),
      entry({
        action: 'recordBallot',
        fromStatus: 'balloting',
        toStatus: 'rejected',
        reason: 'Ballot failed',
        actor,
        effectiveOn: '2026-03-01',
        ballot: {
          reference: 'N 9',
          openedOn: '2026-02-01',
          closedOn: '2026-03-01',
          approve: 9,
          disapprove: 5,
          abstain: 0,
          approved: false,
          approvalRatio: 9 / 14,
          votesCast: 14,
        },
      }),
    ]);
    const after = await step(created.id, { action: 'activate' });
    expectProblem(after, 409, 'transition-not-allowed');
    expect(after.body).toMatchObject({ currentStatus: 'rejected', allowedActions: [] });
  });

  it('re-runs a failed ballot only with a new openBallot of its own, then approves', async () => {
    const created = await categoryA();
    await ok(created.id, { action: 'submitForEligibility', date: '2026-01-05' });
    await ok(created.id, { action: 'recordEligibility', eligibility: ALL_MET, date: '2026-01-05' });
    await ok(created.id, { action: 'openBallot', ballot: { reference: 'N 1', openedOn: '2026-02-01' } });
    const kept = await ok(created.id, {
      action: 'recordBallot',
      reopenOnFailure: true,
      ballot: { approve: 1, disapprove: 1, abstain: 0, closedOn: '2026-05-01' },
    });
    expect(kept.liaison).toMatchObject({ status: 'balloting', allowedActions: ['openBallot', 'reject'] });
    expect(kept.entry.ballot).toMatchObject({ reference: 'N 1', openedOn: '2026-02-01', approved: false });

    // The failed ballot is closed: its votes cannot be recorded again, nor a second result under its reference.
    const again = await step(created.id, {
      action: 'recordBallot',
      ballot: { reference: 'N 2', approve: 2, disapprove: 1, abstain: 9, closedOn: '2026-06-01' },
    });
    expectProblem(again, 409, 'transition-not-allowed');
    expect(again.body).toMatchObject({ currentStatus: 'balloting', allowedActions: ['openBallot', 'reject'] });

    const early = await step(created.id, {
      action: 'openBallot',
      ballot: { reference: 'N 2', openedOn: '2026-04-30' },
    });
    expectProblem(early, 422, 'rule-violation');
    expect(early.body.errors).toEqual([{ field: 'ballot.openedOn', message: expect.stringContaining('2026-05-01') }]);

    const reopened = await ok(created.id, {
      action: 'openBallot',
      ballot: { reference: 'N 2', openedOn: '2026-05-10' },
    });
    expect(reopened.liaison.allowedActions).toEqual(['recordBallot', 'reject']);
    const wrongReference = await step(created.id, {
      action: 'recordBallot',
      ballot: { reference: 'N 1', approve: 2, disapprove: 1, abstain: 9, closedOn: '2026-06-01' },
    });
    expectProblem(wrongReference, 422, 'rule-violation');
    expect(wrongReference.body.errors).toEqual([
      { field: 'ballot.reference', message: expect.stringContaining('N 2') },
    ]);

    const second = await ok(created.id, {
      action: 'recordBallot',
      ballot: { approve: 2, disapprove: 1, abstain: 9, closedOn: '2026-06-01' },
    });
    expect(second.liaison).toMatchObject({ status: 'approved', approvedOn: '2026-06-01', nextReviewDue: '2028-06-01' });
    expect(second.entry.ballot).toEqual({
      reference: 'N 2',
      openedOn: '2026-05-10',
      closedOn: '2026-06-01',
      approve: 2,
      disapprove: 1,
      abstain: 9,
      approved: true,
      approvalRatio: 2 / 3,
      votesCast: 12,
    });
    expect((await history(created.id)).map((e) => [e.action, e.toStatus, e.effectiveOn])).toEqual([
      ['create', 'proposed', '2026-01-02'],
      ['submitForEligibility', 'eligibility_review', '2026-01-05'],
      ['recordEligibility', 'eligibility_review', '2026-01-05'],
      ['openBallot', 'balloting', '2026-02-01'],
      ['recordBallot', 'balloting', '2026-05-01'],
      ['openBallot', 'balloting', '2026-05-10'],
      ['recordBallot', 'approved', '2026-06-01'],
    ]);
  });

  it('keeps a failed checklist from reaching the ballot until a corrected re-check passes', async () => {
    const created = await categoryA();
    await ok(created.id, { action: 'submitForEligibility' });
    const failed = await ok(created.id, {
      action: 'recordEligibility',
      eligibility: { ...ALL_MET, openMembership: { met: false, note: 'National members only' } },
    });
    expect(failed.entry.eligibility).toMatchObject({ passed: false, openMembership: { met: false } });
    expect(failed.liaison.allowedActions).toEqual(['recordEligibility', 'reject']);
    const blocked = await step(created.id, { action: 'openBallot', ballot: { reference: 'N 3' } });
    expectProblem(blocked, 409, 'transition-not-allowed');
    expect(blocked.body.detail).toMatch(/all four criteria met/);
    await ok(created.id, { action: 'recordEligibility', eligibility: ALL_MET });
    expect((await ok(created.id, { action: 'openBallot', ballot: { reference: 'N 3' } })).liaison.status).toBe(
      'balloting',
    );
  });
});

describe('other categories', () => {
  it('lets a working group decide a Category C liaison without a ballot', async () => {
    const wg = await createBody(server, { kind: 'working_group' });
    const partner = await createBody(server, { kind: 'organization' });
    const liaison = await createLiaison(server, { committeeId: wg.id, partnerId: partner.id, category: 'category_c' });
    expect(liaison.allowedActions).toEqual(['approve', 'reject']);
    expectProblem(await step(liaison.id, { action: 'submitForEligibility' }), 409, 'transition-not-allowed');
    const approved = await ok(liaison.id, { action: 'approve', date: '2026-07-01' });
    expect(approved.liaison).toMatchObject({
      status: 'approved',
      approvedOn: '2026-07-01',
      nextReviewDue: '2028-07-01',
    });
    expect((await ok(liaison.id, { action: 'activate', date: '2026-07-02' })).liaison.status).toBe('active');
  });

  it.each(['internal', 'itu_t_a4', 'cooperation_agreement'])(
    'makes a %s record active on approval',
    async (category) => {
      const liaison = await createLiaison(server, { category });
      const approved = await ok(liaison.id, { action: 'approve', date: '2026-08-01' });
      expect(approved.liaison).toMatchObject({
        status: 'active',
        approvedOn: '2026-08-01',
        establishedOn: '2026-08-01',
        nextReviewDue: '2028-08-01',
      });
    },
  );
});

describe('refused transitions', () => {
  it('answers an action the state does not allow with 409 listing the allowed actions, changing nothing', async () => {
    const created = await categoryA();
    const response = await step(created.id, { action: 'activate' });
    expectProblem(response, 409, 'transition-not-allowed');
    expect(response.body).toMatchObject({
      currentStatus: 'proposed',
      allowedActions: ['submitForEligibility', 'reject'],
    });
    expect((await history(created.id)).map((e) => e.action)).toEqual(['create']);
  });

  it.each([
    [{ action: 'fly' }, 'action'],
    [{}, 'action'],
    [{ action: 'reject' }, 'reason'],
    [{ action: 'reject', reason: 'x', date: '2026-02-30' }, 'date'],
    [{ action: 'reject', reason: 'x', extra: 1 }, 'extra'],
  ])('refuses the malformed step %p with 400 naming %s', async (body, field) => {
    const created = await categoryA();
    const response = await step(created.id, body);
    expectProblem(response, 400, 'validation-error');
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await history(created.id)).length).toBe(1);
  });

  it.each([
    [{ approve: -1, disapprove: 0, abstain: 0 }, 'ballot.approve'],
    [{ approve: 1.5, disapprove: 0, abstain: 0 }, 'ballot.approve'],
    [{ approve: '3', disapprove: 0, abstain: 0 }, 'ballot.approve'],
    [{ approve: 3, abstain: 0 }, 'ballot.disapprove'],
  ])('refuses the ballot %p with 400 naming %s', async (ballot, field) => {
    const created = await categoryA();
    await ok(created.id, { action: 'submitForEligibility' });
    await ok(created.id, { action: 'recordEligibility', eligibility: ALL_MET });
    await ok(created.id, { action: 'openBallot', ballot: { reference: 'N' } });
    const response = await step(created.id, { action: 'recordBallot', ballot });
    expectProblem(response, 400, 'validation-error');
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await server.http.get(`/v1/liaisons/${created.id}`)).body.status).toBe('balloting');
  });

  it('refuses an approval dated before the proposal with 422', async () => {
    const liaison = await createLiaison(server, { category: 'internal', proposedOn: '2026-05-01' });
    expectProblem(await step(liaison.id, { action: 'approve', date: '2026-04-01' }), 422, 'rule-violation');
  });

  it('answers 404 for an unknown liaison and 400 for a malformed id', async () => {
    expectProblem(
      await step('00000000-0000-4000-8000-000000000000', { action: 'reject', reason: 'x' }),
      404,
      'not-found',
    );
    expectProblem(await step('nope', { action: 'reject', reason: 'x' }), 400, 'validation-error');
  });
});

describe('concurrency', () => {
  it('lets exactly one of several parallel identical transitions succeed', async () => {
    const created = await categoryA();
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => step(created.id, { action: 'submitForEligibility' })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    expect((await history(created.id)).map((e) => e.action)).toEqual(['create', 'submitForEligibility']);
  });

  it('lets exactly one of parallel steps from the same version succeed with If-Match', async () => {
    const created = await categoryA();
    await ok(created.id, { action: 'submitForEligibility' });
    const { version } = (await server.http.get(`/v1/liaisons/${created.id}`)).body as LiaisonRecord;
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        step(created.id, { action: 'recordEligibility', eligibility: ALL_MET }, { 'if-match': `"${version}"` }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 412, 412, 412, 412]);
    const stale = responses.find((r) => r.status === 412)!;
    expectProblem(stale, 412, 'precondition-failed');
    expect(stale.body.currentVersion).toBe(version + 1);
    expect((await history(created.id)).filter((e) => e.action === 'recordEligibility')).toHaveLength(1);
  });
});

describe('history', () => {
  it('records edits with the fields they changed, and cannot be changed or deleted', async () => {
    const created = await categoryA();
    const patched = await server.http
      .patch(`/v1/liaisons/${created.id}`)
      .send({ rationale: 'New rationale', objectives: ['one'] });
    expect(patched.status).toBe(200);
    const entries = await history(created.id);
    expect(entries[1]).toMatchObject({
      action: 'update',
      fromStatus: 'proposed',
      toStatus: 'proposed',
      actor: expect.stringMatching(ADMIN_ACTOR),
      changes: [
        { field: 'rationale', from: null, to: 'New rationale' },
        { field: 'objectives', from: [], to: ['one'] },
      ],
    });
    await expect(
      server.db.query("UPDATE liaison_history SET actor = 'forged' WHERE liaison_id = $1", [created.id]),
    ).rejects.toThrow(/append-only/);
    await expect(server.db.query('DELETE FROM liaison_history WHERE liaison_id = $1', [created.id])).rejects.toThrow(
      /append-only/,
    );
    expect(await history(created.id)).toHaveLength(2);
  });

  it('paginates oldest first and answers 404 for an unknown liaison', async () => {
    const created = await categoryA();
    for (const rationale of ['a', 'b', 'c']) await server.http.patch(`/v1/liaisons/${created.id}`).send({ rationale });
    const first = await server.http.get(`/v1/liaisons/${created.id}/history?limit=2`);
    expect(first.body.items.map((e: Entry) => e.action)).toEqual(['create', 'update']);
    const second = await server.http.get(`/v1/liaisons/${created.id}/history?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((e: Entry) => (e.changes ?? [])[0]?.to)).toEqual(['b', 'c']);
    expectProblem(await server.http.get('/v1/liaisons/00000000-0000-4000-8000-000000000000/history'), 404, 'not-found');
  });

  it('allows deleting only a proposed liaison, and keeps its history with the deletion as the last entry', async () => {
    const created = await categoryA();
    await ok(created.id, { action: 'submitForEligibility' });
    const refused = await server.http.delete(`/v1/liaisons/${created.id}`);
    expectProblem(refused, 409, 'resource-in-use');
    expect(refused.body.reason).toBe('procedure-on-record');

    const proposed = await categoryA();
    await server.http.patch(`/v1/liaisons/${proposed.id}`).send({ rationale: 'Entered by mistake' }).expect(200);
    expect((await server.http.delete(`/v1/liaisons/${proposed.id}`)).status).toBe(204);
    expectProblem(await server.http.get(`/v1/liaisons/${proposed.id}`), 404, 'not-found');

    const actor = expect.stringMatching(ADMIN_ACTOR);
    const today = new Date().toISOString().slice(0, 10);
    const entries = await history(proposed.id);
    expect(entries).toEqual([
      entry({ action: 'create', fromStatus: null, toStatus: 'proposed', actor, effectiveOn: '2026-01-02' }),
      entry({
        action: 'update',
        fromStatus: 'proposed',
        toStatus: 'proposed',
        actor,
        effectiveOn: today,
        changes: [{ field: 'rationale', from: null, to: 'Entered by mistake' }],
      }),
      entry({ action: 'delete', fromStatus: 'proposed', toStatus: 'proposed', actor, effectiveOn: today }),
    ]);
    const rows = await server.db.query('SELECT count(*)::int AS n FROM liaison_history WHERE liaison_id = $1', [
      proposed.id,
    ]);
    expect(rows.rows[0].n).toBe(3);

    // Append-only without exception, also once the liaison is gone.
    await expect(server.db.query('DELETE FROM liaison_history WHERE liaison_id = $1', [proposed.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(
      server.db.query("UPDATE liaison_history SET reason = 'forged' WHERE liaison_id = $1", [proposed.id]),
    ).rejects.toThrow(/append-only/);
    await expect(server.db.query('TRUNCATE liaison_history')).rejects.toThrow(/append-only/);
    expect(await history(proposed.id)).toEqual(entries);
  });
});

describe('reviews', () => {
  it('finds liaisons due for review and warns when the review is overdue', async () => {
    const overdue = await createLiaison(server, { category: 'internal' });
    await ok(overdue.id, { action: 'approve', date: '2020-01-15' });
    const response = await server.http.get(`/v1/liaisons?reviewDueBefore=2022-06-01&bodyId=${overdue.committeeId}`);
    expect(response.body.items.map((l: LiaisonRecord) => l.id)).toEqual([overdue.id]);
    const read = (await server.http.get(`/v1/liaisons/${overdue.id}`)).body as LiaisonRecord;
    expect(read.nextReviewDue).toBe('2022-01-15');
    expect(read.warnings.map((w) => w.code)).toContain('review-overdue');
    const fresh = await createLiaison(server, { category: 'internal' });
    await ok(fresh.id, { action: 'approve' });
    const notDue = await server.http.get(`/v1/liaisons?reviewDueBefore=2022-06-01&bodyId=${fresh.committeeId}`);
    expect(notDue.body.items).toEqual([]);
  });
});

describe('experts', () => {
  async function activeCategoryA(): Promise<LiaisonRecord> {
    const created = await categoryA();
    await ok(created.id, { action: 'submitForEligibility' });
    await ok(created.id, { action: 'recordEligibility', eligibility: ALL_MET });
    await ok(created.id, { action: 'openBallot', ballot: { reference: 'N 7' } });
    await ok(created.id, { action: 'recordBallot', ballot: { approve: 5, disapprove: 0, abstain: 0 } });
    return (await ok(created.id, { action: 'activate' })).liaison;
  }

  it('attaches and detaches experts nominated by the partner to an active Category A liaison', async () => {
    const liaison = await activeCategoryA();
    const expert = await insertContact(server, 'Nominated Expert');
    const added = await server.http
      .post(`/v1/liaisons/${liaison.id}/experts`)
      .send({ contactId: expert, nominatedOn: '2026-09-01', note: 'AI testing' });
    expect(added.status).toBe(201);
    expect(added.body.experts).toEqual([{ contactId: expert, nominatedOn: '2026-09-01', note: 'AI testing' }]);
    expect((await server.http.get(`/v1/liaisons/${liaison.id}`)).body.experts).toHaveLength(1);
    expectProblem(
      await server.http.post(`/v1/liaisons/${liaison.id}/experts`).send({ contactId: expert }),
      409,
      'duplicate-resource',
    );
    expect((await server.http.delete(`/v1/liaisons/${liaison.id}/experts/${expert}`)).status).toBe(204);
    expectProblem(await server.http.delete(`/v1/liaisons/${liaison.id}/experts/${expert}`), 404, 'not-found');
    const actions = (await history(liaison.id)).map((e) => e.action);
    expect(actions.slice(-2)).toEqual(['addExpert', 'removeExpert']);
  });

  it('refuses experts on a liaison that is not active (409) or not Category A (422), and unknown contacts (422)', async () => {
    const contact = await insertContact(server);
    const proposed = await categoryA();
    expectProblem(
      await server.http.post(`/v1/liaisons/${proposed.id}/experts`).send({ contactId: contact }),
      409,
      'conflict',
    );
    const internal = await createLiaison(server, { category: 'internal' });
    await ok(internal.id, { action: 'approve' });
    expectProblem(
      await server.http.post(`/v1/liaisons/${internal.id}/experts`).send({ contactId: contact }),
      422,
      'rule-violation',
    );
    const active = await activeCategoryA();
    expectProblem(
      await server.http
        .post(`/v1/liaisons/${active.id}/experts`)
        .send({ contactId: '00000000-0000-4000-8000-000000000000' }),
      422,
      'unknown-reference',
    );
  });
});
