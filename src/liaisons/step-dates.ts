/**
 * The date order of a liaison's procedure, as a pure function: a step cannot take effect before what the
 * procedure has already recorded. No Nest or TypeORM import: unit-tested in test/unit/step-dates.spec.ts.
 */

/** What a new step's date is compared with. Dates are `YYYY-MM-DD`. */
export interface StepDateBounds {
  proposedOn: string | null;
  approvedOn: string | null;
  establishedOn: string | null;
  lastReviewedOn: string | null;
  /** The latest lifecycle step on record (create, edits and expert changes are not steps), and its date. */
  previousStep: { action: string; effectiveOn: string } | null;
  /** recordBallot: the day the ballot being closed was opened (by openBallot). */
  ballotOpenedOn?: string | null;
}

export interface StepDateViolation {
  /** The input that carries the date: `date`, `ballot.openedOn` or `ballot.closedOn`. */
  field: string;
  message: string;
}

/**
 * Why a step dated `date` (sent as `field`) would precede the procedure so far, or null when it does not. Every
 * recorded date bounds it: the proposal, the approval, the establishment, the last completed review, the previous
 * step, and for a ballot result the opening of that ballot. Only the latest bound it breaks is reported (the one
 * to correct it against); on a tie the most specific one (the ballot, then the previous step) is named.
 */
export function stepDateViolation(field: string, date: string, bounds: StepDateBounds): StepDateViolation | null {
  const candidates: { on: string | null | undefined; what: string }[] = [
    { on: bounds.proposedOn, what: 'the proposal (proposedOn)' },
    { on: bounds.approvedOn, what: 'the approval (approvedOn)' },
    { on: bounds.establishedOn, what: 'the establishment (establishedOn)' },
    { on: bounds.lastReviewedOn, what: 'the last completed review (lastReviewedOn)' },
    {
      on: bounds.previousStep?.effectiveOn,
      what: `the previous step (${bounds.previousStep?.action ?? 'none'})`,
    },
    { on: bounds.ballotOpenedOn, what: 'the opening of the ballot (openBallot)' },
  ];
  let latest: { on: string; what: string } | null = null;
  for (const { on, what } of candidates) {
    if (typeof on !== 'string' || on <= date) continue;
    if (latest === null || on >= latest.on) latest = { on, what };
  }
  if (latest === null) return null;
  return { field, message: `${field} (${date}) must not be before ${latest.what}, ${latest.on}.` };
}
