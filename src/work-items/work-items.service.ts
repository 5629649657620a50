import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { keysetPage, SqlConditions, type SortColumn } from '../common/pagination/keyset-page.js';
import type { Page } from '../common/pagination/page.js';
import { ProblemError, problems } from '../common/problem/problem.js';
import {
  escapeLike,
  PG_FOREIGN_KEY_VIOLATION,
  isStillReferenced,
  PG_UNIQUE_VIOLATION,
  pgErrorCode,
} from '../database/pg-errors.js';
import type { CreateWorkItemDto } from './dto/create-work-item.dto.js';
import { WorkItemSort, type ListWorkItemsQueryDto } from './dto/list-work-items.query.dto.js';
import type { UpdateWorkItemDto } from './dto/update-work-item.dto.js';
import { WorkItemHistory } from './work-item-history.js';
import { WorkItemStage } from './work-item-enums.js';
import { isTrackedChange, workItemDateViolations, type WorkItemDates } from './work-item-rules.js';
import { type WorkItemHistoryEntry, type WorkItemView, workItemTag } from './work-item-view.js';
import { WorkItemEntity } from './work-item.entity.js';
import { recordChange } from '../changes/change-feed.js';
import { concernedBodies } from '../changes/concerned-bodies.js';
import { checkVersion, type WriteContext } from '../common/http/write-context.js';
import { WorkItemDto } from './dto/work-item.dto.js';

const timestampSort = (column: string, direction: 'ASC' | 'DESC', key: (w: WorkItemView) => Date) =>
  ({ column, direction, cast: 'timestamptz', key: (w) => key(w).toISOString() }) satisfies SortColumn<WorkItemView>;

const SORTS: Record<WorkItemSort, SortColumn<WorkItemView>> = {
  [WorkItemSort.Reference]: { column: 'w.reference', direction: 'ASC', key: (w) => w.reference },
  [WorkItemSort.ReferenceDesc]: { column: 'w.reference', direction: 'DESC', key: (w) => w.reference },
  [WorkItemSort.CreatedAt]: timestampSort('w.created_at', 'ASC', (w) => w.createdAt),
  [WorkItemSort.CreatedAtDesc]: timestampSort('w.created_at', 'DESC', (w) => w.createdAt),
  [WorkItemSort.UpdatedAt]: timestampSort('w.updated_at', 'ASC', (w) => w.updatedAt),
  [WorkItemSort.UpdatedAtDesc]: timestampSort('w.updated_at', 'DESC', (w) => w.updatedAt),
};

/** The owning body comes with every row: one join, no second query. */
const SELECT_VIEW = `SELECT w.id, w.body_id, w.reference, w.title, w.deliverable_type, w.stage, w.status_text,
  w.started_on, w.target_date, w.published_on, w.version, w.created_at, w.updated_at,
  b.designation AS body_designation, b.name AS body_name, b.version AS body_version
  FROM work_items w JOIN bodies b ON b.id = w.body_id`;

