/**
 * The liaison lifecycle of ISO/IEC Directives Part 1 (and its lighter variants), as pure functions:
 * which actions each state allows for each category, where they lead, and the ballot rule.
 * No Nest or TypeORM import: exhaustively unit-tested in test/unit/lifecycle.spec.ts.
 *
 * Three procedures, by category:
 * - Ballot (Category A and B): proposed → eligibility_review (submitForEligibility; recordEligibility records a
 *   checklist, openBallot needs the latest one passed) → balloting (openBallot, then recordBallot) → approved
 *   (a passed ballot) → active (activate). A failed ballot rejects, or with `reopenOnFailure` stays in balloting
 *   with no ballot open: the re-run starts with a new openBallot of its own.
 * - Working-group decision (Category C and the historic D): proposed → approved (approve, no ballot) → active.
 * - Cooperation (internal, ITU-T A.4/A.5/A.6, cooperation agreements): proposed → active (approve).
 *
 * After approval every category follows the same review cycle: active → under_review (startReview, the only step
 * out of active) → active (completeReview) | suspended (suspend) | withdrawn (withdraw); suspended → active
 * (reinstate) | withdrawn (withdraw). Reject is allowed from every state before approved (proposed,
 * eligibility_review, balloting). Withdrawn and rejected are final.
 *
 * A record may sit in a state its category's procedure never reaches (data older than the rules, or a category
 * changed while proposed): eligibility_review and balloting of a category without a ballot allow approve and
 * reject; approved of a cooperation record allows activate. Every state therefore has a way on or out.
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

/** The procedure a category follows up to approval. */
export enum Procedure {
  /** Eligibility checklist and a ballot of the committee's P-members (Category A and B). */
  Ballot = 'ballot',
  /** Decided by the working group, no ballot; approved, then activated (Category C and D). */
  WorkingGroupDecision = 'workingGroupDecision',
  /** Active as soon as approved (internal liaisons, ITU-T A.4/A.5/A.6 cooperation, cooperation agreements). */
  Cooperation = 'cooperation',
}

export function procedureOf(category: LiaisonCategory): Procedure {
  switch (category) {
    case LiaisonCategory.CategoryA:
    case LiaisonCategory.CategoryB:
      return Procedure.Ballot;
    case LiaisonCategory.CategoryC:
    case LiaisonCategory.CategoryD:
      return Procedure.WorkingGroupDecision;
    case LiaisonCategory.Internal:
    case LiaisonCategory.ItuTA4:
    case LiaisonCategory.ItuTA5:
    case LiaisonCategory.ItuTA6:
    case LiaisonCategory.CooperationAgreement:
      return Procedure.Cooperation;
  }
}

/** Categories whose approval needs an eligibility review and a ballot of the committee's P-members. */
export function needsBallot(category: LiaisonCategory): boolean {
  return procedureOf(category) === Procedure.Ballot;
}

/** Categories that become active as soon as they are approved (no separate activation step). */
export function activeOnApproval(category: LiaisonCategory): boolean {
  return procedureOf(category) === Procedure.Cooperation;
}

export const FINAL_STATUSES: readonly LiaisonStatus[] = [LiaisonStatus.Withdrawn, LiaisonStatus.Rejected];
/** States before approval: the ones a liaison can be rejected from. */
export const BEFORE_APPROVAL: readonly LiaisonStatus[] = [
  LiaisonStatus.Proposed,
  LiaisonStatus.EligibilityReview,
  LiaisonStatus.Balloting,
];

/** The states the procedure of `category` can reach, in procedure order. */
export function statusesOf(category: LiaisonCategory): LiaisonStatus[] {
  const all = Object.values(LiaisonStatus);
  switch (procedureOf(category)) {
    case Procedure.Ballot:
      return all;
    case Procedure.WorkingGroupDecision:
      return all.filter((s) => s !== LiaisonStatus.EligibilityReview && s !== LiaisonStatus.Balloting);
    case Procedure.Cooperation:
      return all.filter(
        (s) => s !== LiaisonStatus.EligibilityReview && s !== LiaisonStatus.Balloting && s !== LiaisonStatus.Approved,
      );
  }
}

/** What the history says about the procedure so far, where it matters for the next step. */
export interface LifecycleContext {
  /** Outcome of the latest eligibility checklist; undefined when none was recorded yet. */
  eligibilityPassed?: boolean;
  /** Whether a ballot is open (opened by openBallot, not yet recorded by recordBallot). */
  ballotOpen?: boolean;
}

/** Actions allowed for a liaison of `category` in `status`, in a stable order (reject last). */
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
      if (!ballot) actions.push(LiaisonAction.Approve);
      else {
        actions.push(LiaisonAction.RecordEligibility);
        if (context.eligibilityPassed === true) actions.push(LiaisonAction.OpenBallot);
      }
      break;
    case LiaisonStatus.Balloting:
      if (!ballot) actions.push(LiaisonAction.Approve);
      else actions.push(context.ballotOpen === true ? LiaisonAction.RecordBallot : LiaisonAction.OpenBallot);
      break;
    case LiaisonStatus.Approved:
      actions.push(LiaisonAction.Activate);
      break;
    case LiaisonStatus.Active:
      actions.push(LiaisonAction.StartReview);
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

/**
 * Where an allowed action leads. `ballotApproved` decides recordBallot; `reopenOnFailure` keeps a failed
 * ballot in balloting (the secretariat re-runs it, starting with a new openBallot) instead of rejecting.
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
