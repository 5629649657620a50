/**
 * Rules of liaisons that need no database: warnings about irregular records, date order,
 * self-liaisons, which states are live. Free of Nest and TypeORM so they are unit-tested directly.
 */
import { BodyKind } from '../bodies/body-kind.js';
import { LiaisonCategory, LiaisonStatus, TERMINAL_LIAISON_STATUSES } from './liaison-enums.js';

/** Why a stored liaison looks irregular. The record is kept as it is; the warning explains. */
export enum LiaisonWarningCode {
  /** Category A or B whose committee is not a technical committee or subcommittee (e.g. a working group). */
  CategoryRequiresCommitteeLevel = 'category-requires-committee-level',
  /** Category C whose committee is not a working group. */
  CategoryCRequiresWorkingGroup = 'category-c-requires-working-group',
  /** Category D no longer exists; it is kept for old records. */
  CategoryDHistoric = 'category-d-historic',
  /** ITU-T A.4 / A.5 / A.6 cooperation whose committee is not an ITU-T body. */
  ItuTCategoryRequiresItuTCommittee = 'itu-t-category-requires-itu-t-committee',
  /** ITU-T A.4 / A.5 / A.6 cooperation whose partner is itself an ITU-T body (that is an internal liaison). */
  ItuTCategoryWithItuTPartner = 'itu-t-category-with-itu-t-partner',
  /** An approved, active or under-review liaison whose next review date has passed. */
  ReviewOverdue = 'review-overdue',
  /** A Category A liaison whose next review is set more than two years after the last one. */
  ReviewIntervalTooLong = 'review-interval-too-long',
}

export interface LiaisonWarning {
  code: LiaisonWarningCode;
  message: string;
}

/** What the rules need to know about the committee and the partner. */
export interface LiaisonParty {
  designation: string;
  kind: BodyKind;
}

export interface LiaisonFacts {
  category: LiaisonCategory;
  status: LiaisonStatus;
  approvedOn: string | null;
  establishedOn: string | null;
  lastReviewedOn: string | null;
  nextReviewDue: string | null;
  committee: LiaisonParty;
  partner: LiaisonParty;
}

/** Kinds that may grant Category A and B liaisons (ISO/IEC Directives Part 1: a TC or SC). */
const COMMITTEE_LEVEL_KINDS: ReadonlySet<BodyKind> = new Set([
  BodyKind.TechnicalCommittee,
  BodyKind.JointTechnicalCommittee,
  BodyKind.Subcommittee,
]);

/** Statuses in which a liaison is expected to be reviewed periodically. */
const REVIEWED_STATUSES: ReadonlySet<LiaisonStatus> = new Set([
  LiaisonStatus.Approved,
  LiaisonStatus.Active,
  LiaisonStatus.UnderReview,
]);

const ITU_T_CATEGORIES: ReadonlySet<LiaisonCategory> = new Set([
  LiaisonCategory.ItuTA4,
  LiaisonCategory.ItuTA5,
  LiaisonCategory.ItuTA6,
]);

/** Category A liaisons are reviewed at least every two years. */
export const CATEGORY_A_REVIEW_YEARS = 2;

const KIND_LABELS: Record<BodyKind, string> = {
  [BodyKind.Organization]: 'an organization',
  [BodyKind.JointTechnicalCommittee]: 'a joint technical committee',
  [BodyKind.TechnicalCommittee]: 'a technical committee',
  [BodyKind.Subcommittee]: 'a subcommittee',
  [BodyKind.WorkingGroup]: 'a working group',
  [BodyKind.StudyGroup]: 'a study group',
  [BodyKind.AdvisoryGroup]: 'an advisory group',
  [BodyKind.CorrespondenceGroup]: 'a correspondence group',
  [BodyKind.FocusGroup]: 'a focus group',
  [BodyKind.Other]: 'a body of another kind',
};

export const CATEGORY_LABELS: Record<LiaisonCategory, string> = {
  [LiaisonCategory.CategoryA]: 'Category A',
  [LiaisonCategory.CategoryB]: 'Category B',
  [LiaisonCategory.CategoryC]: 'Category C',
  [LiaisonCategory.CategoryD]: 'Category D',
  [LiaisonCategory.Internal]: 'Internal',
  [LiaisonCategory.ItuTA4]: 'ITU-T A.4',
  [LiaisonCategory.ItuTA5]: 'ITU-T A.5',
  [LiaisonCategory.ItuTA6]: 'ITU-T A.6',
  [LiaisonCategory.CooperationAgreement]: 'Cooperation agreement',
};

/** ITU-T bodies are recognised by their designation ("ITU-T SG17", "ITU-T TSAG"). */
export function isItuTDesignation(designation: string): boolean {
  return /^ITU-T(?![A-Za-z0-9])/i.test(designation.trim());
}

/** A liaison that is neither withdrawn nor rejected: it blocks a second one with the same pair and category. */
export function isLiveStatus(status: LiaisonStatus): boolean {
  return !TERMINAL_LIAISON_STATUSES.includes(status);
}

