import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { keysetPage, SqlConditions } from '../common/pagination/keyset-page.js';
import type { Page } from '../common/pagination/page.js';
import type { TrackedState } from './work-item-rules.js';
import type { WorkItemHistoryEntry } from './work-item-view.js';

/**
 * The history of a work item's stage and status wording. Entries are written with the manager
 * of the change they record, so an entry exists exactly when its change was committed.
 */
@Injectable()
export class WorkItemHistory {
  /** Records the creation (`before` null) or a tracked change of a work item. */
  async record(
    manager: EntityManager,
    workItemId: string,
    before: TrackedState | null,
    after: TrackedState,
    actor: string,
  ): Promise<void> {
    // changed_at is kept strictly increasing per item (the item's row lock serialises writers), so
    // "oldest first" never depends on the random id breaking a tie within one millisecond.
    await manager.query(
      `INSERT INTO work_item_history
         (work_item_id, stage, status_text, previous_stage, previous_status_text, actor, changed_at)
       SELECT $1, $2, $3, $4, $5, $6, GREATEST(clock_timestamp(),
         (SELECT max(changed_at) + interval '1 millisecond' FROM work_item_history WHERE work_item_id = $1))`,
      [workItemId, after.stage, after.statusText, before?.stage ?? null, before?.statusText ?? null, actor],
    );
  }

  /** Oldest first, cursor-paginated. */
  async list(
    manager: EntityManager,
    workItemId: string,
    query: { limit?: number; cursor?: string },
  ): Promise<Page<WorkItemHistoryEntry>> {
    const conditions = new SqlConditions().add(workItemId, (p) => `h.work_item_id = ${p}::uuid`);
    return keysetPage({
      manager,
      from: `SELECT h.id, h.work_item_id, h.stage, h.status_text, h.previous_stage, h.previous_status_text,
        h.actor, h.changed_at FROM work_item_history h`,
      idColumn: 'h.id',
      conditions,
      // A cursor of one item's history is not valid for another's.
      filters: { workItemId },
      sortName: 'changedAt',
      sort: { column: 'h.changed_at', direction: 'ASC', cast: 'timestamptz', key: (e) => e.changedAt.toISOString() },
      limit: query.limit,
      cursor: query.cursor,
      map: (row) => ({
        id: row.id as string,
        workItemId: row.work_item_id as string,
        stage: row.stage as WorkItemHistoryEntry['stage'],
        statusText: (row.status_text as string | null) ?? null,
        previousStage: (row.previous_stage as WorkItemHistoryEntry['previousStage']) ?? null,
        previousStatusText: (row.previous_status_text as string | null) ?? null,
        actor: row.actor as string,
        changedAt: row.changed_at as Date,
      }),
    });
  }
}
