/**
 * The append-only history of a liaison: every creation, edit, transition, expert change and deletion. Nothing
 * updates or deletes an entry (a trigger refuses it), and the entries outlive a deleted liaison.
 */
import type { EntityManager } from 'typeorm';
import { keysetPage, SqlConditions } from '../common/pagination/keyset-page.js';
import type { Page } from '../common/pagination/page.js';
import type { LiaisonStatus } from './liaison-enums.js';
import { isoDay } from './liaison-rules.js';
import { ALL_ACTIONS } from './lifecycle.js';

/** Actions of the history besides the lifecycle actions. */
export enum LiaisonRecordAction {
  Create = 'create',
  Update = 'update',
  AddExpert = 'addExpert',
  RemoveExpert = 'removeExpert',
  /** A proposed liaison deleted as a mistake: the last entry, kept with all the others. */
  Delete = 'delete',
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
  /** The day the step took effect (`YYYY-MM-DD`); `occurredAt` is when it was recorded. */
  effectiveOn: string;
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
  /** Default: today (UTC). */
  effectiveOn?: string;
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
    effectiveOn: row.effective_on as string,
    occurredAt: row.occurred_at as Date,
    details: (row.details as HistoryDetails | null) ?? {},
  };
}

/** Appends one entry; must run in the transaction of the change it records. */
export async function appendHistory(manager: EntityManager, entry: NewHistoryEntry): Promise<HistoryEntry> {
  const rows: Record<string, unknown>[] = await manager.query(
    `INSERT INTO liaison_history (liaison_id, action, from_status, to_status, reason, actor, effective_on, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [
      entry.liaisonId,
      entry.action,
      entry.fromStatus,
      entry.toStatus,
      entry.reason ?? null,
      entry.actor,
      entry.effectiveOn ?? isoDay(new Date()),
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

/** Whether the liaison exists or ever existed (its history outlives it). */
export async function hasHistory(manager: EntityManager, liaisonId: string): Promise<boolean> {
  const rows: { known: boolean }[] = await manager.query(
    `SELECT EXISTS (SELECT 1 FROM liaisons WHERE id = $1)
         OR EXISTS (SELECT 1 FROM liaison_history WHERE liaison_id = $1) AS known`,
    [liaisonId],
  );
  return rows[0]?.known === true;
}

/** What the next step of the procedure is checked against. */
export interface ProcedureSoFar {
  /** The latest lifecycle step (by the day it took effect), if any. */
  previousStep: { action: string; effectiveOn: string } | null;
  /** The latest openBallot: the ballot a recordBallot closes while one is open. */
  lastOpenedBallot: { reference: string | null; openedOn: string | null } | null;
}

/** One statement; runs in the transaction that holds the liaison's lock. */
export async function procedureSoFar(manager: EntityManager, liaisonId: string): Promise<ProcedureSoFar> {
  const rows: {
    step: { action: string; effectiveOn: string } | null;
    ballot: { reference?: string | null; openedOn?: string | null } | null;
  }[] = await manager.query(
    `SELECT
       (SELECT json_build_object('action', h.action, 'effectiveOn', h.effective_on) FROM liaison_history h
         WHERE h.liaison_id = $1 AND h.action = ANY($2::text[])
         ORDER BY h.effective_on DESC, h.sequence DESC LIMIT 1) AS step,
       (SELECT h.details->'ballot' FROM liaison_history h
         WHERE h.liaison_id = $1 AND h.action = 'openBallot'
         ORDER BY h.sequence DESC LIMIT 1) AS ballot`,
    [liaisonId, ALL_ACTIONS],
  );
  const row = rows[0];
  const ballot = row?.ballot ?? null;
  return {
    previousStep: row?.step ?? null,
    lastOpenedBallot: ballot ? { reference: ballot.reference ?? null, openedOn: ballot.openedOn ?? null } : null,
  };
}
