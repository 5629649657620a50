import { LiaisonCategory, LiaisonStatus } from '../../src/liaisons/liaison-enums.js';
import { addYears } from '../../src/liaisons/liaison-rules.js';
import {
  ALL_ACTIONS,
  allowedActions,
  ballotResult,
  eligibilityPassed,
  LiaisonAction as A,
  nextStatus,
  Procedure,
  procedureOf,
  statusesOf,
  type LifecycleContext,
} from '../../src/liaisons/lifecycle.js';

const S = LiaisonStatus;
const C = LiaisonCategory;

/** A state, with what the history says where it matters (the checklist's outcome, whether a ballot is open). */
interface Situation {
  label: string;
  status: LiaisonStatus;
  context: LifecycleContext;
}

const SITUATIONS: Situation[] = [
  { label: 'proposed', status: S.Proposed, context: {} },
  { label: 'eligibility_review, no checklist yet', status: S.EligibilityReview, context: {} },
  { label: 'eligibility_review, checklist failed', status: S.EligibilityReview, context: { eligibilityPassed: false } },
  { label: 'eligibility_review, checklist passed', status: S.EligibilityReview, context: { eligibilityPassed: true } },
  { label: 'balloting, no ballot open', status: S.Balloting, context: { ballotOpen: false } },
  { label: 'balloting, ballot open', status: S.Balloting, context: { ballotOpen: true } },
  { label: 'approved', status: S.Approved, context: {} },
  { label: 'active', status: S.Active, context: {} },
  { label: 'under_review', status: S.UnderReview, context: {} },
  { label: 'suspended', status: S.Suspended, context: {} },
  { label: 'withdrawn', status: S.Withdrawn, context: {} },
  { label: 'rejected', status: S.Rejected, context: {} },
];

/** The allowed actions of each situation, in the order allowedActions lists them, and where each leads. */
type Table = Record<string, Partial<Record<A, LiaisonStatus>>>;

/** Shared by every category once approved: the review cycle. */
const AFTER_APPROVAL: Table = {
  approved: { [A.Activate]: S.Active },
  active: { [A.StartReview]: S.UnderReview },
  under_review: { [A.CompleteReview]: S.Active, [A.Suspend]: S.Suspended, [A.Withdraw]: S.Withdrawn },
  suspended: { [A.Reinstate]: S.Active, [A.Withdraw]: S.Withdrawn },
  withdrawn: {},
  rejected: {},
};

/** Category A and B; recordBallot is shown with a passed ballot (the other outcomes are tested below). */
const BALLOT: Table = {
  proposed: { [A.SubmitForEligibility]: S.EligibilityReview, [A.Reject]: S.Rejected },
  'eligibility_review, no checklist yet': { [A.RecordEligibility]: S.EligibilityReview, [A.Reject]: S.Rejected },
  'eligibility_review, checklist failed': { [A.RecordEligibility]: S.EligibilityReview, [A.Reject]: S.Rejected },
  'eligibility_review, checklist passed': {
    [A.RecordEligibility]: S.EligibilityReview,
    [A.OpenBallot]: S.Balloting,
    [A.Reject]: S.Rejected,
  },
  'balloting, no ballot open': { [A.OpenBallot]: S.Balloting, [A.Reject]: S.Rejected },
  'balloting, ballot open': { [A.RecordBallot]: S.Approved, [A.Reject]: S.Rejected },
  ...AFTER_APPROVAL,
};

/**
 * Category C and D: approve, then activate. Eligibility review and balloting are not part of their procedure; a
 * record found there can still be approved or rejected.
 */
const DECISION: Table = {
  proposed: { [A.Approve]: S.Approved, [A.Reject]: S.Rejected },
  'eligibility_review, no checklist yet': { [A.Approve]: S.Approved, [A.Reject]: S.Rejected },
  'eligibility_review, checklist failed': { [A.Approve]: S.Approved, [A.Reject]: S.Rejected },
  'eligibility_review, checklist passed': { [A.Approve]: S.Approved, [A.Reject]: S.Rejected },
  'balloting, no ballot open': { [A.Approve]: S.Approved, [A.Reject]: S.Rejected },
  'balloting, ballot open': { [A.Approve]: S.Approved, [A.Reject]: S.Rejected },
  ...AFTER_APPROVAL,
};

