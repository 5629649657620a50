import { LiaisonCategory, LiaisonStatus } from '../../src/liaisons/liaison-enums.js';
import { addYears } from '../../src/liaisons/liaison-rules.js';
import {
  ALL_ACTIONS,
  allowedActions,
  ballotResult,
  eligibilityPassed,
  LiaisonAction as A,
  nextStatus,
} from '../../src/liaisons/lifecycle.js';

const S = LiaisonStatus;
const C = LiaisonCategory;

/** Expected allowed actions for category A (and B) in every state. */
const CATEGORY_A: Record<LiaisonStatus, A[]> = {
  [S.Proposed]: [A.SubmitForEligibility, A.Reject],
  [S.EligibilityReview]: [A.RecordEligibility, A.Reject],
  [S.Balloting]: [A.RecordBallot, A.Reject],
  [S.Approved]: [A.Activate],
  [S.Active]: [A.StartReview, A.Suspend, A.Withdraw],
  [S.UnderReview]: [A.CompleteReview, A.Suspend, A.Withdraw],
  [S.Suspended]: [A.Reinstate, A.Withdraw],
  [S.Withdrawn]: [],
  [S.Rejected]: [],
};

describe('allowedActions: every state × every action', () => {
  for (const category of [C.CategoryA, C.CategoryB]) {
    for (const status of Object.values(S)) {
      for (const action of ALL_ACTIONS) {
        const expected = CATEGORY_A[status].includes(action);
        it(`${category} ${status}: ${action} is ${expected ? 'allowed' : 'refused'}`, () => {
          expect(allowedActions(category, status).includes(action)).toBe(expected);
        });
      }
    }
  }

  it('allows opening the ballot only after a passed eligibility checklist', () => {
    expect(allowedActions(C.CategoryA, S.EligibilityReview, { eligibilityPassed: true })).toEqual([
      A.RecordEligibility,
      A.OpenBallot,
      A.Reject,
    ]);
    expect(allowedActions(C.CategoryA, S.EligibilityReview, { eligibilityPassed: false })).toEqual([
      A.RecordEligibility,
      A.Reject,
    ]);
  });

  it.each([C.CategoryC, C.CategoryD, C.Internal, C.ItuTA4, C.ItuTA5, C.ItuTA6, C.CooperationAgreement])(
    'lets %s be approved straight from proposed, without eligibility or ballot',
    (category) => {
      expect(allowedActions(category, S.Proposed)).toEqual([A.Approve, A.Reject]);
      expect(allowedActions(category, S.Proposed)).not.toContain(A.SubmitForEligibility);
    },
  );

  it.each(Object.values(C))('has final withdrawn and rejected states for %s', (category) => {
    expect(allowedActions(category, S.Withdrawn)).toEqual([]);
    expect(allowedActions(category, S.Rejected)).toEqual([]);
  });

  it.each(Object.values(C))('never allows reject after approval for %s', (category) => {
    for (const status of [S.Approved, S.Active, S.UnderReview, S.Suspended]) {
      expect(allowedActions(category, status)).not.toContain(A.Reject);
    }
  });
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
