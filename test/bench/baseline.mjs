/**
 * The benchmark's baseline: the scenarios of `npm run bench` answered by Fastify and `pg` alone (no Nest, no
 * ORM, no validation library), with hand-written SQL returning the same JSON as the application. It is what a
 * careful hand-written server costs: one round trip per read (lists joined in with sub-selects), 304s decided from
 * the versions, search snippets computed for the page only, and a create in one transaction of two statements.
 * It keeps the application's semantics (cursors, change-feed publishing, ETags of the feed, e-mail hiding, the
 * one-live-liaison rule, history and change event in the writing transaction); it skips what the bench does
 * not exercise (rate limits, scopes, idempotency keys, problem+json details).
 *
 * Run: DATABASE_URL=... PORT=... [DB_POOL_SIZE=10] node test/bench/baseline.mjs
 */
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { decodeCursor, encodeCursor, filterFingerprint } from '../../dist/src/common/pagination/cursor.js';
import { LIAISON_SELECT, liaisonJson, today } from './liaison-json.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES = new Set([
  'proposed',
  'eligibility_review',
  'balloting',
  'approved',
  'active',
  'under_review',
  'suspended',
  'withdrawn',
  'rejected',
]);
const CATEGORIES = new Set([
  'category_a',
  'category_b',
  'category_c',
  'category_d',
  'internal',
  'itu_t_a4',
  'itu_t_a5',
  'itu_t_a6',
  'cooperation_agreement',
]);
const SEARCH_TYPES = ['body', 'liaison', 'workItem', 'contact', 'statement'];
const HEADLINE = `'MaxFragments=1, MaxWords=24, MinWords=8, StartSel=**, StopSel=**'`;
const POLL_INTERVAL = '5';
const PUBLISH_LOCK = 7_340_005;

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_SIZE ?? 10),
  application_name: 'liaison-bench-baseline',
});
const app = Fastify({ logger: false });

class HttpError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

app.setErrorHandler((error, _request, reply) => {
  const status = error instanceof HttpError ? error.status : (error.statusCode ?? 500);
  if (status >= 500) process.stderr.write(`[baseline] ${error.stack ?? error}\n`);
  void reply.status(status).type('application/problem+json').send({ status, detail: error.message });
});

function limitOf(raw, fallback) {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 200) throw new HttpError(400, 'limit must be 1 to 200');
  return value;
}

function uuidOf(raw, name) {
  if (typeof raw !== 'string' || !UUID.test(raw)) throw new HttpError(400, `${name} must be a UUID`);
  return raw.toLowerCase();
}

function cursorKey(cursor, sort, fingerprint) {
  try {
    return decodeCursor(cursor, sort, fingerprint, 2);
  } catch {
    throw new HttpError(400, 'invalid cursor');
  }
}

/** The RFC 8288 `Link` of the next page, as the application writes it. */
function linkNext(reply, url, nextCursor) {
  if (nextCursor === null) return;
  const parsed = new URL(url, 'http://registry.invalid');
  parsed.searchParams.set('cursor', nextCursor);
  void reply.header('link', `<${parsed.pathname}${parsed.search}>; rel="next"`);
}

/** The validator of a liaison's representation: its version, its bodies' versions and the day (warnings). */
function liaisonEtag(row, day) {
  return `"l${row.version}.${row.c_version}.${row.p_version}.${day}"`;
}

app.get('/health', async () => ({ status: 'ok' }));

app.get('/v1/liaisons/:id', async (request, reply) => {
  const id = uuidOf(request.params.id, 'id');
  const day = today();
  const conditional = request.headers['if-none-match'];
  if (conditional) {
    const { rows } = await pool.query(
      `SELECT l.version, c.version AS c_version, p.version AS p_version
         FROM liaisons l JOIN bodies c ON c.id = l.committee_id JOIN bodies p ON p.id = l.partner_id
        WHERE l.id = $1`,
      [id],
    );
    if (rows[0] && liaisonEtag(rows[0], day) === conditional) return reply.status(304).send();
  }
  const { rows } = await pool.query(`${LIAISON_SELECT} WHERE l.id = $1`, [id]);
  if (!rows[0]) throw new HttpError(404, `No liaison with id ${id} exists.`);
  void reply.header('etag', liaisonEtag(rows[0], day)).header('cache-control', 'no-cache');
  return liaisonJson(rows[0], day);
});

