import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Page } from '../common/pagination/page.js';
import { problems, type FieldError } from '../common/problem/problem.js';
import {
  PG_CHECK_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
  isStillReferenced,
  pgConstraint,
  pgErrorCode,
} from '../database/pg-errors.js';
import type { CreateLiaisonDto } from './dto/create-liaison.dto.js';
import { LiaisonDto } from './dto/liaison.dto.js';
import { recordChange } from '../changes/change-feed.js';
import { concernedBodies } from '../changes/concerned-bodies.js';
import { checkVersion, type WriteContext } from '../common/http/write-context.js';
import type { ListBodyLiaisonsQueryDto, ListLiaisonsQueryDto } from './dto/list-liaisons.query.dto.js';
import type { UpdateLiaisonDto } from './dto/update-liaison.dto.js';
import { LiaisonStatus } from './liaison-enums.js';
import {
  adminOnlyFields,
  categoryFixed,
  citedByStatements,
  recordedProcedure,
  datesOutOfOrder,
  duplicateLiaison,
  selfLiaison,
  statusOutsideProcedure,
  unknownReferences,
} from './liaison-problems.js';
import { dateOrderViolations, isLiveStatus, isSelfLiaison, missingReferences, sameList } from './liaison-rules.js';
import type { LiaisonView } from './liaison-view.js';
import { LiaisonEntity } from './liaison.entity.js';
import { LiaisonsRepository, type LiaisonKey } from './liaisons.repository.js';
import { appendHistory, LiaisonRecordAction, type FieldChange } from './liaison-history.js';
import { ALL_ACTIONS, statusesOf } from './lifecycle.js';

/** The columns a client writes (everything but id, version and timestamps). */
type LiaisonColumns = Pick<
  LiaisonEntity,
  | 'committeeId'
  | 'partnerId'
  | 'category'
  | 'status'
  | 'rationale'
  | 'objectives'
  | 'proposedByBodyId'
  | 'proposedOn'
  | 'approvedOn'
  | 'establishedOn'
  | 'lastReviewedOn'
  | 'nextReviewDue'
>;

const SCALAR_COLUMNS = [
  'committeeId',
  'partnerId',
  'category',
  'status',
  'rationale',
  'proposedByBodyId',
  'proposedOn',
  'approvedOn',
  'establishedOn',
  'lastReviewedOn',
  'nextReviewDue',
] as const satisfies readonly (keyof LiaisonColumns)[];

/** Foreign keys of the liaison tables and the input field each one checks. */
const FOREIGN_KEY_FIELDS: Record<string, string> = {
  liaisons_committee_id_fkey: 'committeeId',
  liaisons_partner_id_fkey: 'partnerId',
  liaisons_proposed_by_body_id_fkey: 'proposedByBodyId',
  liaison_representatives_contact_id_fkey: 'representativeIds',
  liaison_work_items_work_item_id_fkey: 'workItemIds',
};

/** Dates the transitions set: only an admin key writes them directly (records that predate the registry, corrections). */
const PROCEDURE_DATES = ['approvedOn', 'establishedOn', 'lastReviewedOn', 'nextReviewDue'] as const;

/** How many citing statements a refused delete names. */
const SHOWN_STATEMENTS = 5;

const BODY_FIELDS = ['committeeId', 'partnerId', 'proposedByBodyId'] as const;

/** Ids a write refers to; absent (or null) ones are not checked. */
type References = Partial<Record<(typeof BODY_FIELDS)[number], string | null>> & {
  representativeIds?: readonly string[];
  workItemIds?: readonly string[];
};

