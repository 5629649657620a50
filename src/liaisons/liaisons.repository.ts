import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { BodyKind } from '../bodies/body-kind.js';
import { keysetPage, SqlConditions, type SortColumn } from '../common/pagination/keyset-page.js';
import type { Page } from '../common/pagination/page.js';
import { escapeLike } from '../database/pg-errors.js';
import { LiaisonSort } from './dto/list-liaisons.query.dto.js';
import { type LiaisonCategory, type LiaisonStatus, TERMINAL_LIAISON_STATUSES } from './liaison-enums.js';
import { isoDay, liaisonWarnings } from './liaison-rules.js';
import {
  type LiaisonBodySummary,
  type LiaisonBodyVersions,
  type LiaisonExpert,
  type LiaisonView,
  liaisonTag,
} from './liaison-view.js';
import { allowedActions } from './lifecycle.js';
import { LiaisonEntity } from './liaison.entity.js';

/** Filters of a liaison list, as the client sent them (`bodyId` also comes from `/v1/bodies/{id}/liaisons`). */
export interface LiaisonListRequest {
  committeeId?: string;
  partnerId?: string;
  bodyId?: string;
  category?: LiaisonCategory;
  status?: LiaisonStatus;
  reviewDueBefore?: string;
  q?: string;
  sort?: LiaisonSort;
  limit?: number;
  cursor?: string;
}

/** The committee, partner and category that at most one live liaison may have. */
export interface LiaisonKey {
  committeeId: string;
  partnerId: string;
  category: LiaisonCategory;
}

/** A liaison row joined with the summaries of its two bodies and its three lists (one statement). */
interface LiaisonRow {
  id: string;
  liaison: LiaisonEntity;
  committee: LiaisonBodySummary;
  partner: LiaisonBodySummary;
  bodyVersions: LiaisonBodyVersions;
  representativeIds: string[];
  workItemIds: string[];
  experts: LiaisonExpert[];
}

/** Tables whose ids a liaison refers to. */
export type ReferencedTable = 'bodies' | 'contacts' | 'work_items';

const SELECT_LIAISONS = `SELECT l.id, l.committee_id, l.partner_id, l.category, l.status, l.rationale, l.objectives,
    l.proposed_by_body_id, l.proposed_on, l.approved_on, l.established_on, l.last_reviewed_on, l.next_review_due,
    l.eligibility_passed, l.ballot_open, l.version, l.created_at, l.updated_at,
    c.designation AS committee_designation, c.name AS committee_name, c.kind AS committee_kind,
    c.version AS committee_version,
    p.designation AS partner_designation, p.name AS partner_name, p.kind AS partner_kind,
    p.version AS partner_version,
    ARRAY(SELECT r.contact_id::text FROM liaison_representatives r WHERE r.liaison_id = l.id
           ORDER BY r.position, r.contact_id) AS representative_ids,
    ARRAY(SELECT w.work_item_id::text FROM liaison_work_items w WHERE w.liaison_id = l.id
           ORDER BY w.position, w.work_item_id) AS work_item_ids,
    coalesce((SELECT json_agg(json_build_array(x.contact_id, x.nominated_on, x.note) ORDER BY x.contact_id)
                FROM liaison_experts x WHERE x.liaison_id = l.id), '[]'::json) AS experts
  FROM liaisons l
  JOIN bodies c ON c.id = l.committee_id
  JOIN bodies p ON p.id = l.partner_id`;

const SORTS: Record<LiaisonSort, SortColumn<LiaisonRow>> = {
  [LiaisonSort.CreatedAt]: {
    column: 'l.created_at',
    direction: 'ASC',
    cast: 'timestamptz',
    key: (r) => r.liaison.createdAt.toISOString(),
  },
  [LiaisonSort.CreatedAtDesc]: {
    column: 'l.created_at',
    direction: 'DESC',
    cast: 'timestamptz',
    key: (r) => r.liaison.createdAt.toISOString(),
  },
  [LiaisonSort.UpdatedAt]: {
    column: 'l.updated_at',
    direction: 'ASC',
    cast: 'timestamptz',
    key: (r) => r.liaison.updatedAt.toISOString(),
  },
  [LiaisonSort.UpdatedAtDesc]: {
    column: 'l.updated_at',
    direction: 'DESC',
    cast: 'timestamptz',
    key: (r) => r.liaison.updatedAt.toISOString(),
  },
};

