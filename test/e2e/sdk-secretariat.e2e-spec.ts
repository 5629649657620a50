/**
 * A secretariat registers a Category A liaison and carries it through approval, using only the generated SDK
 * (@liaison-registry/sdk): no hand-written HTTP, no casts.
 */
import {
  createBody,
  createLiaison,
  getLiaison,
  listLiaisonHistory,
  transitionLiaison,
  type EligibilityChecklistDto,
  type LiaisonDto,
  type TransitionLiaisonDto,
} from '../../openapi/sdk/typescript/src/index.js';
import type { Client } from '../../openapi/sdk/typescript/src/client/index.js';
import { ifMatch, sdkClient } from '../support/sdk.js';
import { startServer, type TestServer } from '../support/server.js';

/** Writes are made with the server's admin key: history names the key. */
const ACTOR = expect.stringMatching(/^key:ADMIN_API_KEY /);
let server: TestServer;
let client: Client;

beforeAll(async () => {
  server = await startServer();
  client = sdkClient(server.baseUrl, { apiKey: server.adminKey });
});

afterAll(async () => {
  await server?.dispose();
});

const ALL_MET: EligibilityChecklistDto = {
  notForProfitLegalEntity: { met: true, note: 'ETSI is a non-profit association under French law.' },
  openMembership: { met: true },
  relevantCompetence: { met: true },
  consensusProcess: { met: true },
};

/** One step of the procedure, naming the version it was decided on; fails the test unless it succeeds. */
async function step(liaison: LiaisonDto, body: TransitionLiaisonDto) {
  const { data } = await transitionLiaison({
    client,
    path: { id: liaison.id },
    headers: { 'If-Match': ifMatch(liaison) },
    body,
    throwOnError: true,
  });
  return data;
}

describe('a secretariat registers a Category A liaison through the SDK', () => {
  it('creates the two bodies and the liaison, then takes it through eligibility and ballot to approval', async () => {
    const committee = await createBody({
      client,
      body: { designation: 'ISO/IEC JTC 1/SC 42', name: 'Artificial intelligence', kind: 'subcommittee' },
      throwOnError: true,
    });
    expect(committee.response.status).toBe(201);
    expect(committee.response.headers.get('location')).toBe(`/v1/bodies/${committee.data.id}`);
    const { data: partner } = await createBody({
      client,
      body: { designation: 'ETSI TC MTS', name: 'Methods for Testing and Specification', kind: 'technical_committee' },
      throwOnError: true,
    });

    const { data: proposed } = await createLiaison({
      client,
      body: {
        committeeId: committee.data.id,
        partnerId: partner.id,
        category: 'category_a',
        rationale: 'ETSI TC MTS contributes test specification expertise to SC 42.',
        objectives: ['Exchange drafts on AI testing'],
        proposedOn: '2026-01-02',
      },
      throwOnError: true,
    });
    expect(proposed).toMatchObject({
      committeeId: committee.data.id,
      committee: { designation: 'ISO/IEC JTC 1/SC 42' },
      partner: { designation: 'ETSI TC MTS' },
      category: 'category_a',
      status: 'proposed',
      allowedActions: ['submitForEligibility', 'reject'],
      version: 1,
    });

    const submitted = await step(proposed, {
      action: 'submitForEligibility',
      reason: 'Proposal received',
      date: '2026-01-05',
    });
    expect(submitted.liaison.status).toBe('eligibility_review');
    const checked = await step(submitted.liaison, {
      action: 'recordEligibility',
      eligibility: ALL_MET,
      date: '2026-01-20',
    });
    expect(checked.liaison.allowedActions).toEqual(['recordEligibility', 'openBallot', 'reject']);
    expect(checked.entry.eligibility).toMatchObject({ passed: true });
    const opened = await step(checked.liaison, {
      action: 'openBallot',
      ballot: { reference: 'ISO/IEC JTC 1/SC 42 N 1234', openedOn: '2026-02-01' },
    });
    expect(opened.liaison.status).toBe('balloting');
    const approved = await step(opened.liaison, {
      action: 'recordBallot',
      ballot: { closedOn: '2026-03-30', approve: 14, disapprove: 6, abstain: 5 },
    });
    expect(approved.liaison).toMatchObject({
      status: 'approved',
      approvedOn: '2026-03-30',
      nextReviewDue: '2028-03-30',
      allowedActions: ['activate'],
      version: 5,
    });
    expect(approved.entry).toMatchObject({
      action: 'recordBallot',
      fromStatus: 'balloting',
      toStatus: 'approved',
      actor: ACTOR,
      ballot: { approve: 14, disapprove: 6, abstain: 5, approved: true, votesCast: 25 },
    });

    const { data: read } = await getLiaison({ client, path: { id: proposed.id }, throwOnError: true });
    expect(read).toEqual(approved.liaison);
    const { data: history } = await listLiaisonHistory({ client, path: { id: proposed.id }, throwOnError: true });
    expect(history.items.map((entry) => [entry.action, entry.toStatus])).toEqual([
      ['create', 'proposed'],
      ['submitForEligibility', 'eligibility_review'],
      ['recordEligibility', 'eligibility_review'],
      ['openBallot', 'balloting'],
      ['recordBallot', 'approved'],
    ]);
    expect(history.items.every((entry) => /^key:ADMIN_API_KEY /.test(entry.actor))).toBe(true);

    // What another client (anonymous, a fresh connection) reads back.
    const { data: stored } = await getLiaison({
      client: sdkClient(server.baseUrl),
      path: { id: proposed.id },
      throwOnError: true,
    });
    expect(stored).toMatchObject({
      status: 'approved',
      category: 'category_a',
      approvedOn: '2026-03-30',
      nextReviewDue: '2028-03-30',
      version: 5,
    });
  });

  it('gets typed problems back: a stale If-Match (412), a step the state does not allow (409), a bad id (400)', async () => {
    const { data: committee } = await createBody({
      client,
      body: { designation: 'ISO/IEC JTC 1/SC 7', name: 'Software and systems engineering', kind: 'subcommittee' },
      throwOnError: true,
    });
    const { data: partner } = await createBody({
      client,
      body: {
        designation: 'ETSI TC ESI',
        name: 'Electronic Signatures and Infrastructures',
        kind: 'technical_committee',
      },
      throwOnError: true,
    });
    const { data: liaison } = await createLiaison({
      client,
      body: { committeeId: committee.id, partnerId: partner.id, category: 'category_a' },
      throwOnError: true,
    });
    await step(liaison, { action: 'submitForEligibility' });

    // The version read before that step is stale now.
    const stale = await transitionLiaison({
      client,
      path: { id: liaison.id },
      headers: { 'If-Match': ifMatch(liaison) },
      body: { action: 'reject', reason: 'Not eligible' },
    });
    expect(stale.response?.status).toBe(412);
    expect(stale.error).toMatchObject({ status: 412, type: '/problems/precondition-failed', currentVersion: 2 });

    const notAllowed = await transitionLiaison({
      client,
      path: { id: liaison.id },
      headers: { 'If-Match': '*' },
      body: { action: 'activate' },
    });
    expect(notAllowed.response?.status).toBe(409);
    expect(notAllowed.error?.type).toBe('/problems/transition-not-allowed');

    const badId = await getLiaison({ client, path: { id: 'not-a-uuid' } });
    expect(badId.response?.status).toBe(400);
    expect(badId.error?.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);

    const { data: stored } = await getLiaison({ client: sdkClient(server.baseUrl), path: { id: liaison.id } });
    expect(stored).toMatchObject({ status: 'eligibility_review', version: 2 });
  });
});