/** Ids are compared as UUIDs: case does not make two bodies. */
export function isSelfLiaison(committeeId: string, partnerId: string): boolean {
  return committeeId.toLowerCase() === partnerId.toLowerCase();
}

/** `YYYY-MM-DD` of `date` in UTC: the registry's notion of "today". */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Adds whole years to a `YYYY-MM-DD` date; 29 February becomes 28 February in a common year. */
export function addYears(day: string, years: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const target = year + years;
  const leap = (target % 4 === 0 && target % 100 !== 0) || target % 400 === 0;
  const clampedDate = month === 2 && date === 29 && !leap ? 28 : date;
  return `${String(target).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(clampedDate).padStart(2, '0')}`;
}

/** Warnings about an irregular liaison, in a stable order. `today` is `YYYY-MM-DD`. */
export function liaisonWarnings(facts: LiaisonFacts, today: string): LiaisonWarning[] {
  const warnings: LiaisonWarning[] = [];
  const { category, committee, partner } = facts;
  const label = CATEGORY_LABELS[category];

  if (
    (category === LiaisonCategory.CategoryA || category === LiaisonCategory.CategoryB) &&
    !COMMITTEE_LEVEL_KINDS.has(committee.kind)
  ) {
    warnings.push({
      code: LiaisonWarningCode.CategoryRequiresCommitteeLevel,
      message:
        `${label} liaisons are granted by a technical committee or subcommittee, but ${committee.designation} is ` +
        `${KIND_LABELS[committee.kind]}; the record is kept but is irregular.`,
    });
  }
  if (category === LiaisonCategory.CategoryC && committee.kind !== BodyKind.WorkingGroup) {
    warnings.push({
      code: LiaisonWarningCode.CategoryCRequiresWorkingGroup,
      message:
        `Category C liaisons are granted at working-group level, but ${committee.designation} is ` +
        `${KIND_LABELS[committee.kind]}.`,
    });
  }
  if (category === LiaisonCategory.CategoryD) {
    warnings.push({
      code: LiaisonWarningCode.CategoryDHistoric,
      message: 'Category D no longer exists in the ISO/IEC Directives; it is kept for old records only.',
    });
  }
  if (ITU_T_CATEGORIES.has(category)) {
    if (!isItuTDesignation(committee.designation)) {
      warnings.push({
        code: LiaisonWarningCode.ItuTCategoryRequiresItuTCommittee,
        message: `${label} cooperation is held by an ITU-T body, but ${committee.designation} is not one.`,
      });
    }
    if (isItuTDesignation(partner.designation)) {
      warnings.push({
        code: LiaisonWarningCode.ItuTCategoryWithItuTPartner,
        message:
          `${label} covers cooperation with organizations outside ITU-T, but ${partner.designation} is an ITU-T ` +
          'body; a liaison between ITU-T groups is an internal liaison.',
      });
    }
  }
  if (REVIEWED_STATUSES.has(facts.status) && facts.nextReviewDue !== null && facts.nextReviewDue < today) {
    warnings.push({
      code: LiaisonWarningCode.ReviewOverdue,
      message: `The review due on ${facts.nextReviewDue} has not been recorded.`,
    });
  }
  const reviewedFrom = facts.lastReviewedOn ?? facts.establishedOn ?? facts.approvedOn;
  if (
    category === LiaisonCategory.CategoryA &&
    isLiveStatus(facts.status) &&
    reviewedFrom !== null &&
    facts.nextReviewDue !== null &&
    facts.nextReviewDue > addYears(reviewedFrom, CATEGORY_A_REVIEW_YEARS)
  ) {
    warnings.push({
      code: LiaisonWarningCode.ReviewIntervalTooLong,
      message:
        `Category A liaisons are reviewed at least every ${CATEGORY_A_REVIEW_YEARS} years, but the next review ` +
        `(${facts.nextReviewDue}) is more than ${CATEGORY_A_REVIEW_YEARS} years after ${reviewedFrom}.`,
    });
  }
  return warnings;
}

export interface LiaisonDates {
  proposedOn: string | null;
  approvedOn: string | null;
  establishedOn: string | null;
}

export interface DateViolation {
  field: keyof LiaisonDates;
  message: string;
}

/** A liaison cannot be approved or established before it was proposed. */
export function dateOrderViolations(dates: LiaisonDates): DateViolation[] {
  const violations: DateViolation[] = [];
  const { proposedOn } = dates;
  if (proposedOn === null) return violations;
  for (const field of ['approvedOn', 'establishedOn'] as const) {
    const value = dates[field];
    if (value !== null && value < proposedOn) {
      violations.push({ field, message: `${field} (${value}) must not be before proposedOn (${proposedOn}).` });
    }
  }
  return violations;
}

/** `field[i]` for every requested id that was not found, in request order. */
export function missingReferences(
  field: string,
  requested: readonly string[],
  found: ReadonlySet<string>,
): { field: string; id: string }[] {
  const missing: { field: string; id: string }[] = [];
  requested.forEach((id, index) => {
    if (!found.has(id.toLowerCase())) missing.push({ field: `${field}[${index}]`, id });
  });
  return missing;
}

/** Same elements in the same order (lists of ids are ordered). */
export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