@Injectable()
export class LiaisonsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly liaisons: LiaisonsRepository,
  ) {}

  async list(query: ListLiaisonsQueryDto): Promise<Page<LiaisonView>> {
    return this.liaisons.list(query);
  }

  /** Liaisons in which the body takes part, as committee or partner; 404 for an unknown body. */
  async listForBody(bodyId: string, query: ListBodyLiaisonsQueryDto): Promise<Page<LiaisonView>> {
    const page = await this.liaisons.list({ ...query, bodyId });
    // A body with liaisons exists: only an empty page needs the check (one statement fewer on the usual read).
    if (page.items.length === 0 && !(await this.liaisons.bodyExists(bodyId))) throw problems.notFound('body', bodyId);
    return page;
  }

  /** The ETag a GET of the liaison would carry now, from one cheap query; null when there is no such liaison. */
  currentTag(id: string): Promise<string | null> {
    return this.liaisons.currentTag(id);
  }

  async get(id: string): Promise<LiaisonView> {
    const view = await this.liaisons.findView(this.dataSource.manager, id);
    if (!view) throw problems.notFound('liaison', id);
    return view;
  }

  /**
   * A new liaison starts proposed. An admin key may record one in another status, with its procedure dates: a
   * relationship established before the registry existed, recorded as it stands (its history says so).
   */
  async create(input: CreateLiaisonDto, context: WriteContext): Promise<LiaisonView> {
    const status = input.status ?? LiaisonStatus.Proposed;
    if (context.role !== 'admin') {
      const errors: FieldError[] = PROCEDURE_DATES.filter((field) => (input[field] ?? null) !== null).map((field) => ({
        field,
        message: `${field} is set by the transitions; only an admin key may record it directly`,
      }));
      if (status !== LiaisonStatus.Proposed) {
        errors.unshift({
          field: 'status',
          message: 'a new liaison starts proposed; only an admin key may record another status',
        });
      }
      if (errors.length > 0) throw adminOnlyFields(errors);
    }
    if (!statusesOf(input.category).includes(status)) throw statusOutsideProcedure(input.category, status);
    const columns: LiaisonColumns = {
      committeeId: input.committeeId,
      partnerId: input.partnerId,
      category: input.category,
      status,
      rationale: input.rationale ?? null,
      objectives: input.objectives ?? [],
      proposedByBodyId: input.proposedByBodyId ?? null,
      proposedOn: input.proposedOn ?? null,
      approvedOn: input.approvedOn ?? null,
      establishedOn: input.establishedOn ?? null,
      lastReviewedOn: input.lastReviewedOn ?? null,
      nextReviewDue: input.nextReviewDue ?? null,
    };
    const representativeIds = input.representativeIds ?? [];
    const workItemIds = input.workItemIds ?? [];
    this.checkRules(columns);
    const write = async (manager: EntityManager) => {
      const id = await this.insert(manager, columns, representativeIds, workItemIds);
      await appendHistory(manager, {
        liaisonId: id,
        action: LiaisonRecordAction.Create,
        fromStatus: null,
        toStatus: columns.status,
        // A proposal takes effect when it was made; a record of an existing liaison on the day it is recorded.
        ...(columns.status === LiaisonStatus.Proposed && columns.proposedOn ? { effectiveOn: columns.proposedOn } : {}),
        reason:
          columns.status === LiaisonStatus.Proposed
            ? null
            : `Recorded as existing: entered directly in status ${columns.status} by an admin key, ` +
              'not moved there through the procedure.',
        actor: context.actor,
      });
      return this.recorded(manager, 'liaison.created', id, context);
    };
    return this.translateWriteErrors(
      () => columns,
      null,
      () => this.dataSource.transaction(write),
    );
  }

  async update(id: string, input: UpdateLiaisonDto, context: WriteContext): Promise<LiaisonView> {
    // Set once the row is read, so that a unique violation can name the liaison it collided with.
    let next: LiaisonColumns | null = null;
    const write = async (manager: EntityManager) => {
      const current = await this.liaisons.lock(manager, id);
      if (!current) throw problems.notFound('liaison', id);
      checkVersion('liaison', current.version, context);
      next = this.merge(current, input);
      this.checkEditable(current, next, context);
      return this.apply(manager, current, next, input, context);
    };
    return this.translateWriteErrors(
      () => next,
      id,
      () => this.dataSource.transaction(write),
    );
  }

  async delete(id: string, context: WriteContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const liaison = await this.liaisons.lock(manager, id);
      if (!liaison) throw problems.notFound('liaison', id);
      checkVersion('liaison', liaison.version, context);
      if (liaison.status !== LiaisonStatus.Proposed) throw recordedProcedure(liaison.status);
      const citing = await this.liaisons.citingStatements(manager, id, SHOWN_STATEMENTS);
      if (citing.total > 0) throw citedByStatements(id, citing.references, citing.total);
      try {
        // The history outlives the record: the deletion is its last entry.
        await appendHistory(manager, {
          liaisonId: id,
          action: LiaisonRecordAction.Delete,
          fromStatus: liaison.status,
          toStatus: liaison.status,
          actor: context.actor,
        });
        await manager.delete(LiaisonEntity, { id });
        await recordChange(manager, {
          type: 'liaison.deleted',
          resourceType: 'liaison',
          resourceId: id,
          actor: context.actor,
          data: { id },
          bodyIds: concernedBodies.liaison(liaison),
        });
      } catch (error) {
        if (isStillReferenced(error)) throw citedByStatements(id, [], 0);
        throw error;
      }
    });
  }

  private async insert(
    manager: EntityManager,
    columns: LiaisonColumns,
    representativeIds: string[],
    workItemIds: string[],
  ): Promise<string> {
    await this.requireReferences(manager, { ...columns, representativeIds, workItemIds });
    await this.requireNoOtherLive(manager, columns, null);
    const saved = await manager.save(LiaisonEntity, manager.create(LiaisonEntity, columns));
    if (representativeIds.length > 0) await this.liaisons.replaceRepresentatives(manager, saved.id, representativeIds);
    if (workItemIds.length > 0) await this.liaisons.replaceWorkItems(manager, saved.id, workItemIds);
    return saved.id;
  }

  /** The stored liaison with the sent fields laid over it (`null` clears, absent keeps). */
  private merge(current: LiaisonEntity, input: UpdateLiaisonDto): LiaisonColumns {
    const pick = <K extends Exclude<keyof LiaisonColumns, 'status'>>(key: K): LiaisonColumns[K] =>
      (input[key] === undefined ? current[key] : input[key]) as LiaisonColumns[K];
    return {
      committeeId: pick('committeeId'),
      partnerId: pick('partnerId'),
      category: pick('category'),
      status: current.status,
      rationale: pick('rationale'),
      objectives: pick('objectives'),
      proposedByBodyId: pick('proposedByBodyId'),
      proposedOn: pick('proposedOn'),
      approvedOn: pick('approvedOn'),
      establishedOn: pick('establishedOn'),
      lastReviewedOn: pick('lastReviewedOn'),
      nextReviewDue: pick('nextReviewDue'),
    };
  }

  /** Checks the merged liaison and writes what differs from the stored one. */
  private async apply(
    manager: EntityManager,
    current: LiaisonEntity,
    next: LiaisonColumns,
    input: UpdateLiaisonDto,
    context: WriteContext,
  ): Promise<LiaisonView> {
    const id = current.id;
    this.checkRules(next);
    if (next.proposedOn !== null && next.proposedOn !== current.proposedOn) {
      await this.requireProposalBeforeSteps(manager, id, next.proposedOn);
    }
    // Only what the client sent is checked: stored references are known to exist (foreign keys).
    await this.requireReferences(manager, input);
    await this.requireNoOtherLive(manager, next, id);

    const changes: Partial<LiaisonColumns> = {};
    for (const column of SCALAR_COLUMNS) {
      if (next[column] !== current[column]) Object.assign(changes, { [column]: next[column] });
    }
    if (!sameList(next.objectives, current.objectives)) changes.objectives = next.objectives;
    const stored =
      input.representativeIds !== undefined || input.workItemIds !== undefined
        ? await this.liaisons.lists(manager, id)
        : null;
    const representatives =
      stored && input.representativeIds && !sameList(input.representativeIds, stored.representativeIds)
        ? input.representativeIds
        : null;
    const workItems =
      stored && input.workItemIds && !sameList(input.workItemIds, stored.workItemIds) ? input.workItemIds : null;
    if (Object.keys(changes).length === 0 && representatives === null && workItems === null) {
      return this.requireView(manager, id);
    }
    // The update also bumps version and updated_at, so it runs when only a list changed too.
    await manager.createQueryBuilder().update(LiaisonEntity).set(changes).where('id = :id', { id }).execute();
    if (representatives) await this.liaisons.replaceRepresentatives(manager, id, representatives);
    if (workItems) await this.liaisons.replaceWorkItems(manager, id, workItems);
    const changed: FieldChange[] = Object.entries(changes).map(([field, to]) => ({
      field,
      from: current[field as keyof LiaisonColumns],
      to,
    }));
    if (representatives) {
      changed.push({ field: 'representativeIds', from: stored?.representativeIds ?? [], to: representatives });
    }
    if (workItems) changed.push({ field: 'workItemIds', from: stored?.workItemIds ?? [], to: workItems });
    await appendHistory(manager, {
      liaisonId: id,
      action: LiaisonRecordAction.Update,
      fromStatus: current.status,
      toStatus: current.status,
      actor: context.actor,
      details: { changes: changed },
    });
    return this.recorded(manager, 'liaison.updated', id, context, concernedBodies.liaison(current));
  }

  /**
   * What an edit may change: the category only while the liaison is proposed (it decides the procedure, 409), the
   * procedure dates only with an admin key (transitions set them; an admin corrects them, 403 for others).
   */
  private checkEditable(current: LiaisonEntity, next: LiaisonColumns, context: WriteContext): void {
    if (next.category !== current.category && current.status !== LiaisonStatus.Proposed) {
      throw categoryFixed(current.status);
    }
    if (context.role === 'admin') return;
    const errors = PROCEDURE_DATES.filter((field) => next[field] !== current[field]).map((field) => ({
      field,
      message: `${field} is set by the transitions; only an admin key may correct it`,
    }));
    if (errors.length > 0) throw adminOnlyFields(errors);
  }

  /** A proposal date moved later must still come before every step of the procedure recorded so far. */
  private async requireProposalBeforeSteps(manager: EntityManager, id: string, proposedOn: string): Promise<void> {
    const [first] = (await manager.query(
      `SELECT action, effective_on::text AS "effectiveOn" FROM liaison_history
        WHERE liaison_id = $1 AND action = ANY($2::text[]) AND effective_on < $3::date
        ORDER BY effective_on, sequence LIMIT 1`,
      [id, ALL_ACTIONS, proposedOn],
    )) as { action: string; effectiveOn: string }[];
    if (first === undefined) return;
    throw datesOutOfOrder([
      {
        field: 'proposedOn',
        message:
          `proposedOn (${proposedOn}) must not be after the steps already recorded: ${first.action} took effect ` +
          `on ${first.effectiveOn}.`,
      },
    ]);
  }

  /** Rules that need no database: no self-liaison, no approval or establishment before the proposal. */
  private checkRules(columns: LiaisonColumns): void {
    if (isSelfLiaison(columns.committeeId, columns.partnerId)) throw selfLiaison();
    const violations = dateOrderViolations(columns);
    if (violations.length > 0) throw datesOutOfOrder(violations);
  }

  /** Every referenced id sent must exist: one 422 naming each missing one (`representativeIds[2]`). */
  private async requireReferences(manager: EntityManager, refs: References): Promise<void> {
    const bodies = BODY_FIELDS.flatMap((field) => {
      const id = refs[field];
      return typeof id === 'string' ? [{ field, id }] : [];
    });
    const representativeIds = refs.representativeIds ?? [];
    const workItemIds = refs.workItemIds ?? [];
    // One transaction, one connection: the three look-ups run one after the other.
    const foundBodies = await this.liaisons.existingIds(
      manager,
      'bodies',
      bodies.map((b) => b.id),
    );
    const foundContacts = await this.liaisons.existingIds(manager, 'contacts', representativeIds);
    const foundWorkItems = await this.liaisons.existingIds(manager, 'work_items', workItemIds);
    const errors: FieldError[] = [
      ...bodies.filter(({ id }) => !foundBodies.has(id)).map(({ field, id }) => ({ field, id, what: 'body' })),
      ...missingReferences('representativeIds', representativeIds, foundContacts).map((m) => ({
        ...m,
        what: 'contact',
      })),
      ...missingReferences('workItemIds', workItemIds, foundWorkItems).map((m) => ({ ...m, what: 'work item' })),
    ].map(({ field, id, what }) => ({ field, message: `No ${what} with id ${id} exists.` }));
    if (errors.length > 0) throw unknownReferences(errors);
  }

  /** At most one live liaison per committee, partner and category; the partial unique index is the backstop. */
  private async requireNoOtherLive(manager: EntityManager, columns: LiaisonColumns, exceptId: string | null) {
    if (!isLiveStatus(columns.status)) return;
    const existingId = await this.liaisons.findLive(columns, exceptId, manager);
    if (existingId !== null) throw duplicateLiaison(columns.category, existingId);
  }

  /**
   * Reads the liaison back and appends the change event, in the writing transaction. `before`: the committee and
   * partner it had, when the change may have moved it.
   */
  private async recorded(
    manager: EntityManager,
    type: string,
    id: string,
    context: WriteContext,
    before: readonly string[] = [],
  ): Promise<LiaisonView> {
    const view = await this.requireView(manager, id);
    const data = LiaisonDto.from(view);
    await recordChange(manager, {
      type,
      resourceType: 'liaison',
      resourceId: id,
      actor: context.actor,
      data,
      bodyIds: [...concernedBodies.liaison(data), ...before],
    });
    return view;
  }

  private async requireView(manager: EntityManager, id: string): Promise<LiaisonView> {
    const view = await this.liaisons.findView(manager, id);
    if (!view) throw problems.notFound('liaison', id);
    return view;
  }

  /**
   * Concurrent writes can still slip past the pre-checks; the constraints then decide. Runs after the
   * transaction has rolled back, so the colliding liaison can be looked up.
   */
  private async translateWriteErrors<T>(
    key: () => LiaisonKey | null,
    exceptId: string | null,
    write: () => Promise<T>,
  ): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const code = pgErrorCode(error);
      const constraint = pgConstraint(error);
      if (code === PG_UNIQUE_VIOLATION && constraint === 'liaisons_live_key') {
        const resolved = key();
        const existingId = resolved ? await this.liaisons.findLive(resolved, exceptId) : null;
        throw duplicateLiaison(resolved?.category ?? null, existingId);
      }
      if (code === PG_FOREIGN_KEY_VIOLATION) {
        const field = (constraint && FOREIGN_KEY_FIELDS[constraint]) ?? 'body';
        throw problems.unknownReference(field, `A record referenced by ${field} no longer exists.`);
      }
      if (code === PG_CHECK_VIOLATION && constraint === 'liaisons_check') {
        throw selfLiaison();
      }
      throw error;
    }
  }
}