app.get('/v1/liaisons', async (request, reply) => {
  const { limit: rawLimit, cursor, ...filters } = request.query;
  const limit = limitOf(rawLimit, 50);
  const params = [];
  const where = [];
  if (filters.bodyId !== undefined) {
    params.push(uuidOf(filters.bodyId, 'bodyId'));
    where.push(`(l.committee_id = $${params.length} OR l.partner_id = $${params.length})`);
  }
  if (filters.status !== undefined) {
    if (!STATUSES.has(filters.status)) throw new HttpError(400, 'unknown status');
    params.push(filters.status);
    where.push(`l.status = $${params.length}`);
  }
  const fingerprint = filterFingerprint(filters);
  if (cursor !== undefined) {
    const [createdAt, id] = cursorKey(cursor, 'createdAt', fingerprint);
    params.push(createdAt, uuidOf(id, 'cursor'));
    where.push(`(l.created_at, l.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(limit + 1);
  const { rows } = await pool.query(
    `${LIAISON_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY l.created_at, l.id LIMIT $${params.length}`,
    params,
  );
  const day = today();
  const items = rows.slice(0, limit).map((row) => liaisonJson(row, day));
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last ? encodeCursor('createdAt', fingerprint, [last.createdAt, last.id]) : null;
  linkNext(reply, request.url, nextCursor);
  void reply.header('cache-control', 'no-cache');
  return { items, nextCursor };
});

/** Ranks every match, keeps the page, and only then computes its snippets. */
const SEARCH_SQL = (after) => `
  WITH q AS (SELECT websearch_to_tsquery('english', $1) || websearch_to_tsquery('simple', $1) AS query),
  hit AS (
    SELECT 'body' AS type, b.id, ts_rank(b.search, q.query) AS rank FROM q, bodies b WHERE b.search @@ q.query
    UNION ALL
    SELECT 'liaison', l.id, ts_rank(l.search, q.query) FROM q, liaisons l WHERE l.search @@ q.query
    UNION ALL
    SELECT 'workItem', w.id, ts_rank(w.search, q.query) FROM q, work_items w WHERE w.search @@ q.query
    UNION ALL
    SELECT 'contact', k.id, ts_rank(k.search, q.query) FROM q, contacts k WHERE k.search @@ q.query
    UNION ALL
    SELECT 'statement', s.id, ts_rank(s.search, q.query) FROM q, statements s WHERE s.search @@ q.query),
  page AS (SELECT * FROM hit ${after ? 'WHERE (rank, id) < ($3::real, $4::uuid)' : ''}
            ORDER BY rank DESC, id DESC LIMIT $2)
  SELECT page.type, page.id, page.rank,
         CASE page.type WHEN 'body' THEN b.designation || ' — ' || b.name
           WHEN 'liaison' THEN lc.designation || ' ↔ ' || lp.designation || ' (' || l.category || ')'
           WHEN 'workItem' THEN w.reference || ' — ' || w.title
           WHEN 'contact' THEN k.name
           ELSE s.reference || ' — ' || s.title END AS title,
         CASE page.type WHEN 'body' THEN ts_headline('english', b.name || '. ' || coalesce(b.tor_scope, ''), q.query, ${HEADLINE})
           WHEN 'liaison' THEN ts_headline('english', coalesce(l.rationale, ''), q.query, ${HEADLINE})
           WHEN 'workItem' THEN ts_headline('english', w.title || '. ' || coalesce(w.status_text, ''), q.query, ${HEADLINE})
           WHEN 'contact' THEN ts_headline('simple', k.name, q.query, ${HEADLINE})
           ELSE ts_headline('english', s.title || '. ' || coalesce(s.summary, '') || ' ' || coalesce(s.body_text, ''),
                            q.query, ${HEADLINE}) END AS snippet,
         CASE page.type WHEN 'body' THEN '/v1/bodies/' WHEN 'liaison' THEN '/v1/liaisons/'
           WHEN 'workItem' THEN '/v1/work-items/' WHEN 'contact' THEN '/v1/contacts/' ELSE '/v1/statements/' END
           || page.id AS path
    FROM page CROSS JOIN q
    LEFT JOIN bodies b ON page.type = 'body' AND b.id = page.id
    LEFT JOIN liaisons l ON page.type = 'liaison' AND l.id = page.id
    LEFT JOIN bodies lc ON lc.id = l.committee_id
    LEFT JOIN bodies lp ON lp.id = l.partner_id
    LEFT JOIN work_items w ON page.type = 'workItem' AND w.id = page.id
    LEFT JOIN contacts k ON page.type = 'contact' AND k.id = page.id
    LEFT JOIN statements s ON page.type = 'statement' AND s.id = page.id
   ORDER BY page.rank DESC, page.id DESC`;

app.get('/v1/search', async (request, reply) => {
  const { limit: rawLimit, cursor, ...filters } = request.query;
  const limit = limitOf(rawLimit, 50);
  const q = typeof filters.q === 'string' ? filters.q.trim() : '';
  if (q.length < 1 || q.length > 200) throw new HttpError(400, 'q must be 1 to 200 characters');
  const fingerprint = filterFingerprint({ ...filters, q, types: SEARCH_TYPES });
  const params = [q, limit + 1];
  if (cursor !== undefined) params.push(...cursorKey(cursor, 'rank', fingerprint));
  const { rows } = await pool.query(SEARCH_SQL(cursor !== undefined), params);
  const items = rows.slice(0, limit).map((row) => ({
    type: row.type,
    id: row.id,
    title: row.title,
    snippet: row.snippet,
    rank: Number(row.rank),
    path: row.path,
  }));
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor('rank', fingerprint, [last.rank, last.id]) : null;
  linkNext(reply, request.url, nextCursor);
  void reply.header('cache-control', 'no-cache');
  return { items, nextCursor };
});

/** Contacts' e-mail addresses are hidden from anonymous callers, in event data too. */
function withoutEmails(value) {
  if (Array.isArray(value)) return value.map(withoutEmails);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'email' ? null : withoutEmails(v)]));
}

/** The application's publisher (src/changes/change-feed.ts), run only when something awaits a position. */
async function publish() {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [PUBLISH_LOCK]);
    if (rows[0].locked) {
      await client.query(`WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
            base AS (SELECT coalesce(max(position), 0) AS p FROM changes),
            pending AS (
              SELECT c.id, row_number() OVER (ORDER BY c.txid, c.local_seq) AS rn
                FROM changes c, horizon h WHERE c.position IS NULL AND c.txid < h.xmin
               ORDER BY c.txid, c.local_seq LIMIT 5000)
         UPDATE changes c SET position = base.p + pending.rn FROM pending, base WHERE c.id = pending.id`);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** One statement, one snapshot: the head, whether anything awaits publishing, and the page. */
const FEED_SQL = `SELECT h.head, h.pending, c.*
  FROM (SELECT (SELECT coalesce(max(position), 0) FROM changes) AS head,
               EXISTS (SELECT 1 FROM changes WHERE position IS NULL
                        AND txid < pg_snapshot_xmin(pg_current_snapshot())) AS pending) h
  LEFT JOIN LATERAL (SELECT * FROM changes WHERE position > $1 ORDER BY position LIMIT $2) c ON true`;

app.get('/v1/changes', async (request, reply) => {
  const { after: rawAfter, limit: rawLimit } = request.query;
  if (rawAfter !== undefined && !/^[0-9]{1,15}$/.test(rawAfter)) throw new HttpError(400, 'after must be a cursor');
  const after = Number(rawAfter ?? 0);
  const limit = limitOf(rawLimit, 100);
  let { rows } = await pool.query(FEED_SQL, [after, limit]);
  if (rows[0].pending) {
    await publish();
    ({ rows } = await pool.query(FEED_SQL, [after, limit]));
  }
  const shape = createHash('sha256')
    .update(JSON.stringify([after, limit, null, null]))
    .digest('base64url')
    .slice(0, 16);
  const etag = `"c${rows[0].head}-${shape}"`;
  void reply.header('etag', etag).header('x-poll-interval', POLL_INTERVAL).header('cache-control', 'no-cache');
  if (request.headers['if-none-match'] === etag) return reply.status(304).send();
  const items = rows
    .filter((row) => row.id !== null)
    .map((row) => ({
      id: row.id,
      sequence: Number(row.position),
      type: row.type,
      resourceType: row.resource_type,
      resourceId: row.resource_id,
      occurredAt: row.occurred_at.toISOString(),
      actor: row.actor,
      data: withoutEmails(row.data),
    }));
  return { items, nextCursor: String(items.at(-1)?.sequence ?? after) };
});

async function authenticate(request) {
  const match = /^Bearer +(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match) throw new HttpError(401, 'An API key is required.');
  const { rows } = await pool.query(
    `SELECT name, role FROM api_keys
      WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    [createHash('sha256').update(match[1], 'utf8').digest('hex')],
  );
  if (!rows[0]) throw new HttpError(401, 'The API key is not valid.');
  if (rows[0].role !== 'admin') throw new HttpError(403, 'Creating liaisons here needs an admin key.');
  return `key:${rows[0].name}`;
}

const INSERT_LIAISON = `WITH ins AS (
    INSERT INTO liaisons (committee_id, partner_id, category, status, rationale, objectives, proposed_by_body_id,
                          proposed_on)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *)
  SELECT ins.*, c.designation AS c_designation, c.name AS c_name, c.kind AS c_kind, c.version AS c_version,
         p.designation AS p_designation, p.name AS p_name, p.kind AS p_kind, p.version AS p_version,
         '{}'::text[] AS representative_ids, '{}'::text[] AS work_item_ids, '[]'::json AS experts
    FROM ins JOIN bodies c ON c.id = ins.committee_id JOIN bodies p ON p.id = ins.partner_id`;

const RECORD_CREATE = `WITH h AS (
    INSERT INTO liaison_history (liaison_id, action, from_status, to_status, actor, details)
    VALUES ($1, 'create', NULL, $2, $3, '{}'))
  INSERT INTO changes (type, resource_type, resource_id, actor, data) VALUES ('liaison.created', 'liaison', $1, $3, $4)`;

function optionalString(value, name) {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '') throw new HttpError(400, `${name} must be a string`);
  return value.trim();
}

app.post('/v1/liaisons', async (request, reply) => {
  const actor = await authenticate(request);
  const input = request.body;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new HttpError(400, 'JSON object');
  const committeeId = uuidOf(input.committeeId, 'committeeId');
  const partnerId = uuidOf(input.partnerId, 'partnerId');
  if (!CATEGORIES.has(input.category)) throw new HttpError(400, 'unknown category');
  const status = input.status ?? 'proposed';
  if (!STATUSES.has(status)) throw new HttpError(400, 'unknown status');
  const objectives = input.objectives ?? [];
  if (!Array.isArray(objectives) || objectives.some((o) => typeof o !== 'string')) {
    throw new HttpError(400, 'objectives must be strings');
  }
  if (committeeId === partnerId) throw new HttpError(422, 'A body cannot hold a liaison with itself.');
  const proposedBy = input.proposedByBodyId == null ? null : uuidOf(input.proposedByBodyId, 'proposedByBodyId');
  const proposedOn = optionalString(input.proposedOn, 'proposedOn');

  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(INSERT_LIAISON, [
      committeeId,
      partnerId,
      input.category,
      status,
      optionalString(input.rationale, 'rationale'),
      JSON.stringify(objectives.map((o) => o.trim().replace(/\s+/g, ' '))),
      proposedBy,
      proposedOn,
    ]);
    const liaison = liaisonJson(rows[0]);
    await client.query(RECORD_CREATE, [liaison.id, status, actor, JSON.stringify(liaison)]);
    await client.query('COMMIT');
    void reply.status(201).header('location', `/v1/liaisons/${liaison.id}`);
    return liaison;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (error.code === '23505' && error.constraint === 'liaisons_live_key') {
      throw new HttpError(409, 'A live liaison with this committee, partner and category exists.');
    }
    if (error.code === '23503') throw new HttpError(422, 'A referenced body does not exist.');
    throw error;
  } finally {
    client.release();
  }
});

const stop = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

await app.listen({ port: Number(process.env.PORT ?? 3001), host: process.env.HOST ?? '127.0.0.1' });
process.stderr.write(`[baseline] listening on ${process.env.PORT}\n`);
