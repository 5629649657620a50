/**
 * What the benchmark sends. Each scenario prepares its inputs once from the database (ids, bodies, cursors), then
 * makes request number i for a target; reads are the same sequence for the application and the baseline, creates
 * draw committee/partner pairs that no generated or earlier liaison uses, so none is refused as a duplicate.
 */
import { encodeCursor, filterFingerprint } from '../../dist/src/common/pagination/cursor.js';
import { partnerOffsetLimit, SEARCH_TERM } from './generate.mjs';

const CATEGORIES = [
  'internal',
  'category_a',
  'category_b',
  'category_c',
  'category_d',
  'itu_t_a4',
  'itu_t_a5',
  'itu_t_a6',
  'cooperation_agreement',
];

/** Rows of the unfiltered list skipped by the deep page (40,000 at the default size). */
export function deepOffset(liaisons) {
  return Math.max(50, Math.floor((liaisons * 0.8) / 50) * 50);
}

const get = (path, headers = {}) => ({ method: 'GET', path, headers });
const cycle = (list, i) => list[i % list.length];

/** Ids to read, spread over the table (a different row each request, as a cache would not see). */
async function sampleLiaisonIds(db, count) {
  const { rows } = await db.query('SELECT id FROM liaisons ORDER BY md5(id::text) LIMIT $1', [count]);
  return rows.map((r) => r.id);
}

