import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { keysetPage, SqlConditions, type SortColumn } from '../common/pagination/keyset-page.js';
import type { Page } from '../common/pagination/page.js';
import { ProblemError, problems, type FieldError } from '../common/problem/problem.js';
import {
  escapeLike,
  PG_CHECK_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
  pgConstraint,
  pgErrorCode,
  isStillReferenced,
} from '../database/pg-errors.js';
import type { CreateStatementDto } from './dto/create-statement.dto.js';
import { StatementSort, type ListStatementsQueryDto } from './dto/list-statements.query.dto.js';
import type { UpdateStatementDto } from './dto/update-statement.dto.js';
import { draftFromCreate, patchFromUpdate } from './statement-input.js';
import {
  changedFields,
  mergeDraft,
  type DraftField,
  type StatementDraft,
  type StatementView,
} from './statement-model.js';
import { deadlineRangeViolations, draftViolations, todayUtc, wouldCreateReplyCycle } from './statement-rules.js';
import {
  findDuplicateReference,
  currentStatementTag,
  findStatementRow,
  insertStatementRow,
  loadViews,
  missingIds,
  replyChain,
  STATEMENT_SELECT,
  toStatementRow,
  updateStatementRow,
  writeAttachments,
  writeContacts,
  writeLiaisons,
  writeRecipients,
  type ReferencedTable,
  type StatementRow,
} from './statement-store.js';
import { recordChange } from '../changes/change-feed.js';
import { concernedBodies } from '../changes/concerned-bodies.js';
import { checkVersion, type WriteContext } from '../common/http/write-context.js';
import { StatementDto } from './dto/statement.dto.js';

interface StatementSortColumn extends SortColumn<StatementRow> {
  /** The sort column is nullable: the sort lists only the rows that have a value. */
  onlyWithValue?: boolean;
}

const createdAt = (s: StatementRow) => s.createdAt.toISOString();

// deadline and sent_on are nullable and keyset pages need a value to compare, so those sorts list
// only the statements that have the date; they use statements_deadline_idx (partial, deadline IS NOT
// NULL) and statements_sent_sort_idx.
const SORTS: Record<StatementSort, StatementSortColumn> = {
  [StatementSort.CreatedAt]: { column: 's.created_at', direction: 'ASC', cast: 'timestamptz', key: createdAt },
  [StatementSort.CreatedAtDesc]: { column: 's.created_at', direction: 'DESC', cast: 'timestamptz', key: createdAt },
  [StatementSort.SentOn]: {
    column: 's.sent_on',
    direction: 'ASC',
    cast: 'date',
    key: (s) => s.sentOn ?? '',
    onlyWithValue: true,
  },
  [StatementSort.SentOnDesc]: {
    column: 's.sent_on',
    direction: 'DESC',
    cast: 'date',
    key: (s) => s.sentOn ?? '',
    onlyWithValue: true,
  },
  [StatementSort.Deadline]: {
    column: 's.deadline',
    direction: 'ASC',
    cast: 'date',
    key: (s) => s.deadline ?? '',
    onlyWithValue: true,
  },
  [StatementSort.DeadlineDesc]: {
    column: 's.deadline',
    direction: 'DESC',
    cast: 'date',
    key: (s) => s.deadline ?? '',
    onlyWithValue: true,
  },
};

/** Changes of `inReplyToId` take this lock so two concurrent PATCHes cannot close a reply loop together. */
const REPLY_THREAD_LOCK = 7_340_051;

/** Fields naming other records, the table they must exist in, and whether they are lists. */
const REFERENCES: {
  field: DraftField;
  table: ReferencedTable;
  resource: string;
  ids: (d: StatementDraft) => string[];
}[] = [
  { field: 'fromBodyId', table: 'bodies', resource: 'body', ids: (d) => [d.fromBodyId] },
  { field: 'toBodyIds', table: 'bodies', resource: 'body', ids: (d) => d.toBodyIds },
  { field: 'ccBodyIds', table: 'bodies', resource: 'body', ids: (d) => d.ccBodyIds },
  { field: 'contactIds', table: 'contacts', resource: 'contact', ids: (d) => d.contactIds },
  { field: 'liaisonIds', table: 'liaisons', resource: 'liaison', ids: (d) => d.liaisonIds },
  {
    field: 'inReplyToId',
    table: 'statements',
    resource: 'statement',
    ids: (d) => (d.inReplyToId === null ? [] : [d.inReplyToId]),
  },
];