const TERMINAL_SQL = TERMINAL_LIAISON_STATUSES.map((s) => `'${s}'`).join(', ');

/** SQL of liaisons and their join tables; business rules stay in the service. */
@Injectable()
export class LiaisonsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(
    request: LiaisonListRequest,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Page<LiaisonView>> {
    const { limit, cursor, sort = LiaisonSort.CreatedAt, ...filters } = request;
    const conditions = new SqlConditions()
      .add(filters.committeeId, (p) => `l.committee_id = ${p}::uuid`)
      .add(filters.partnerId, (p) => `l.partner_id = ${p}::uuid`)
      .add(filters.bodyId, (p) => `(l.committee_id = ${p}::uuid OR l.partner_id = ${p}::uuid)`)
      .add(filters.category, (p) => `l.category = ${p}`)
      .add(filters.status, (p) => `l.status = ${p}`)
      .add(filters.reviewDueBefore, (p) => `l.next_review_due < ${p}::date`)
      .add(filters.q && `%${escapeLike(filters.q)}%`, (p) => `l.rationale ILIKE ${p}`);
    const page = await keysetPage({
      manager,
      from: SELECT_LIAISONS,
      idColumn: 'l.id',
      conditions,
      filters,
      sortName: sort,
      sort: SORTS[sort],
      limit,
      cursor,
      map: (raw) => this.toRow(raw),
    });
    return { items: this.toViews(page.items), nextCursor: page.nextCursor };
  }

  async findView(manager: EntityManager, id: string): Promise<LiaisonView | null> {
    const raw: Record<string, unknown>[] = await manager.query(`${SELECT_LIAISONS} WHERE l.id = $1`, [id]);
    if (raw.length === 0) return null;
    const [view] = this.toViews(raw.map((r) => this.toRow(r)));
    return view ?? null;
  }

  /** The current ETag of a liaison from one indexed lookup (null when there is none): see `liaisonTag`. */
  async currentTag(id: string, manager: EntityManager = this.dataSource.manager): Promise<string | null> {
    const rows: { version: number; committee_version: number; partner_version: number }[] = await manager.query(
      `SELECT l.version, c.version AS committee_version, p.version AS partner_version
         FROM liaisons l JOIN bodies c ON c.id = l.committee_id JOIN bodies p ON p.id = l.partner_id
        WHERE l.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    return liaisonTag(
      row.version,
      { committee: row.committee_version, partner: row.partner_version },
      isoDay(new Date()),
    );
  }

  /** Locks the liaison row for the rest of the transaction. */
  async lock(manager: EntityManager, id: string): Promise<LiaisonEntity | null> {
    return manager.findOne(LiaisonEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Which of `ids` exist in `table` (lower-case, as PostgreSQL prints UUIDs). */
  async existingIds(manager: EntityManager, table: ReferencedTable, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await manager.query(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[])`, [ids]);
    return new Set(rows.map((r) => r.id));
  }

  async bodyExists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.manager.query('SELECT 1 FROM bodies WHERE id = $1', [id]);
    return rows.length > 0;
  }

  /** The id of the live liaison with this key, other than `exceptId`. */
  async findLive(
    key: LiaisonKey,
    exceptId: string | null = null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM liaisons
        WHERE committee_id = $1 AND partner_id = $2 AND category = $3 AND status NOT IN (${TERMINAL_SQL})
          AND ($4::uuid IS NULL OR id <> $4::uuid)
        LIMIT 1`,
      [key.committeeId, key.partnerId, key.category, exceptId],
    );
    return rows[0]?.id ?? null;
  }

  /** References of the statements that cite the liaison (at most `limit`), and how many there are. */
  async citingStatements(
    manager: EntityManager,
    id: string,
    limit: number,
  ): Promise<{ references: string[]; total: number }> {
    const rows: { reference: string; total: number }[] = await manager.query(
      `SELECT s.reference, count(*) OVER ()::int AS total
         FROM statement_liaisons sl JOIN statements s ON s.id = sl.statement_id
        WHERE sl.liaison_id = $1
        ORDER BY s.reference, s.id
        LIMIT $2`,
      [id, limit],
    );
    return { references: rows.map((r) => r.reference), total: rows[0]?.total ?? 0 };
  }

  async replaceRepresentatives(
    manager: EntityManager,
    liaisonId: string,
    contactIds: readonly string[],
  ): Promise<void> {
    await manager.query('DELETE FROM liaison_representatives WHERE liaison_id = $1', [liaisonId]);
    if (contactIds.length === 0) return;
    await manager.query(
      `INSERT INTO liaison_representatives (liaison_id, contact_id, position)
       SELECT $1, r.id, r.ord - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS r(id, ord)`,
      [liaisonId, contactIds],
    );
  }

  async replaceWorkItems(manager: EntityManager, liaisonId: string, workItemIds: readonly string[]): Promise<void> {
    await manager.query('DELETE FROM liaison_work_items WHERE liaison_id = $1', [liaisonId]);
    if (workItemIds.length === 0) return;
    await manager.query(
      `INSERT INTO liaison_work_items (liaison_id, work_item_id, position)
       SELECT $1, w.id, w.ord - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS w(id, ord)`,
      [liaisonId, workItemIds],
    );
  }

  /** The ordered representative and work item ids of a liaison. */
  async lists(
    manager: EntityManager,
    liaisonId: string,
  ): Promise<{ representativeIds: string[]; workItemIds: string[] }> {
    const rows: { representative_ids: string[]; work_item_ids: string[] }[] = await manager.query(
      `SELECT
         ARRAY(SELECT r.contact_id::text FROM liaison_representatives r WHERE r.liaison_id = $1
                ORDER BY r.position, r.contact_id) AS representative_ids,
         ARRAY(SELECT w.work_item_id::text FROM liaison_work_items w WHERE w.liaison_id = $1
                ORDER BY w.position, w.work_item_id) AS work_item_ids`,
      [liaisonId],
    );
    return { representativeIds: rows[0]?.representative_ids ?? [], workItemIds: rows[0]?.work_item_ids ?? [] };
  }

  private toViews(rows: readonly LiaisonRow[]): LiaisonView[] {
    const today = isoDay(new Date());
    return rows.map(({ liaison, committee, partner, bodyVersions, representativeIds, workItemIds, experts }) => ({
      liaison,
      committee,
      partner,
      bodyVersions,
      asOf: today,
      representativeIds,
      workItemIds,
      warnings: liaisonWarnings({ ...liaison, committee, partner }, today),
      allowedActions: allowedActions(liaison.category, liaison.status, {
        eligibilityPassed: liaison.eligibilityPassed ?? undefined,
        ballotOpen: liaison.ballotOpen,
      }),
      experts,
    }));
  }

  private toRow(raw: Record<string, unknown>): LiaisonRow {
    const liaison = Object.assign(new LiaisonEntity(), {
      id: raw.id as string,
      committeeId: raw.committee_id as string,
      partnerId: raw.partner_id as string,
      category: raw.category as LiaisonCategory,
      status: raw.status as LiaisonStatus,
      rationale: (raw.rationale as string | null) ?? null,
      objectives: (raw.objectives as string[] | null) ?? [],
      proposedByBodyId: (raw.proposed_by_body_id as string | null) ?? null,
      proposedOn: (raw.proposed_on as string | null) ?? null,
      approvedOn: (raw.approved_on as string | null) ?? null,
      establishedOn: (raw.established_on as string | null) ?? null,
      lastReviewedOn: (raw.last_reviewed_on as string | null) ?? null,
      nextReviewDue: (raw.next_review_due as string | null) ?? null,
      eligibilityPassed: (raw.eligibility_passed as boolean | null) ?? null,
      ballotOpen: raw.ballot_open === true,
      version: raw.version as number,
      createdAt: raw.created_at as Date,
      updatedAt: raw.updated_at as Date,
    });
    return {
      id: liaison.id,
      liaison,
      committee: {
        id: liaison.committeeId,
        designation: raw.committee_designation as string,
        name: raw.committee_name as string,
        kind: raw.committee_kind as BodyKind,
      },
      partner: {
        id: liaison.partnerId,
        designation: raw.partner_designation as string,
        name: raw.partner_name as string,
        kind: raw.partner_kind as BodyKind,
      },
      bodyVersions: { committee: raw.committee_version as number, partner: raw.partner_version as number },
      representativeIds: raw.representative_ids as string[],
      workItemIds: raw.work_item_ids as string[],
      experts: (raw.experts as [string, string | null, string | null][]).map(([contactId, nominatedOn, note]) => ({
        contactId,
        nominatedOn,
        note,
      })),
    };
  }
}