@Injectable()
export class WorkItemsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: WorkItemHistory,
  ) {}

  async list(query: ListWorkItemsQueryDto): Promise<Page<WorkItemView>> {
    const { limit, cursor, sort = WorkItemSort.Reference, ...filters } = query;
    const conditions = new SqlConditions()
      .add(filters.bodyId, (p) => `w.body_id = ${p}::uuid`)
      .add(filters.stage, (p) => `w.stage = ${p}`)
      .add(filters.deliverableType, (p) => `w.deliverable_type = ${p}`)
      .add(
        filters.liaisonId,
        (p) =>
          `EXISTS (SELECT 1 FROM liaison_work_items lw WHERE lw.work_item_id = w.id AND lw.liaison_id = ${p}::uuid)`,
      )
      .add(filters.q && `%${escapeLike(filters.q)}%`, (p) => `(w.reference ILIKE ${p} OR w.title ILIKE ${p})`);
    const manager = this.dataSource.manager;
    const page = await keysetPage({
      manager,
      from: SELECT_VIEW,
      idColumn: 'w.id',
      conditions,
      filters,
      sortName: sort,
      sort: SORTS[sort],
      limit,
      cursor,
      map: (row) => toView(row),
    });
    await attachLiaisons(manager, page.items);
    return page;
  }

  /** The ETag a GET of the work item would carry now, from one query; null when there is no such work item. */
  async currentTag(id: string): Promise<string | null> {
    const rows: { version: number; body_version: number; liaison_ids: string[] }[] = await this.dataSource.manager.query(
      `SELECT w.version, b.version AS body_version,
              ARRAY(SELECT lw.liaison_id::text FROM liaison_work_items lw JOIN liaisons l ON l.id = lw.liaison_id
                     WHERE lw.work_item_id = w.id ORDER BY l.created_at, l.id) AS liaison_ids
         FROM work_items w JOIN bodies b ON b.id = w.body_id
        WHERE w.id = $1`,
      [id],
    );
    const row = rows[0];
    return row ? workItemTag({ version: row.version, bodyVersion: row.body_version, liaisonIds: row.liaison_ids }) : null;
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<WorkItemView> {
    const rows: Record<string, unknown>[] = await manager.query(`${SELECT_VIEW} WHERE w.id = $1`, [id]);
    const row = rows[0];
    if (!row) throw problems.notFound('work item', id);
    const view = toView(row);
    await attachLiaisons(manager, [view]);
    return view;
  }

  async create(input: CreateWorkItemDto, context: WriteContext): Promise<WorkItemView> {
    const stage = input.stage ?? WorkItemStage.Proposed;
    const dates: WorkItemDates = {
      stage,
      startedOn: input.startedOn ?? null,
      targetDate: input.targetDate ?? null,
      publishedOn: input.publishedOn ?? null,
    };
    assertConsistentDates(dates);
    const target: ReferenceTarget = { bodyId: input.bodyId, reference: input.reference };
    return this.translateWriteErrors(target, () =>
      this.dataSource.transaction(async (manager) => {
        await requireBody(manager, input.bodyId);
        await requireFreeReference(manager, target);
        const entity = manager.create(WorkItemEntity, {
          bodyId: input.bodyId,
          reference: input.reference,
          title: input.title,
          deliverableType: input.deliverableType,
          statusText: input.statusText ?? null,
          ...dates,
        });
        const saved = await manager.save(WorkItemEntity, entity);
        await this.history.record(manager, saved.id, null, saved, context.actor);
        return this.recorded(manager, 'workItem.created', saved.id, context);
      }),
    );
  }

  async update(id: string, input: UpdateWorkItemDto, context: WriteContext): Promise<WorkItemView> {
    // Known once the stored item is read: the backstop below needs the merged body and reference.
    const target: Partial<ReferenceTarget> = {};
    return this.translateWriteErrors(target, () =>
      this.dataSource.transaction(async (manager) => {
        const item = await manager.findOne(WorkItemEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!item) throw problems.notFound('work item', id);
        checkVersion('work item', item.version, context);
        const before = { stage: item.stage, statusText: item.statusText };
        const bodyBefore = item.bodyId;
        target.bodyId = input.bodyId ?? item.bodyId;
        target.reference = input.reference ?? item.reference;
        const moved = target.bodyId !== item.bodyId;
        if (moved) await requireBody(manager, target.bodyId);
        if (moved || target.reference.toLowerCase() !== item.reference.toLowerCase()) {
          await requireFreeReference(manager, { bodyId: target.bodyId, reference: target.reference }, id);
        }
        item.bodyId = target.bodyId;
        item.reference = target.reference;
        if (input.title !== undefined) item.title = input.title;
        if (input.deliverableType !== undefined) item.deliverableType = input.deliverableType;
        if (input.stage !== undefined) item.stage = input.stage;
        if (input.statusText !== undefined) item.statusText = input.statusText;
        if (input.startedOn !== undefined) item.startedOn = input.startedOn;
        if (input.targetDate !== undefined) item.targetDate = input.targetDate;
        if (input.publishedOn !== undefined) item.publishedOn = input.publishedOn;
        assertConsistentDates(item);
        const saved = await manager.save(WorkItemEntity, item);
        if (isTrackedChange(before, saved)) await this.history.record(manager, id, before, saved, context.actor);
        return this.recorded(manager, 'workItem.updated', id, context, [bodyBefore]);
      }),
    );
  }

  /**
   * Reads the item back and appends the change event, in the writing transaction. `before`: the body it had, when
   * the change may have moved it.
   */
  private async recorded(
    manager: EntityManager,
    type: string,
    id: string,
    context: WriteContext,
    before: readonly string[] = [],
  ): Promise<WorkItemView> {
    const view = await this.get(id, manager);
    const data = WorkItemDto.from(view);
    await recordChange(manager, {
      type,
      resourceType: 'workItem',
      resourceId: id,
      actor: context.actor,
      data,
      bodyIds: [...concernedBodies.workItem(data), ...before],
    });
    return view;
  }

  async delete(id: string, context: WriteContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const item = await manager.findOne(WorkItemEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!item) throw problems.notFound('work item', id);
      checkVersion('work item', item.version, context);
      const links: { liaison_id: string }[] = await manager.query(
        'SELECT liaison_id FROM liaison_work_items WHERE work_item_id = $1 ORDER BY liaison_id',
        [id],
      );
      const liaisonIds = links.map((l) => l.liaison_id);
      if (liaisonIds.length > 0) throw linkedToLiaisons(item, liaisonIds);
      try {
        await manager.delete(WorkItemEntity, { id });
        await recordChange(manager, {
          type: 'workItem.deleted',
          resourceType: 'workItem',
          resourceId: id,
          actor: context.actor,
          data: { id },
          bodyIds: concernedBodies.workItem(item),
        });
      } catch (error) {
        // Backstop: the foreign key decides should a link ever slip past the check above.
        if (isStillReferenced(error)) throw linkedToLiaisons(item, []);
        throw error;
      }
    });
  }

  async listHistory(id: string, query: { limit?: number; cursor?: string }): Promise<Page<WorkItemHistoryEntry>> {
    const manager = this.dataSource.manager;
    if (!(await manager.existsBy(WorkItemEntity, { id }))) throw problems.notFound('work item', id);
    return this.history.list(manager, id, query);
  }

  /**
   * Concurrent writes can slip past the pre-checks; the unique index and the foreign key then
   * decide, and the problem names the winner as the pre-check would have.
   */
  private async translateWriteErrors<T>(target: Partial<ReferenceTarget>, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const code = pgErrorCode(error);
      if (code === PG_UNIQUE_VIOLATION && target.bodyId !== undefined && target.reference !== undefined) {
        const existingId = await findByReference(this.dataSource.manager, target.bodyId, target.reference);
        throw duplicateReference(target.reference, existingId);
      }
      if (code === PG_FOREIGN_KEY_VIOLATION) throw problems.unknownReference('bodyId', 'The body no longer exists.');
      throw error;
    }
  }
}

