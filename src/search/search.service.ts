import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { keysetPage, SqlConditions } from '../common/pagination/keyset-page.js';
import type { Page } from '../common/pagination/page.js';
import { SearchHitType, type SearchHitDto, type SearchQueryDto } from './dto/search.dto.js';

const HEADLINE = `'MaxFragments=1, MaxWords=24, MinWords=8, StartSel=**, StopSel=**'`;

/**
 * One SELECT per searchable resource, each over its stored tsvector (GIN-indexed); `q.query` is the tsquery.
 * Each gives the text to highlight (`doc`) and its text search configuration (`cfg`).
 * Contacts are searched by name only: e-mail addresses are personal data.
 */
const SOURCES: Record<SearchHitType, string> = {
  [SearchHitType.Body]: `
    SELECT 'body' AS type, b.id, b.designation || ' — ' || b.name AS title,
           'english'::text AS cfg, b.name || '. ' || coalesce(b.tor_scope, '') AS doc,
           ts_rank(b.search, q.query) AS rank, '/v1/bodies/' || b.id AS path
      FROM q, bodies b WHERE b.search @@ q.query`,
  [SearchHitType.Liaison]: `
    SELECT 'liaison' AS type, l.id, c.designation || ' ↔ ' || p.designation || ' (' || l.category || ')' AS title,
           'english'::text AS cfg, coalesce(l.rationale, '') AS doc,
           ts_rank(l.search, q.query) AS rank, '/v1/liaisons/' || l.id AS path
      FROM q, liaisons l JOIN bodies c ON c.id = l.committee_id JOIN bodies p ON p.id = l.partner_id
     WHERE l.search @@ q.query`,
  [SearchHitType.WorkItem]: `
    SELECT 'workItem' AS type, w.id, w.reference || ' — ' || w.title AS title,
           'english'::text AS cfg, w.title || '. ' || coalesce(w.status_text, '') AS doc,
           ts_rank(w.search, q.query) AS rank, '/v1/work-items/' || w.id AS path
      FROM q, work_items w WHERE w.search @@ q.query`,
  [SearchHitType.Contact]: `
    SELECT 'contact' AS type, k.id, k.name AS title,
           'simple'::text AS cfg, k.name AS doc,
           ts_rank(k.search, q.query) AS rank, '/v1/contacts/' || k.id AS path
      FROM q, contacts k WHERE k.search @@ q.query`,
  [SearchHitType.Statement]: `
    SELECT 'statement' AS type, s.id, s.reference || ' — ' || s.title AS title,
           'english'::text AS cfg, s.title || '. ' || coalesce(s.summary, '') || ' ' || coalesce(s.body_text, '') AS doc,
           ts_rank(s.search, q.query) AS rank, '/v1/statements/' || s.id AS path
      FROM q, statements s WHERE s.search @@ q.query`,
};

@Injectable()
export class SearchService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async search(query: SearchQueryDto): Promise<Page<SearchHitDto>> {
    const { limit, cursor, ...filters } = query;
    const types = query.types?.length ? [...query.types].sort() : Object.values(SearchHitType);
    const conditions = new SqlConditions();
    // English stemming for prose, plain words for designations and references ("SC 42", "DTR/MTS").
    const tsquery = conditions.bind(query.q);
    const union = types.map((type) => SOURCES[type]).join('\n UNION ALL \n');
    return keysetPage({
      manager: this.dataSource.manager,
      from:
        `WITH q AS (SELECT websearch_to_tsquery('english', ${tsquery}) || websearch_to_tsquery('simple', ${tsquery}) AS query), ` +
        `hit AS (${union}) ` +
        // In the outer list, the snippet is computed after ORDER BY … LIMIT: for the page only, not every match.
        `SELECT hit.type, hit.id, hit.title, hit.rank, hit.path, ` +
        `ts_headline(hit.cfg::regconfig, hit.doc, q.query, ${HEADLINE}) AS snippet FROM hit, q`,
      idColumn: 'hit.id',
      conditions,
      filters: { ...filters, types },
      sortName: 'rank',
      sort: { column: 'hit.rank', direction: 'DESC', cast: 'real', key: (hit) => hit.rank },
      limit,
      cursor,
      map: (row) => ({
        type: row.type as SearchHitType,
        id: row.id as string,
        title: row.title as string,
        snippet: row.snippet as string,
        rank: Number(row.rank),
        path: row.path as string,
      }),
    });
  }
}
