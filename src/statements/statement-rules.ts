/**
 * Business rules of liaison statements, free of Nest and TypeORM so they are unit-tested directly.
 * Each check returns the violations it finds as `{ field, message }` (empty when the record is fine);
 * the service turns them into one 422 problem.
 */
import type { FieldError } from '../common/problem/problem.js';
import type { DraftField, StatementActionTaken, StatementDraft } from './statement-model.js';
import { StatementPurpose } from './statement-purpose.js';

/** Today's date on the server's clock, in UTC, as `YYYY-MM-DD`. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * A statement is overdue when its deadline is before today and the action it asks for has not been
 * recorded as taken. Without a deadline nothing can be overdue; the deadline day itself is not late.
 */
export function isOverdue(deadline: string | null, actionTaken: boolean, today: string): boolean {
  return deadline !== null && deadline < today && !actionTaken;
}

/** Purposes that ask something of the recipients and so need a deadline. */
export function needsDeadline(purpose: StatementPurpose): boolean {
  switch (purpose) {
    case StatementPurpose.Action:
    case StatementPurpose.Comment:
      return true;
    case StatementPurpose.Information:
    case StatementPurpose.Response:
      return false;
  }
}

/**
 * Deadline and reply rules, checked on the whole record (after a PATCH is merged, too):
 * action and comment need a deadline; a response names the statement it answers and only a
 * response does; nothing answers itself.
 *
 * `changed` (for a PATCH: the fields it changes) limits the deadline rule to edits of the purpose or the deadline. A
 * statement recorded without the deadline it would need (the seeded SG17 statement, whose document prints none)
 * stays editable otherwise, e.g. to record that the action was taken, without a deadline being invented for it.
 */
export function purposeViolations(
  record: Pick<StatementDraft, 'purpose' | 'deadline' | 'inReplyToId'>,
  id?: string,
  changed?: ReadonlySet<DraftField>,
): FieldError[] {
  const errors: FieldError[] = [];
  const deadlineRuleApplies = changed === undefined || changed.has('purpose') || changed.has('deadline');
  if (deadlineRuleApplies && needsDeadline(record.purpose) && record.deadline === null) {
    errors.push({ field: 'deadline', message: `a statement for ${record.purpose} must have a deadline` });
  }
  if (record.purpose === StatementPurpose.Response && record.inReplyToId === null) {
    errors.push({ field: 'inReplyToId', message: 'a response must name the statement it answers (inReplyToId)' });
  }
  if (record.purpose !== StatementPurpose.Response && record.inReplyToId !== null) {
    errors.push({
      field: 'inReplyToId',
      message: `only a response answers another statement; a statement for ${record.purpose} must not have inReplyToId`,
    });
  }
  if (id !== undefined && record.inReplyToId === id) {
    errors.push({ field: 'inReplyToId', message: 'a statement cannot reply to itself' });
  }
  return errors;
}

/** The sender is not also a recipient, and a body is either a `to` or a `cc` recipient, not both. */
export function recipientViolations(
  record: Pick<StatementDraft, 'fromBodyId' | 'toBodyIds' | 'ccBodyIds'>,
): FieldError[] {
  const errors: FieldError[] = [];
  record.toBodyIds.forEach((bodyId, i) => {
    if (bodyId === record.fromBodyId) {
      errors.push({ field: `toBodyIds[${i}]`, message: 'the sending body cannot also be a recipient' });
    }
  });
  const to = new Set(record.toBodyIds);
  record.ccBodyIds.forEach((bodyId, i) => {
    if (bodyId === record.fromBodyId) {
      errors.push({ field: `ccBodyIds[${i}]`, message: 'the sending body cannot also be a recipient' });
    } else if (to.has(bodyId)) {
      errors.push({ field: `ccBodyIds[${i}]`, message: 'a body cannot be both a to and a cc recipient' });
    }
  });
  return errors;
}

/** A date of action only makes sense once the action is taken. */
export function actionTakenViolations(actionTaken: StatementActionTaken): FieldError[] {
  if (!actionTaken.taken && actionTaken.on !== null) {
    return [{ field: 'actionTaken.on', message: 'actionTaken.on must be null while actionTaken.taken is false' }];
  }
  return [];
}

/**
 * Every rule that needs no database, in the order a client would want to read them. `changed`: for a PATCH, the
 * fields it changes (see purposeViolations).
 */
export function draftViolations(draft: StatementDraft, id?: string, changed?: ReadonlySet<DraftField>): FieldError[] {
  return [
    ...purposeViolations(draft, id, changed),
    ...recipientViolations(draft),
    ...actionTakenViolations(draft.actionTaken),
  ];
}

/**
 * Would answering `newTargetId` close a loop of replies? `chainOfTarget` is the target followed by
 * the statement it answers, and so on up to the first statement of the thread.
 */
export function wouldCreateReplyCycle(
  id: string,
  newTargetId: string | null,
  chainOfTarget: readonly string[],
): boolean {
  if (newTargetId === null) return false;
  if (newTargetId === id) return true;
  return chainOfTarget.includes(id);
}

/** Both bounds of the deadline filter are inclusive, so an empty range is a client mistake. */
export function deadlineRangeViolations(deadlineAfter?: string, deadlineBefore?: string): FieldError[] {
  if (deadlineAfter !== undefined && deadlineBefore !== undefined && deadlineAfter > deadlineBefore) {
    return [{ field: 'deadlineAfter', message: 'deadlineAfter must not be later than deadlineBefore' }];
  }
  return [];
}
