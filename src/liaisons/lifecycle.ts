/**
 * The liaison lifecycle of ISO/IEC Directives Part 1 (and its lighter variants), as pure functions:
 * which actions each state allows for each category, where they lead, and the ballot rule.
 * No Nest or TypeORM import: exhaustively unit-tested in test/unit/lifecycle.spec.ts.
 *
 * Category A and B:  proposed → eligibility_review → balloting → approved → active → under_review →
 *                    active | suspended | withdrawn; suspended → active | withdrawn; rejected from any
 *                    state before approved.
 * Category C and D:  decided by the working group without a P-member ballot: proposed → approved (approve).
 * Internal, ITU-T A.4/A.5/A.6, cooperation agreements: proposed → active on approval (approve).
 * Withdrawn and rejected are final.
 */
import { LiaisonCategory, LiaisonStatus } from './liaison-enums.js';

export enum LiaisonAction {
  SubmitForEligibility = 'submitForEligibility',
  RecordEligibility = 'recordEligibility',
  OpenBallot = 'openBallot',
  RecordBallot = 'recordBallot',
  Approve = 'approve',
  Activate = 'activate',
  StartReview = 'startReview',
  CompleteReview = 'completeReview',
  Suspend = 'suspend',
  Reinstate = 'reinstate',
  Withdraw = 'withdraw',
  Reject = 'reject',
}

export const ALL_ACTIONS = Object.values(LiaisonAction);

/** Categories whose approval needs an eligibility review and a ballot of the committee's P-members. */
export function needsBallot(category: LiaisonCategory): boolean {
  return category === LiaisonCategory.CategoryA || category === LiaisonCategory.CategoryB;
}

/** Categories that become active as soon as they are approved (no separate activation step). */
export function activeOnApproval(category: LiaisonCategory): boolean {
  switch (category) {
    case LiaisonCategory.Internal:
    case LiaisonCategory.ItuTA4:
    case LiaisonCategory.ItuTA5:
    case LiaisonCategory.ItuTA6:
    case LiaisonCategory.CooperationAgreement:
      return true;
    case LiaisonCategory.CategoryA:
    case LiaisonCategory.CategoryB:
    case LiaisonCategory.CategoryC:
    case LiaisonCategory.CategoryD:
      return false;
  }
}

export const FINAL_STATUSES: readonly LiaisonStatus[] = [LiaisonStatus.Withdrawn, LiaisonStatus.Rejected];
const BEFORE_APPROVAL: readonly LiaisonStatus[] = [
  LiaisonStatus.Proposed,
  LiaisonStatus.EligibilityReview,
  LiaisonStatus.Balloting,
];

/** What the history says about the procedure so far, where it matters for the next step. */
export interface LifecycleContext {
  /** Outcome of the latest eligibility checklist; undefined when none was recorded yet. */
  eligibilityPassed?: boolean;
}

/** Actions allowed for a liaison of `category` in `status`. */
export function allowedActions(
  category: LiaisonCategory,
  status: LiaisonStatus,
  context: LifecycleContext = {},
): LiaisonAction[] {
  const actions: LiaisonAction[] = [];
  const ballot = needsBallot(category);
  switch (status) {
    case LiaisonStatus.Proposed:
      actions.push(ballot ? LiaisonAction.SubmitForEligibility : LiaisonAction.Approve);
      break;
    case LiaisonStatus.EligibilityReview:
      actions.push(LiaisonAction.RecordEligibility);
      if (context.eligibilityPassed === true) actions.push(LiaisonAction.OpenBallot);
      break;
    case LiaisonStatus.Balloting:
      actions.push(LiaisonAction.RecordBallot);
      break;
    case LiaisonStatus.Approved:
      actions.push(LiaisonAction.Activate);
      break;
    case LiaisonStatus.Active:
      actions.push(LiaisonAction.StartReview, LiaisonAction.Suspend, LiaisonAction.Withdraw);
      break;
    case LiaisonStatus.UnderReview:
      actions.push(LiaisonAction.CompleteReview, LiaisonAction.Suspend, LiaisonAction.Withdraw);
      break;
    case LiaisonStatus.Suspended:
      actions.push(LiaisonAction.Reinstate, LiaisonAction.Withdraw);
      break;
    case LiaisonStatus.Withdrawn:
    case LiaisonStatus.Rejected:
      break;
  }
  if (BEFORE_APPROVAL.includes(status)) actions.push(LiaisonAction.Reject);
  return actions;
}

export interface BallotVotes {
  approve: number;
  disapprove: number;
  abstain: number;
}

export interface BallotResult {
  approved: boolean;
  /** approve / (approve + disapprove), null when nobody voted for or against. */
  approvalRatio: number | null;
  votesCast: number;
}

/**
 * Approved when the approvals are at least two thirds of the P-members voting for or against
 * (abstentions are not counted) and at least one P-member voted for or against. Integer arithmetic:
 * 3 × approve ≥ 2 × (approve + disapprove).
 */
export function ballotResult(votes: BallotVotes): BallotResult {
  for (const [name, value] of Object.entries(votes)) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer`);
  }
  const decisive = votes.approve + votes.disapprove;
  return {
    approved: decisive > 0 && 3 * votes.approve >= 2 * decisive,
    approvalRatio: decisive === 0 ? null : votes.approve / decisive,
    votesCast: decisive + votes.abstain,
  };
}

export type EligibilityCriterion =
  'notForProfitLegalEntity' | 'openMembership' | 'relevantCompetence' | 'consensusProcess';

export const ELIGIBILITY_CRITERIA: readonly EligibilityCriterion[] = [
  'notForProfitLegalEntity',
  'openMembership',
  'relevantCompetence',
  'consensusProcess',
];

/** The checklist passes only when every criterion is met. */
export function eligibilityPassed(checklist: Record<EligibilityCriterion, { met: boolean }>): boolean {
  return ELIGIBILITY_CRITERIA.every((criterion) => checklist[criterion].met);
}

export interface TransitionOutcome {
  to: LiaisonStatus;
}

/**
 * Where an allowed action leads. `ballotApproved` decides recordBallot; `reopenOnFailure` keeps a failed
 * ballot in balloting (the secretariat re-runs it) instead of rejecting.
 */
export function nextStatus(
  category: LiaisonCategory,
  action: LiaisonAction,
  input: { ballotApproved?: boolean; reopenOnFailure?: boolean } = {},
): LiaisonStatus {
  switch (action) {
    case LiaisonAction.SubmitForEligibility:
    case LiaisonAction.RecordEligibility:
      return LiaisonStatus.EligibilityReview;
    case LiaisonAction.OpenBallot:
      return LiaisonStatus.Balloting;
    case LiaisonAction.RecordBallot:
      if (input.ballotApproved) return LiaisonStatus.Approved;
      return input.reopenOnFailure ? LiaisonStatus.Balloting : LiaisonStatus.Rejected;
    case LiaisonAction.Approve:
      return activeOnApproval(category) ? LiaisonStatus.Active : LiaisonStatus.Approved;
    case LiaisonAction.Activate:
    case LiaisonAction.CompleteReview:
    case LiaisonAction.Reinstate:
      return LiaisonStatus.Active;
    case LiaisonAction.StartReview:
      return LiaisonStatus.UnderReview;
    case LiaisonAction.Suspend:
      return LiaisonStatus.Suspended;
    case LiaisonAction.Withdraw:
      return LiaisonStatus.Withdrawn;
    case LiaisonAction.Reject:
      return LiaisonStatus.Rejected;
  }
}

/** Reviews are due at least every two years. */
export const REVIEW_INTERVAL_YEARS = 2;