/** Foreign keys of the statement tables, for the rare write that loses a race with a delete. */
const FOREIGN_KEY_FIELDS: Record<string, string> = {
  statements_from_body_id_fkey: 'fromBodyId',
  statements_in_reply_to_id_fkey: 'inReplyToId',
  statement_recipients_body_id_fkey: 'toBodyIds',
  statement_contacts_contact_id_fkey: 'contactIds',
  statement_liaisons_liaison_id_fkey: 'liaisonIds',
};

@Injectable()
export class StatementsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListStatementsQueryDto): Promise<Page<StatementView>> {
    const { limit, cursor, sort = StatementSort.CreatedAtDesc, ...filters } = query;
    const rangeErrors = deadlineRangeViolations(filters.deadlineAfter, filters.deadlineBefore);
    if (rangeErrors.length > 0) throw problems.validation(rangeErrors);
    const today = todayUtc();
    const conditions = new SqlConditions()
      .add(filters.fromBodyId, (p) => `s.from_body_id = ${p}::uuid`)
      .add(
        filters.toBodyId,
        (p) =>
          `EXISTS (SELECT 1 FROM statement_recipients r WHERE r.statement_id = s.id AND r.body_id = ${p}::uuid AND r.kind = 'to')`,
      )
      .add(
        filters.bodyId,
        (p) =>
          `(s.from_body_id = ${p}::uuid OR EXISTS (SELECT 1 FROM statement_recipients r WHERE r.statement_id = s.id AND r.body_id = ${p}::uuid))`,
      )
      .add(filters.purpose, (p) => `s.purpose = ${p}`)
      .add(filters.deadlineAfter, (p) => `s.deadline >= ${p}::date`)
      .add(filters.deadlineBefore, (p) => `s.deadline <= ${p}::date`)
      // "Today" is the server's UTC date, bound as a value: CURRENT_DATE would follow the session time zone.
      .add(filters.overdue === undefined ? undefined : today, (p) =>
        filters.overdue
          ? `(s.deadline < ${p}::date AND NOT s.action_taken)`
          : `(s.deadline IS NULL OR s.deadline >= ${p}::date OR s.action_taken)`,
      )
      .add(
        filters.liaisonId,
        (p) =>
          `EXISTS (SELECT 1 FROM statement_liaisons sl WHERE sl.statement_id = s.id AND sl.liaison_id = ${p}::uuid)`,
      )
      .add(filters.inReplyToId, (p) => `s.in_reply_to_id = ${p}::uuid`)
      .add(
        filters.q && `%${escapeLike(filters.q)}%`,
        (p) => `(s.reference ILIKE ${p} OR s.title ILIKE ${p} OR s.summary ILIKE ${p})`,
      );
    const spec = SORTS[sort];
    if (spec.onlyWithValue) conditions.where(`${spec.column} IS NOT NULL`);
    const page = await keysetPage({
      manager: this.dataSource.manager,
      from: STATEMENT_SELECT,
      idColumn: 's.id',
      conditions,
      filters,
      sortName: sort,
      sort: spec,
      limit,
      cursor,
      map: toStatementRow,
    });
    return { items: await loadViews(this.dataSource.manager, page.items, today), nextCursor: page.nextCursor };
  }

  /** The ETag a GET of the statement would carry now, from one query; null when there is no such statement. */
  currentTag(id: string): Promise<string | null> {
    return currentStatementTag(this.dataSource.manager, id, todayUtc());
  }

  async get(id: string): Promise<StatementView> {
    return this.view(this.dataSource.manager, id);
  }

  async create(input: CreateStatementDto, context: WriteContext): Promise<StatementView> {
    const draft = draftFromCreate(input);
    this.assertRules(draft);
    return this.dataSource.transaction(async (manager) => {
      await this.assertReferencesExist(manager, draft, 'all');
      await this.assertUniqueReference(manager, draft);
      const id = await this.translateWriteErrors(draft, async () => {
        const newId = await insertStatementRow(manager, draft);
        await writeRecipients(manager, newId, draft.toBodyIds, draft.ccBodyIds, false);
        await writeContacts(manager, newId, draft.contactIds, false);
        await writeAttachments(manager, newId, draft.attachments, false);
        await writeLiaisons(manager, newId, draft.liaisonIds, false);
        return newId;
      });
      return this.recorded(manager, 'statement.created', id, context);
    });
  }

  async update(id: string, input: UpdateStatementDto, context: WriteContext): Promise<StatementView> {
    const patch = patchFromUpdate(input);
    return this.dataSource.transaction(async (manager) => {
      // The thread lock comes before the row lock, as in every transaction that takes both.
      if (patch.inReplyToId !== undefined) await manager.query('SELECT pg_advisory_xact_lock($1)', [REPLY_THREAD_LOCK]);
      await this.lock(manager, id, context);
      const current = await this.view(manager, id);
      const merged = mergeDraft(current, patch);
      const changed = changedFields(current, merged);
      if (changed.size === 0) return current;
      this.assertRules(merged, id, changed);
      await this.assertReferencesExist(manager, merged, changed);
      if (changed.has('inReplyToId') && merged.inReplyToId !== null) {
        const chain = await replyChain(manager, merged.inReplyToId);
        if (wouldCreateReplyCycle(id, merged.inReplyToId, chain)) {
          throw problems.ruleViolation(
            'inReplyToId',
            'The statement named in inReplyToId already answers this one, directly or through other replies; the change would create a reply loop.',
          );
        }
      }
      if (changed.has('reference') || changed.has('fromBodyId')) await this.assertUniqueReference(manager, merged, id);
      await this.translateWriteErrors(merged, async () => {
        await updateStatementRow(manager, id, merged);
        if (changed.has('toBodyIds') || changed.has('ccBodyIds')) {
          await writeRecipients(manager, id, merged.toBodyIds, merged.ccBodyIds, true);
        }
        if (changed.has('contactIds')) await writeContacts(manager, id, merged.contactIds, true);
        if (changed.has('attachments')) await writeAttachments(manager, id, merged.attachments, true);
        if (changed.has('liaisonIds')) await writeLiaisons(manager, id, merged.liaisonIds, true);
      });
      return this.recorded(manager, 'statement.updated', id, context, concernedBodies.statement(current));
    });
  }

  async delete(id: string, context: WriteContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const reference = await this.lock(manager, id, context);
      // Read before the delete: the event concerns the bodies the statement had.
      const bodyIds = concernedBodies.statement(await this.view(manager, id));
      const replies: { id: string; reference: string }[] = await manager.query(
        'SELECT id, reference FROM statements WHERE in_reply_to_id = $1 ORDER BY created_at, id',
        [id],
      );
      if (replies.length > 0) throw this.hasReplies(reference, replies);
      try {
        await manager.query('DELETE FROM statements WHERE id = $1', [id]);
        await recordChange(manager, {
          type: 'statement.deleted',
          resourceType: 'statement',
          resourceId: id,
          actor: context.actor,
          data: { id },
          bodyIds,
        });
      } catch (error) {
        if (isStillReferenced(error)) {
          throw problems.inUse(`Statement ${reference} is still referenced by other records and cannot be deleted.`);
        }
        throw error;
      }
    });
  }

  private async view(manager: EntityManager, id: string): Promise<StatementView> {
    const row = await findStatementRow(manager, id);
    if (!row) throw problems.notFound('statement', id);
    const [view] = await loadViews(manager, [row], todayUtc());
    return view!;
  }

  /** Locks the statement row for the rest of the transaction; 404 when there is none. Returns its reference. */
  /** Locks the statement row; 404 when it does not exist, 412 when `If-Match` names another version. */
  private async lock(manager: EntityManager, id: string, context?: WriteContext): Promise<string> {
    const rows: { reference: string; version: number }[] = await manager.query(
      'SELECT reference, version FROM statements WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!rows[0]) throw problems.notFound('statement', id);
    if (context) checkVersion('statement', rows[0].version, context);
    return rows[0].reference;
  }

  /**
   * Reads the statement back and appends the change event, in the writing transaction. `before`: the sending and
   * receiving bodies it had, when the change may have changed them.
   */
  private async recorded(
    manager: EntityManager,
    type: string,
    id: string,
    context: WriteContext,
    before: readonly string[] = [],
  ): Promise<StatementView> {
    const view = await this.view(manager, id);
    await recordChange(manager, {
      type,
      resourceType: 'statement',
      resourceId: id,
      actor: context.actor,
      data: StatementDto.from(view),
      bodyIds: [...concernedBodies.statement(view), ...before],
    });
    return view;
  }

  private assertRules(draft: StatementDraft, id?: string, changed?: ReadonlySet<DraftField>): void {
    const errors = draftViolations(draft, id, changed);
    if (errors.length > 0) throw new ProblemError(422, 'rule-violation', summarize(errors), { errors });
  }

  /** One query per referenced table; every unknown id is reported with its field path (`toBodyIds[1]`). */
  private async assertReferencesExist(
    manager: EntityManager,
    draft: StatementDraft,
    fields: ReadonlySet<DraftField> | 'all',
  ): Promise<void> {
    const checks = REFERENCES.filter((r) => fields === 'all' || fields.has(r.field));
    const missing = new Map<ReferencedTable, Set<string>>();
    for (const table of new Set(checks.map((c) => c.table))) {
      const ids = checks.filter((c) => c.table === table).flatMap((c) => c.ids(draft));
      missing.set(table, await missingIds(manager, table, ids));
    }
    const errors: FieldError[] = [];
    for (const check of checks) {
      const list = check.field.endsWith('Ids');
      check.ids(draft).forEach((refId, i) => {
        if (missing.get(check.table)?.has(refId)) {
          errors.push({
            field: list ? `${check.field}[${i}]` : check.field,
            message: `No ${check.resource} with id ${refId} exists.`,
          });
        }
      });
    }
    if (errors.length > 0) throw new ProblemError(422, 'unknown-reference', summarize(errors), { errors });
  }

  private async assertUniqueReference(manager: EntityManager, draft: StatementDraft, exceptId?: string): Promise<void> {
    const existing = await findDuplicateReference(manager, draft.fromBodyId, draft.reference, exceptId);
    if (existing) throw this.duplicate(draft.reference, existing.id);
  }

  private duplicate(reference: string, existingId?: string): ProblemError {
    return problems.duplicate(`The sending body already has a statement with reference "${reference}".`, {
      errors: [{ field: 'reference', message: 'must be unique per sending body (case-insensitive)' }],
      ...(existingId ? { existingId } : {}),
    });
  }

  private hasReplies(reference: string, replies: { id: string; reference: string }[]): ProblemError {
    const shown = replies
      .slice(0, 5)
      .map((r) => r.reference)
      .join(', ');
    return problems.inUse(
      `Statement ${reference} is answered by ${shown}${replies.length > 5 ? ', …' : ''}; delete those replies or point them at another statement first.`,
      { reason: 'has-replies', replyIds: replies.map((r) => r.id) },
    );
  }

  /** Concurrent writes can still slip past the pre-checks; the constraints then decide. */
  private async translateWriteErrors<T>(draft: StatementDraft, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const code = pgErrorCode(error);
      const constraint = pgConstraint(error) ?? '';
      if (code === PG_UNIQUE_VIOLATION && constraint === 'statements_reference_key') {
        throw this.duplicate(draft.reference);
      }
      if (code === PG_FOREIGN_KEY_VIOLATION) {
        const field = FOREIGN_KEY_FIELDS[constraint] ?? 'body';
        throw problems.unknownReference(field, `A record named in ${field} no longer exists.`);
      }
      if (code === PG_CHECK_VIOLATION) {
        throw problems.ruleViolation('body', 'The statement breaks a rule of the registry.');
      }
      throw error;
    }
  }
}

/** The problem's `detail`: the one message as a sentence, or a count pointing at `errors`. */
function summarize(errors: FieldError[]): string {
  if (errors.length !== 1) return `${errors.length} problems with the request; see errors.`;
  const message = errors[0]!.message;
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  return sentence.endsWith('.') ? sentence : `${sentence}.`;
}
