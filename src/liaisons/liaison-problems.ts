/** The problems liaison requests can answer with, worded once. Pure: no Nest or TypeORM. */
import { ProblemError, problems, type FieldError } from '../common/problem/problem.js';
import type { LiaisonCategory, LiaisonStatus } from './liaison-enums.js';
import { CATEGORY_LABELS, type DateViolation } from './liaison-rules.js';
import type { StepDateViolation } from './step-dates.js';

export function selfLiaison(): ProblemError {
  return problems.ruleViolation(
    'partnerId',
    'A body cannot hold a liaison with itself: committeeId and partnerId must differ.',
  );
}

export function datesOutOfOrder(violations: readonly DateViolation[]): ProblemError {
  return new ProblemError(422, 'rule-violation', violations.map((v) => v.message).join(' '), {
    errors: violations.map(({ field, message }) => ({ field, message })),
  });
}

/** One 422 naming every missing reference. */
export function unknownReferences(errors: readonly FieldError[]): ProblemError {
  const detail =
    errors.length === 1 ? errors[0]!.message : `${errors.length} referenced records do not exist; see errors.`;
  return new ProblemError(422, 'unknown-reference', detail, { errors: [...errors] });
}

/** A second live liaison with the same committee, partner and category (category unknown after a lost race). */
export function duplicateLiaison(category: LiaisonCategory | null, existingId: string | null): ProblemError {
  const what = category ? `A ${CATEGORY_LABELS[category]} liaison` : 'A liaison of this category';
  return problems.duplicate(
    `${what} between this committee and partner is already live (not withdrawn or rejected); ` +
      'update it, or withdraw it before recording a new one.',
    {
      errors: [{ field: 'category', message: 'at most one live liaison per committee, partner and category' }],
      ...(existingId === null ? {} : { existingId }),
    },
  );
}

/** `references` are the first few citing statements, `total` how many there are (0 when unknown). */
export function citedByStatements(id: string, references: readonly string[], total: number): ProblemError {
  const shown = references.join(', ') + (total > references.length ? ', …' : '');
  return problems.inUse(
    total > 0
      ? `Liaison ${id} is cited by ${total} liaison statement(s) (${shown}) and cannot be deleted; withdraw it instead.`
      : `Liaison ${id} is cited by liaison statements and cannot be deleted; withdraw it instead.`,
    { reason: 'cited-by-statements' },
  );
}

/** Only a proposed liaison (a record entered by mistake) can be deleted; later ones keep their procedure. */
export function recordedProcedure(status: string): ProblemError {
  return problems.inUse(
    `Only proposed liaisons can be deleted; this one is ${status} and its procedure is on record. ` +
      'Reject or withdraw it instead (POST /v1/liaisons/{id}/transitions).',
    { reason: 'procedure-on-record' },
  );
}

/**
 * A secretariat key set what only an admin key may: a status other than proposed on create (a relationship that
 * predates the registry, recorded as it stands), or a procedure date, which transitions set.
 */
export function adminOnlyFields(errors: readonly FieldError[]): ProblemError {
  return problems.forbidden(
    'Only an admin key may create a liaison in another status than proposed or set its procedure dates ' +
      '(approvedOn, establishedOn, lastReviewedOn, nextReviewDue); a secretariat starts a liaison as proposed and ' +
      'moves it on with POST /v1/liaisons/{id}/transitions, which sets those dates.',
    { requiredRoles: ['admin'], errors: [...errors] },
  );
}

/** The category decides the procedure: it is fixed once the procedure has started. */
export function categoryFixed(status: LiaisonStatus): ProblemError {
  const detail =
    `The category of a liaison can change only while it is proposed: it decides the procedure, and this one is ` +
    `${status}. Withdraw or reject it and record a new liaison instead.`;
  return new ProblemError(409, 'conflict', detail, {
    currentStatus: status,
    errors: [{ field: 'category', message: 'the category can change only while the liaison is proposed' }],
  });
}

/** A status the category's procedure never reaches (e.g. a Category C liaison in balloting). */
export function statusOutsideProcedure(category: LiaisonCategory, status: LiaisonStatus): ProblemError {
  return problems.ruleViolation(
    'status',
    `A ${CATEGORY_LABELS[category]} liaison is never ${status}: its procedure does not go through that state.`,
  );
}

/** A step dated before the procedure so far. */
export function stepDateOutOfOrder(violation: StepDateViolation): ProblemError {
  return new ProblemError(422, 'rule-violation', violation.message, {
    errors: [{ field: violation.field, message: violation.message }],
  });
}