/** @type {Array<{ name: string, title: string, kind: 'read' | 'write', expect: number, [k: string]: any }>} */
export const SCENARIOS = [
  {
    name: 'get',
    title: 'Get a liaison by id',
    kind: 'read',
    expect: 200,
    async prepare({ db }) {
      return { ids: await sampleLiaisonIds(db, 1_000) };
    },
    request: ({ ids }, i) => get(`/v1/liaisons/${cycle(ids, i)}`),
  },
  {
    name: 'list',
    title: 'List by body and status (page of 50)',
    kind: 'read',
    expect: 200,
    // The bodies with the most active liaisons (a full page and more), as on a big committee's page.
    async prepare({ db }) {
      const { rows } = await db.query(`SELECT body, count(*)::int AS n FROM (
          SELECT committee_id AS body FROM liaisons WHERE status = 'active'
          UNION ALL SELECT partner_id FROM liaisons WHERE status = 'active') x
        GROUP BY body ORDER BY n DESC, body LIMIT 20`);
      return { bodies: rows.map((r) => r.body), matches: rows.map((r) => r.n) };
    },
    request: ({ bodies }, i) => get(`/v1/liaisons?bodyId=${cycle(bodies, i)}&status=active&limit=50`),
    describe: ({ matches }) =>
      `20 busiest bodies, ${Math.min(...matches)} to ${Math.max(...matches)} active liaisons each`,
  },
  {
    name: 'first-page',
    title: 'First page, unfiltered (reference)',
    kind: 'read',
    expect: 200,
    prepare: async () => ({}),
    request: () => get('/v1/liaisons?limit=50'),
  },
  {
    name: 'deep-page',
    title: 'Cursor page deep in the list',
    kind: 'read',
    expect: 200,
    // The cursor the application issues for the page after `offset` rows (checked against it in `check`).
    async prepare({ db, sizes }) {
      const offset = deepOffset(sizes.liaisons);
      const cursorAt = async (rows) => {
        const { rows: found } = await db.query(
          'SELECT created_at, id FROM liaisons ORDER BY created_at, id OFFSET $1 LIMIT 1',
          [rows - 1],
        );
        return encodeCursor('createdAt', filterFingerprint({}), [found[0].created_at.toISOString(), found[0].id]);
      };
      return { offset, cursor: await cursorAt(offset), before: offset > 200 ? await cursorAt(offset - 200) : null };
    },
    request: ({ cursor }) => get(`/v1/liaisons?limit=50&cursor=${cursor}`),
    async check({ cursor, before }, app) {
      if (before === null) return;
      const page = await (await fetch(`${app.url}/v1/liaisons?limit=200&cursor=${before}`)).json();
      if (page.nextCursor !== cursor) throw new Error('the deep cursor is not the one the application issues');
    },
    describe: ({ offset }) => `after ${offset.toLocaleString('en')} rows`,
  },
  {
    name: 'search',
    title: 'Full-text search',
    kind: 'read',
    expect: 200,
    async prepare({ db }) {
      const { rows } = await db.query(
        `WITH q AS (SELECT websearch_to_tsquery('english', $1) || websearch_to_tsquery('simple', $1) AS query)
         SELECT (SELECT count(*) FROM bodies, q WHERE search @@ query) + (SELECT count(*) FROM liaisons, q
                  WHERE search @@ query) + (SELECT count(*) FROM work_items, q WHERE search @@ query)
                + (SELECT count(*) FROM contacts, q WHERE search @@ query) AS hits`,
        [SEARCH_TERM],
      );
      return { q: SEARCH_TERM, hits: Number(rows[0].hits) };
    },
    request: ({ q }) => get(`/v1/search?q=${q}`),
    describe: ({ q, hits }) => `"${q}": ${hits} matching rows ranked, first 50 shown`,
  },
  {
    name: 'changes',
    title: 'Change feed poll (100 after a cursor)',
    kind: 'read',
    expect: 200,
    async prepare({ db }) {
      const { rows } = await db.query('SELECT coalesce(max(position), 0)::int AS head FROM changes');
      const span = Math.max(1, rows[0].head - 100);
      // Cursors spread over the feed by a fixed stride, so both targets poll the same pages.
      return { after: Array.from({ length: 1_000 }, (_, k) => (k * 7_919) % span) };
    },
    request: ({ after }, i) => get(`/v1/changes?after=${cycle(after, i)}&limit=100`),
  },
  {
    name: 'not-modified',
    title: 'Conditional GET answered 304',
    kind: 'read',
    expect: 304,
    async prepare({ db }) {
      return { ids: await sampleLiaisonIds(db, 200) };
    },
    // Each target's own ETags: one plain GET per liaison, then If-None-Match with what it answered.
    async forTarget({ ids }, target) {
      const etags = [];
      for (const id of ids) {
        const response = await fetch(`${target.url}/v1/liaisons/${id}`);
        await response.arrayBuffer();
        const etag = response.headers.get('etag');
        if (!etag) throw new Error(`${target.name} sent no ETag for liaison ${id}`);
        etags.push(etag);
      }
      return { ids, etags };
    },
    request: ({ ids, etags }, i) => get(`/v1/liaisons/${cycle(ids, i)}`, { 'if-none-match': cycle(etags, i) }),
  },
  {
    name: 'create',
    title: 'Create a liaison (+ history, change event)',
    kind: 'write',
    expect: 201,
    // Committee i, partner at an offset the generator never uses (see partnerOffsetLimit), then the next category.
    async prepare({ db, adminKey }) {
      const { rows } = await db.query('SELECT id FROM bodies ORDER BY created_at, id');
      return { bodies: rows.map((r) => r.id), adminKey };
    },
    request: ({ bodies, adminKey }, n) => {
      const count = bodies.length;
      const limit = partnerOffsetLimit(count);
      const offsets = count - 1 - limit;
      const committee = n % count;
      const offset = limit + 1 + (Math.floor(n / count) % offsets);
      const category = CATEGORIES[Math.floor(n / (count * offsets)) % CATEGORIES.length];
      return {
        method: 'POST',
        path: '/v1/liaisons',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          committeeId: bodies[committee],
          partnerId: bodies[(committee + offset) % count],
          category,
          rationale: `Benchmark liaison ${n}: exchange of working drafts on conformance testing.`,
          objectives: ['exchange working drafts', 'align terminology'],
          proposedOn: '2026-01-15',
        }),
      };
    },
  },
];

export const SCENARIO_NAMES = SCENARIOS.map((s) => s.name);