/** Internal, ITU-T A.4/A.5/A.6 and cooperation agreements: approve makes them active. */
const COOPERATION: Table = {
  proposed: { [A.Approve]: S.Active, [A.Reject]: S.Rejected },
  'eligibility_review, no checklist yet': { [A.Approve]: S.Active, [A.Reject]: S.Rejected },
  'eligibility_review, checklist failed': { [A.Approve]: S.Active, [A.Reject]: S.Rejected },
  'eligibility_review, checklist passed': { [A.Approve]: S.Active, [A.Reject]: S.Rejected },
  'balloting, no ballot open': { [A.Approve]: S.Active, [A.Reject]: S.Rejected },
  'balloting, ballot open': { [A.Approve]: S.Active, [A.Reject]: S.Rejected },
  ...AFTER_APPROVAL,
};

const GROUPS: { procedure: Procedure; categories: LiaisonCategory[]; table: Table; statuses: LiaisonStatus[] }[] = [
  { procedure: Procedure.Ballot, categories: [C.CategoryA, C.CategoryB], table: BALLOT, statuses: Object.values(S) },
  {
    procedure: Procedure.WorkingGroupDecision,
    categories: [C.CategoryC, C.CategoryD],
    table: DECISION,
    statuses: [S.Proposed, S.Approved, S.Active, S.UnderReview, S.Suspended, S.Withdrawn, S.Rejected],
  },
  {
    procedure: Procedure.Cooperation,
    categories: [C.Internal, C.ItuTA4, C.ItuTA5, C.ItuTA6, C.CooperationAgreement],
    table: COOPERATION,
    statuses: [S.Proposed, S.Active, S.UnderReview, S.Suspended, S.Withdrawn, S.Rejected],
  },
];

describe('the expected tables', () => {
  it('cover every category exactly once and every state', () => {
    expect(GROUPS.flatMap((g) => g.categories).sort()).toEqual(Object.values(C).sort());
    expect([...new Set(SITUATIONS.map((s) => s.status))].sort()).toEqual(Object.values(S).sort());
    for (const { table } of GROUPS) expect(Object.keys(table).sort()).toEqual(SITUATIONS.map((s) => s.label).sort());
  });
});

describe('allowedActions and nextStatus: every category × every state × every action', () => {
  const cases = GROUPS.flatMap(({ categories, table }) =>
    categories.flatMap((category) => SITUATIONS.map((situation) => ({ category, situation, table }))),
  );

  it.each(cases.map((c) => [c.category, c.situation.label, c] as const))(
    '%s in %s',
    (_c, _l, { category, situation, table }) => {
      const expected = table[situation.label]!;
      const allowed = allowedActions(category, situation.status, situation.context);
      // Every action: refused (null), or allowed and leading to the expected state.
      const outcome = Object.fromEntries(
        ALL_ACTIONS.map((action) => [
          action,
          allowed.includes(action) ? nextStatus(category, action, { ballotApproved: true }) : null,
        ]),
      );
      expect(outcome).toEqual(Object.fromEntries(ALL_ACTIONS.map((action) => [action, expected[action] ?? null])));
      // In a stable order, reject last.
      expect(allowed).toEqual(Object.keys(expected));
    },
  );

  it.each(Object.values(C))('lets %s be rejected from every state before approval and from none after', (category) => {
    for (const { status, context } of SITUATIONS) {
      const before = [S.Proposed, S.EligibilityReview, S.Balloting].includes(status);
      expect(allowedActions(category, status, context).includes(A.Reject)).toBe(before);
    }
  });

  it.each(Object.values(C))('lets %s leave active only through a review', (category) => {
    expect(allowedActions(category, S.Active)).toEqual([A.StartReview]);
  });

  it.each(Object.values(C))('has final withdrawn and rejected states for %s', (category) => {
    expect(allowedActions(category, S.Withdrawn)).toEqual([]);
    expect(allowedActions(category, S.Rejected)).toEqual([]);
  });

  it.each(Object.values(C))('gives %s a way on from every state its procedure does not know', (category) => {
    for (const { status, context } of SITUATIONS) {
      if (status === S.Withdrawn || status === S.Rejected) continue;
      expect(allowedActions(category, status, context).filter((a) => a !== A.Reject).length).toBeGreaterThan(0);
    }
  });
});

describe('procedureOf and statusesOf', () => {
  it.each(GROUPS.flatMap((g) => g.categories.map((category) => [category, g.procedure, g.statuses] as const)))(
    '%s follows the %s procedure through its states',
    (category, procedure, statuses) => {
      expect(procedureOf(category)).toBe(procedure);
      expect(statusesOf(category)).toEqual(statuses);
    },
  );
});

