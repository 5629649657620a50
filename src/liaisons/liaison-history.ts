/** The append-only history of a liaison: every creation, edit, transition and expert change. */
import type { EntityManager } from 'typeorm';
import { keysetPage, SqlConditions } from '../common/pagination/keyset-page.js';
import type { Page } from '../common/pagination/page.js';
import type { LiaisonStatus } from './liaison-enums.js';

/** Actions of the history besides the lifecycle actions. */
export enum LiaisonRecordAction {
  Create = 'create',
  Update = 'update',
  AddExpert = 'addExpert',
  RemoveExpert = 'removeExpert',
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** What an entry recorded beside the state change. */
export interface HistoryDetails {
  changes?: FieldChange[];
  eligibility?: Record<string, unknown>;
  ballot?: Record<string, unknown>;
  dates?: Record<string, string | null>;
  expert?: Record<string, unknown>;
}

export interface HistoryEntry {
  id: string;
  sequence: number;
  liaisonId: string;
  action: string;
  fromStatus: LiaisonStatus | null;
  toStatus: LiaisonStatus;
  reason: string | null;
  actor: string;
  occurredAt: Date;
  details: HistoryDetails;
}

export interface NewHistoryEntry {
  liaisonId: string;
  action: string;
  fromStatus: LiaisonStatus | null;
  toStatus: LiaisonStatus;
  reason?: string | null;
  actor: string;
  details?: HistoryDetails;
}

function toEntry(row: Record<string, unknown>): HistoryEntry {
  return {
    id: row.id as string,
    sequence: Number(row.sequence),
    liaisonId: row.liaison_id as string,
    action: row.action as string,
    fromStatus: (row.from_status as LiaisonStatus | null) ?? null,
    toStatus: row.to_status as LiaisonStatus,
    reason: (row.reason as string | null) ?? null,
    actor: row.actor as string,
    occurredAt: row.occurred_at as Date,
    details: (row.details as HistoryDetails | null) ?? {},
  };
}

/** Appends one entry; must run in the transaction of the change it records. */
export async function appendHistory(manager: EntityManager, entry: NewHistoryEntry): Promise<HistoryEntry> {
  const rows: Record<string, unknown>[] = await manager.query(
    `INSERT INTO liaison_history (liaison_id, action, from_status, to_status, reason, actor, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [
      entry.liaisonId,
      entry.action,
      entry.fromStatus,
      entry.toStatus,
      entry.reason ?? null,
      entry.actor,
      JSON.stringify(entry.details ?? {}),
    ],
  );
  return toEntry(rows[0]!);
}

/** Oldest first, cursor-paginated on the entry's sequence. */
export async function listHistory(
  manager: EntityManager,
  liaisonId: string,
  page: { limit?: number; cursor?: string },
): Promise<Page<HistoryEntry>> {
  const conditions = new SqlConditions().add(liaisonId, (p) => `h.liaison_id = ${p}::uuid`);
  return keysetPage({
    manager,
    from: 'SELECT h.* FROM liaison_history h',
    idColumn: 'h.id',
    conditions,
    filters: { liaisonId },
    sortName: 'sequence',
    sort: { column: 'h.sequence', direction: 'ASC', cast: 'bigint', key: (entry) => entry.sequence },
    limit: page.limit,
    cursor: page.cursor,
    map: toEntry,
  });
}