interface ReferenceTarget {
  bodyId: string;
  reference: string;
}

function duplicateReference(reference: string, existingId: string | undefined): ProblemError {
  return problems.duplicate(`The body already has a work item with reference "${reference}".`, {
    errors: [{ field: 'reference', message: 'must be unique within the body (case-insensitive)' }],
    ...(existingId ? { existingId } : {}),
  });
}

async function requireFreeReference(manager: EntityManager, target: ReferenceTarget, exceptId?: string): Promise<void> {
  const existingId = await findByReference(manager, target.bodyId, target.reference, exceptId);
  if (existingId) throw duplicateReference(target.reference, existingId);
}

function assertConsistentDates(dates: WorkItemDates): void {
  const violations = workItemDateViolations(dates);
  if (violations.length > 0) {
    throw new ProblemError(422, 'rule-violation', violations.map((v) => `${v.message}.`).join(' '), {
      errors: violations,
    });
  }
}

function linkedToLiaisons(item: WorkItemEntity, liaisonIds: string[]): ProblemError {
  return problems.inUse(
    `Work item ${item.reference} is of mutual interest to ${liaisonIds.length || 'a'} liaison(s); remove it from them first.`,
    { reason: 'linked-to-liaisons', liaisonIds },
  );
}

async function requireBody(manager: EntityManager, bodyId: string): Promise<void> {
  const rows: unknown[] = await manager.query('SELECT 1 FROM bodies WHERE id = $1', [bodyId]);
  if (rows.length === 0) throw problems.unknownReference('bodyId', `No body with id ${bodyId} exists.`);
}

async function findByReference(
  manager: EntityManager,
  bodyId: string,
  reference: string,
  exceptId?: string,
): Promise<string | undefined> {
  const rows: { id: string }[] = await manager.query(
    `SELECT id FROM work_items WHERE body_id = $1 AND lower(reference) = lower($2)
       AND ($3::uuid IS NULL OR id <> $3::uuid)`,
    [bodyId, reference, exceptId ?? null],
  );
  return rows[0]?.id;
}

/** Liaison ids of a whole page in one query, oldest liaison first. */
async function attachLiaisons(manager: EntityManager, views: WorkItemView[]): Promise<void> {
  if (views.length === 0) return;
  const rows: { work_item_id: string; liaison_id: string }[] = await manager.query(
    `SELECT lw.work_item_id, lw.liaison_id FROM liaison_work_items lw JOIN liaisons l ON l.id = lw.liaison_id
     WHERE lw.work_item_id = ANY($1::uuid[]) ORDER BY l.created_at, l.id`,
    [views.map((v) => v.id)],
  );
  const byItem = new Map(views.map((v) => [v.id, v]));
  for (const row of rows) byItem.get(row.work_item_id)?.liaisonIds.push(row.liaison_id);
}

function toView(row: Record<string, unknown>): WorkItemView {
  const entity = Object.assign(new WorkItemEntity(), {
    id: row.id as string,
    bodyId: row.body_id as string,
    reference: row.reference as string,
    title: row.title as string,
    deliverableType: row.deliverable_type as WorkItemEntity['deliverableType'],
    stage: row.stage as WorkItemEntity['stage'],
    statusText: (row.status_text as string | null) ?? null,
    startedOn: (row.started_on as string | null) ?? null,
    targetDate: (row.target_date as string | null) ?? null,
    publishedOn: (row.published_on as string | null) ?? null,
    version: row.version as number,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  });
  return Object.assign(entity, {
    body: { id: row.body_id as string, designation: row.body_designation as string, name: row.body_name as string },
    liaisonIds: [] as string[],
    bodyVersion: row.body_version as number,
  });
}