describe('nextStatus', () => {
  it.each([
    [A.SubmitForEligibility, S.EligibilityReview],
    [A.RecordEligibility, S.EligibilityReview],
    [A.OpenBallot, S.Balloting],
    [A.Activate, S.Active],
    [A.StartReview, S.UnderReview],
    [A.CompleteReview, S.Active],
    [A.Suspend, S.Suspended],
    [A.Reinstate, S.Active],
    [A.Withdraw, S.Withdrawn],
    [A.Reject, S.Rejected],
  ])('%s leads to %s', (action, to) => {
    expect(nextStatus(C.CategoryA, action)).toBe(to);
  });

  it('decides recordBallot by the result, or keeps balloting to re-run a failed ballot', () => {
    expect(nextStatus(C.CategoryA, A.RecordBallot, { ballotApproved: true })).toBe(S.Approved);
    expect(nextStatus(C.CategoryA, A.RecordBallot, { ballotApproved: false })).toBe(S.Rejected);
    expect(nextStatus(C.CategoryA, A.RecordBallot, { ballotApproved: false, reopenOnFailure: true })).toBe(S.Balloting);
  });

  it('approves C and D into approved, cooperation kinds straight into active', () => {
    expect(nextStatus(C.CategoryC, A.Approve)).toBe(S.Approved);
    expect(nextStatus(C.CategoryD, A.Approve)).toBe(S.Approved);
    for (const category of [C.Internal, C.ItuTA4, C.ItuTA5, C.ItuTA6, C.CooperationAgreement]) {
      expect(nextStatus(category, A.Approve)).toBe(S.Active);
    }
  });
});

describe('ballotResult (two thirds of the P-members voting; abstentions not counted)', () => {
  it.each([
    ['unanimous', { approve: 12, disapprove: 0, abstain: 0 }, true],
    ['exactly two thirds', { approve: 10, disapprove: 5, abstain: 3 }, true],
    ['2 of 3', { approve: 2, disapprove: 1, abstain: 0 }, true],
    ['just under two thirds', { approve: 9, disapprove: 5, abstain: 0 }, false],
    ['19 of 29 (65.5 %)', { approve: 19, disapprove: 10, abstain: 0 }, false],
    ['the 14 / 6 / 5 ballot', { approve: 14, disapprove: 6, abstain: 5 }, true],
    ['abstentions do not count against', { approve: 2, disapprove: 1, abstain: 40 }, true],
    ['all abstain', { approve: 0, disapprove: 0, abstain: 7 }, false],
    ['no votes', { approve: 0, disapprove: 0, abstain: 0 }, false],
    ['only disapprovals', { approve: 0, disapprove: 3, abstain: 0 }, false],
  ])('%s → approved %s', (_label, votes, approved) => {
    expect(ballotResult(votes).approved).toBe(approved);
  });

  it('reports the ratio and the votes cast', () => {
    expect(ballotResult({ approve: 14, disapprove: 6, abstain: 5 })).toEqual({
      approved: true,
      approvalRatio: 0.7,
      votesCast: 25,
    });
    expect(ballotResult({ approve: 0, disapprove: 0, abstain: 2 }).approvalRatio).toBeNull();
  });

  it.each([
    { approve: -1, disapprove: 0, abstain: 0 },
    { approve: 1.5, disapprove: 0, abstain: 0 },
    { approve: 1, disapprove: Number.NaN, abstain: 0 },
    { approve: 1, disapprove: 0, abstain: Number.POSITIVE_INFINITY },
  ])('refuses negative or non-integer counts %p', (votes) => {
    expect(() => ballotResult(votes)).toThrow(RangeError);
  });
});

describe('eligibilityPassed', () => {
  const all = (met: boolean) => ({
    notForProfitLegalEntity: { met },
    openMembership: { met },
    relevantCompetence: { met },
    consensusProcess: { met },
  });
  it('needs all four criteria met', () => {
    expect(eligibilityPassed(all(true))).toBe(true);
    expect(eligibilityPassed(all(false))).toBe(false);
    expect(eligibilityPassed({ ...all(true), consensusProcess: { met: false } })).toBe(false);
  });
});

describe('addYears', () => {
  it.each([
    ['2025-04-17', 2, '2027-04-17'],
    ['2024-02-29', 2, '2026-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2025-12-31', 2, '2027-12-31'],
  ])('%s + %d years = %s', (date, years, expected) => {
    expect(addYears(date, years)).toBe(expected);
  });
});
