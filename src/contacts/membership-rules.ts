/**
 * Rules of roster memberships, free of Nest and TypeORM so they are unit-tested directly.
 * Dates are `YYYY-MM-DD` strings, so string order is date order.
 */

export interface MembershipPeriod {
  since: string | null;
  until: string | null;
}

/** Why the period is impossible, or null when it is fine (open ends are fine). */
export function membershipPeriodViolation(period: MembershipPeriod): string | null {
  if (period.since !== null && period.until !== null && period.until < period.since) {
    return `until (${period.until}) must not be before since (${period.since})`;
  }
  return null;
}

/** A membership without an end date is current; an ended one is roster history. */
export function isCurrentMembership(period: Pick<MembershipPeriod, 'until'>): boolean {
  return period.until === null;
}
