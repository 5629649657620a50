import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Principal } from '../common/http/principal.js';
import {
  bodyRequirement,
  evaluateScope,
  RECORD_SCOPES,
  recordRequirements,
  uuidAt,
  type RecordScope,
  type ScopeTarget,
  type ScopeVerdict,
} from './access-rules.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Bodies nest a few levels deep; the bound only stops a corrupted (cyclic) hierarchy from looping. */
const MAX_DEPTH = 32;

export interface ScopeRequest {
  params?: unknown;
  body?: unknown;
}

/**
 * Decides whether a secretariat key's scope (its bodies and their descendants) covers what a request
 * touches, with one query: it loads the stored record named by the path (if any) and walks up the
 * body tree from every candidate body.
 */
@Injectable()
export class ScopeService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async check(principal: Principal, target: ScopeTarget, request: ScopeRequest): Promise<ScopeVerdict> {
    if (target.kind === 'body') {
      // A malformed path id is answered 400 by the route's pipe before anything runs.
      const pathSource = target.sources.find((s) => s.startsWith('params.'));
      if (pathSource !== undefined && uuidAt(pathSource, request) === undefined) return { ok: true };
      const requirement = bodyRequirement(target.sources, request);
      const { inScope } = await this.resolve(principal, requirement.candidates);
      return evaluateScope([requirement], inScope);
    }
    const record = RECORD_SCOPES[target.kind];
    const id = uuidAt(`params.${target.param}`, request);
    // As above: the pipe answers a malformed id.
    if (id === undefined) return { ok: true };
    const bodyValues = Object.values(record.columns).flatMap((field) => uuidAt(`body.${field}`, request) ?? []);
    const { inScope, stored } = await this.resolve(principal, bodyValues, { record, id });
    // No such record: the handler answers 404 and nothing is written.
    if (stored === null) return { ok: true };
    return evaluateScope(recordRequirements(record, stored, request), inScope);
  }

  /**
   * Every body within the key's scope: its bodies and all the bodies below them, as the hierarchy stands now. For
   * handlers that limit a secretariat to the records within its scope (see `ScopedRecords`).
   */
  async bodiesWithin(principal: Principal): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `WITH RECURSIVE down(id, depth) AS (
         SELECT id, 0 FROM bodies WHERE id = ANY($1::uuid[])
         UNION ALL
         SELECT b.id, down.depth + 1 FROM down JOIN bodies b ON b.parent_id = down.id WHERE down.depth < ${MAX_DEPTH}
       ) SELECT DISTINCT id::text AS id FROM down ORDER BY id`,
      [principal.bodyIds.filter((id) => UUID.test(id))],
    );
    return rows.map((row) => row.id);
  }

  private async resolve(
    principal: Principal,
    candidates: string[],
    record?: { record: RecordScope; id: string },
  ): Promise<{ inScope: Set<string>; stored: Record<string, string | null> | null }> {
    const columns = record ? Object.keys(record.record.columns) : [];
    // Table and column names come from the constant RECORD_SCOPES, never from the request.
    const recordCte = record
      ? `record AS (SELECT ${columns.join(', ')} FROM ${record.record.table} WHERE id = $3),`
      : 'record AS (SELECT WHERE false),';
    const recordCandidates = record ? `UNION SELECT unnest(ARRAY[${columns.join(', ')}]::uuid[]) FROM record` : '';
    const sql = `WITH RECURSIVE ${recordCte}
      candidates AS (SELECT unnest($1::uuid[]) AS id ${recordCandidates}),
      up (origin, id, parent_id, depth) AS (
        SELECT b.id, b.id, b.parent_id, 0 FROM bodies b JOIN candidates c ON c.id = b.id
        UNION ALL
        SELECT up.origin, b.id, b.parent_id, up.depth + 1 FROM up JOIN bodies b ON b.id = up.parent_id
        WHERE up.depth < ${MAX_DEPTH}
      )
      SELECT (SELECT to_jsonb(record) FROM record) AS stored,
        ARRAY(SELECT DISTINCT origin::text FROM up WHERE id = ANY($2::uuid[])) AS in_scope`;
    const scope = principal.bodyIds.filter((id) => UUID.test(id));
    const params: unknown[] = [candidates, scope];
    if (record) params.push(record.id);
    const rows: { stored: Record<string, string | null> | null; in_scope: string[] }[] = await this.dataSource.query(
      sql,
      params,
    );
    const row = rows[0];
    return { inScope: new Set(row?.in_scope ?? []), stored: row?.stored ?? null };
  }
}
