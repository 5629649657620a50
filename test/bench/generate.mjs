/**
 * Loads a generated registry with bulk SQL (`generate_series`), deterministic for a given size: pseudo-random
 * choices are hashes of the row number, not `random()`. The shape follows the real registry: a few committees
 * (JTC 1, big TCs) hold thousands of liaisons while most bodies hold a handful, and every liaison has its history
 * entry. Change events are stored exactly as published ones are: a gap-free `position` in commit order (the
 * publisher has nothing left to do), with liaison events carrying the liaison's API representation.
 */
import { LIAISON_SELECT, liaisonJson, today } from './liaison-json.mjs';

/** Planted in a small share of names, titles and rationales; the search scenario looks for it. */
export const SEARCH_TERM = 'interoperability';

/** Partner offsets 1..M are used by generated liaisons; the create scenario uses larger ones (never a duplicate). */
export function partnerOffsetLimit(bodies) {
  return Math.max(1, Math.floor(bodies / 2) - 1);
}

const CATEGORIES = [
  'category_a',
  'category_b',
  'category_c',
  'category_d',
  'internal',
  'itu_t_a4',
  'itu_t_a5',
  'itu_t_a6',
  'cooperation_agreement',
];

const WORDS = `artificial intelligence machine learning data quality testing assurance trust security privacy
  software systems engineering lifecycle process model assessment conformance metrology terminology vocabulary
  framework architecture reference management governance risk evaluation verification validation requirements
  network protocol radio spectrum mobile broadband access transport optical quantum cryptography identity
  biometrics cloud computing edge services platform energy efficiency sustainability environment circular economy
  smart cities mobility automotive railway maritime aviation health medical devices accessibility ageing
  ergonomics information sharing exchange semantic ontology metadata registry catalogue archive records preservation
  blockchain ledger payment finance telecommunication numbering addressing routing signalling emergency public
  safety resilience continuity coordination cooperation alignment harmonization guidance principles practices
  performance benchmark measurement calibration sensors internet things digital twin manufacturing robotics
  autonomous vehicles drones satellite navigation timing synchronization video audio coding multimedia display
  broadcasting content delivery storage compression encryption authentication authorization audit logging
  monitoring incident response forensics supply chain procurement education skills workforce inclusion ethics
  transparency explainability robustness fairness bias safety hazards functional operational maintenance`
  .split(/\s+/)
  .filter(Boolean);

const FIRST_NAMES = `Ana Ben Chen Dara Elif Femi Gita Hugo Ines Jun Kofi Lena Mads Nia Omar Pia Quan Rosa Sami Tova Uma
  Vik Wen Xavi Yara Zeno Aiko Bram Cleo Dmitri Esra Farah Goran Hana Ivo Jana Kai Lior Mira Nils`.split(/\s+/);
const LAST_NAMES = `Abbott Berg Costa Dubois Eriksen Fischer Garcia Haddad Ito Jensen Kowalski Larsen Moreau Nakamura
  Okafor Petrov Quinn Rossi Schmidt Tanaka Usman Varga Weber Xu Yilmaz Zhang Almeida Brandt Chowdhury Dietrich`
  .split(/\s+/)
  .filter(Boolean);

/** Row counts for a scale factor (1 = the sizes of issue #8). */
export function sizesFor(scale) {
  const n = (base, min) => Math.max(min, Math.round(base * scale));
  return {
    bodies: n(5_000, 20),
    liaisons: n(50_000, 100),
    workItems: n(50_000, 20),
    contacts: n(20_000, 20),
    changes: n(200_000, 100),
  };
}

/** 4,096 phrases of 3 to 12 words, the same on every run (a linear congruential generator). */
function phrases() {
  let state = 42;
  const next = (n) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
  return Array.from({ length: 4096 }, () =>
    Array.from({ length: 3 + next(10) }, () => WORDS[next(WORDS.length)]).join(' '),
  );
}

/**
 * `rnd(n, salt)`: a deterministic number in [0, 1) from a row number and a salt (inlined by the planner).
 */
const HELPERS = `
  CREATE FUNCTION pg_temp.rnd(n bigint, salt bigint) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (hashint8extended(n, salt) & 2147483647)::double precision / 2147483648 $$;
  CREATE FUNCTION pg_temp.iso(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;`;

/** A phrase chosen by `n` and `salt` (an index look-up: subscripting one big array would copy it every time). */
const text = (n, salt) => `(SELECT t FROM bench_phrases WHERE k = 1 + floor(pg_temp.rnd(${n}, ${salt}) * 4096)::int)`;

async function step(client, log, label, statements) {
  const started = performance.now();
  for (const [sql, params] of statements) {
    const t = performance.now();
    await client.query(sql, params);
    if (process.env.BENCH_DEBUG) log(`    ${Math.round(performance.now() - t)} ms: ${sql.trim().slice(0, 60)}`);
  }
  log(`  ${label} (${Math.round(performance.now() - started)} ms)`);
}

/**
 * Fills an empty, migrated database. `log` receives one line per step.
 * @returns the counts actually inserted.
 */
export async function generateRegistry(client, sizes, log) {
  const { bodies: B, liaisons: L, workItems: W, contacts: C, changes: E } = sizes;
  const M = partnerOffsetLimit(B);
  const span = `(now() - interval '30 days' - timestamptz '2012-01-01T00:00:00Z')`;
  await client.query('CREATE TEMP TABLE bench_phrases (k int PRIMARY KEY, t text NOT NULL)');
  await client.query('INSERT INTO bench_phrases SELECT * FROM unnest($1::int[], $2::text[])', [
    phrases().map((_, k) => k + 1),
    phrases(),
  ]);
  await client.query('ANALYZE bench_phrases');
  await client.query(HELPERS);
  await client.query('BEGIN');
  // Sorting 200,000 events with their data by position would spill to disk with the default 4 MB.
  await client.query(`SET LOCAL work_mem = '256MB'`);

  await step(client, log, `${B} bodies`, [
    [`CREATE TEMP TABLE gb AS SELECT i, gen_random_uuid() AS id FROM generate_series(1, ${B}) i`],
    [
      `INSERT INTO bodies (id, designation, name, kind, parent_id, status, website, created_at, updated_at)
       SELECT gb.id,
              CASE i % 10 WHEN 0 THEN 'Consortium ' || i WHEN 1 THEN 'ISO/TC ' || i WHEN 2 THEN 'IEC/TC ' || i
                WHEN 3 THEN 'ISO/TC ' || (i / 10 * 10 + 1) || '/SC ' || i WHEN 4 THEN 'ISO/TC ' || (i / 10 * 10 + 1) || '/SC ' || i
                WHEN 5 THEN 'ISO/IEC JTC 1/SC ' || i WHEN 6 THEN 'ISO/TC ' || (i / 10 * 10 + 1) || '/WG ' || i
                WHEN 7 THEN 'ISO/IEC JTC 1/SC ' || (i / 10 * 10 + 5) || '/WG ' || i WHEN 8 THEN 'ITU-T SG' || i
                ELSE 'ETSI TC ' || i END,
              initcap(split_part(${text('i', 1)}, ' ', 1) || ' ' || split_part(${text('i', 2)}, ' ', 2))
                || CASE WHEN pg_temp.rnd(i, 3) < 0.005 THEN ' ${SEARCH_TERM}' ELSE '' END,
              CASE i % 10 WHEN 0 THEN 'organization' WHEN 1 THEN 'technical_committee' WHEN 2 THEN 'technical_committee'
                WHEN 3 THEN 'subcommittee' WHEN 4 THEN 'subcommittee' WHEN 5 THEN 'subcommittee'
                WHEN 6 THEN 'working_group' WHEN 7 THEN 'working_group' WHEN 8 THEN 'study_group'
                ELSE (ARRAY['advisory_group', 'correspondence_group', 'focus_group', 'other'])[1 + (i / 10) % 4] END,
              NULL,
              CASE WHEN pg_temp.rnd(i, 4) < 0.92 THEN 'active' WHEN pg_temp.rnd(i, 4) < 0.96 THEN 'inactive'
                WHEN pg_temp.rnd(i, 4) < 0.98 THEN 'proposed' ELSE 'disbanded' END,
              CASE WHEN i % 3 = 0 THEN 'https://example.org/bodies/' || i END,
              timestamptz '2010-01-01T00:00:00Z' + (i::double precision / ${B}) * interval '700 days',
              timestamptz '2010-01-01T00:00:00Z' + (i::double precision / ${B}) * interval '700 days'
         FROM gb`,
    ],
    // Subcommittees under their technical committee, working groups under their subcommittee.
    [
      `UPDATE bodies b SET parent_id = parent.id
         FROM gb child JOIN gb parent ON parent.i = CASE WHEN child.i % 10 IN (3, 4) THEN child.i / 10 * 10 + 1
                                                         WHEN child.i % 10 = 6 THEN child.i / 10 * 10 + 3 END
        WHERE b.id = child.id AND child.i % 10 IN (3, 4, 6)`,
    ],
  ]);

  await step(client, log, `${C} contacts`, [
    [`CREATE TEMP TABLE gc AS SELECT i, gen_random_uuid() AS id FROM generate_series(1, ${C}) i`],
    [
      `INSERT INTO contacts (id, name, honorific, email, affiliation, created_at, updated_at)
       SELECT id, ($1::text[])[1 + floor(pg_temp.rnd(i, 5) * cardinality($1::text[]))::int] || ' '
                  || ($2::text[])[1 + floor(pg_temp.rnd(i, 6) * cardinality($2::text[]))::int],
              CASE WHEN pg_temp.rnd(i, 7) < 0.2 THEN 'Dr' WHEN pg_temp.rnd(i, 7) < 0.25 THEN 'Prof.' END,
              'contact' || i || '@example.org',
              CASE WHEN pg_temp.rnd(i, 8) < 0.7 THEN initcap(split_part(${text('i', 9)}, ' ', 1)) || ' Ltd' END,
              timestamptz '2012-01-01T00:00:00Z' + (i::double precision / ${C}) * ${span},
              timestamptz '2012-01-01T00:00:00Z' + (i::double precision / ${C}) * ${span}
         FROM gc`,
      [FIRST_NAMES, LAST_NAMES],
    ],
  ]);

  await step(client, log, `${W} work items`, [
    [
      `CREATE TEMP TABLE gw AS
       SELECT w.i, gen_random_uuid() AS id, gb.id AS body_id
         FROM generate_series(1, ${W}) w(i)
         JOIN gb ON gb.i = 1 + least(${B - 1}, floor(${B} * pg_temp.rnd(w.i, 10) ^ 2)::int)`,
    ],
    [
      `INSERT INTO work_items (id, body_id, reference, title, deliverable_type, stage, status_text, started_on,
                               target_date, created_at, updated_at)
       SELECT id, body_id, 'WI ' || i,
              initcap(${text('i', 11)})
                || CASE WHEN pg_temp.rnd(i, 13) < 0.002 THEN ' ${SEARCH_TERM}' ELSE '' END,
              (ARRAY['etsi_tr', 'etsi_ts', 'etsi_en', 'etsi_es', 'etsi_eg', 'etsi_sr', 'iso_iec_is', 'iso_iec_ts',
                     'iso_iec_tr', 'iso_iec_pas', 'itu_t_recommendation', 'itu_t_supplement', 'itu_t_technical_paper',
                     'itu_t_technical_report', 'other'])[1 + floor(pg_temp.rnd(i, 14) * 15)::int],
              (ARRAY['proposed', 'preliminary', 'early_draft', 'stable_draft', 'approval', 'published', 'withdrawn',
                     'stopped'])[1 + floor(pg_temp.rnd(i, 15) * 8)::int],
              CASE WHEN pg_temp.rnd(i, 16) < 0.4 THEN ${text('i', 17)} END,
              date '2012-01-01' + (pg_temp.rnd(i, 18) * 4000)::int,
              date '2012-01-01' + (pg_temp.rnd(i, 18) * 4000)::int + 700,
              timestamptz '2012-01-01T00:00:00Z' + (i::double precision / ${W}) * ${span},
              timestamptz '2012-01-01T00:00:00Z' + (i::double precision / ${W}) * ${span}
         FROM gw`,
    ],
  ]);

  // Committees drawn with density ~ x^-2/3: the first bodies hold thousands of liaisons, most hold a few.
  // Partners at an offset 1..M after the committee; duplicates of (committee, partner, category) are dropped.
  await step(client, log, `${L} liaisons with their lists and history`, [
    [
      `CREATE TEMP TABLE gl AS
       SELECT row_number() OVER (ORDER BY i) AS n, gen_random_uuid() AS id, c, p, cat
         FROM (SELECT DISTINCT ON (c, p, cat) i, c, p, cat
                 FROM (SELECT i, c, 1 + (c - 1 + 1 + floor(pg_temp.rnd(i, 21) * ${M})::int) % ${B} AS p,
                              floor(pg_temp.rnd(i, 22) * 9)::int AS cat
                         FROM (SELECT i, 1 + least(${B - 1}, floor(${B} * pg_temp.rnd(i, 20) ^ 3)::int) AS c
                                 FROM generate_series(1, ${Math.ceil(L * 1.2)}) i) x) y
                ORDER BY c, p, cat, i) d
        ORDER BY i LIMIT ${L}`,
    ],
    [
      `CREATE TEMP TABLE gls AS
       SELECT gl.*, s.status, s.created_at, s.created_at::date AS proposed_on,
              CASE WHEN s.status IN ('approved', 'active', 'under_review', 'suspended', 'withdrawn')
                   THEN s.created_at::date + 60 + (pg_temp.rnd(n, 31) * 140)::int END AS approved_on
         FROM gl,
         LATERAL (SELECT CASE WHEN r < 0.40 THEN 'active' WHEN r < 0.50 THEN 'proposed'
                              WHEN r < 0.55 THEN 'eligibility_review' WHEN r < 0.60 THEN 'balloting'
                              WHEN r < 0.70 THEN 'approved' WHEN r < 0.75 THEN 'under_review'
                              WHEN r < 0.80 THEN 'suspended' WHEN r < 0.90 THEN 'withdrawn' ELSE 'rejected' END AS status,
                         timestamptz '2012-01-01T00:00:00Z' + (gl.n::double precision / ${L}) * ${span} AS created_at
                    FROM (SELECT pg_temp.rnd(gl.n, 30) AS r) rr) s`,
    ],
    [
      `INSERT INTO liaisons (id, committee_id, partner_id, category, status, rationale, objectives, proposed_by_body_id,
                             proposed_on, approved_on, established_on, last_reviewed_on, next_review_due,
                             eligibility_passed, version, created_at, updated_at)
       SELECT l.id, c.id, p.id, ($1::text[])[1 + l.cat], l.status,
              initcap(${text('l.n', 32)}) || ' ' || ${text('l.n', 33)}
                || CASE WHEN pg_temp.rnd(l.n, 34) < 0.004 THEN ' ${SEARCH_TERM}' ELSE '' END || '.',
              (SELECT jsonb_agg(${text('l.n * 4 + j', 35)}) FROM generate_series(1, 1 + (l.n % 3)::int) j),
              CASE WHEN pg_temp.rnd(l.n, 36) < 0.7 THEN p.id END,
              l.proposed_on, l.approved_on, e.established_on, e.last_reviewed_on,
              coalesce(e.last_reviewed_on, e.established_on, l.approved_on)
                + CASE WHEN pg_temp.rnd(l.n, 37) < 0.05 THEN interval '3 years' ELSE interval '2 years' END,
              CASE WHEN l.cat < 2 AND l.status NOT IN ('proposed', 'eligibility_review') THEN true
                   WHEN l.cat < 2 AND l.status = 'eligibility_review' AND pg_temp.rnd(l.n, 38) < 0.5 THEN true END,
              1 + (pg_temp.rnd(l.n, 39) * 4)::int,
              l.created_at,
              l.created_at + pg_temp.rnd(l.n, 40) * (now() - l.created_at) * 0.5
         FROM gls l
         JOIN gb c ON c.i = l.c
         JOIN gb p ON p.i = l.p
         CROSS JOIN LATERAL (SELECT CASE WHEN l.status IN ('active', 'under_review', 'suspended', 'withdrawn')
                              THEN l.approved_on + (pg_temp.rnd(l.n, 41) * 30)::int END AS established_on,
                         CASE WHEN l.status IN ('active', 'under_review') AND pg_temp.rnd(l.n, 42) < 0.4
                              THEN least(l.approved_on + 700, current_date) END AS last_reviewed_on) e`,
      [CATEGORIES],
    ],
    [
      `INSERT INTO liaison_representatives (liaison_id, contact_id, position)
       SELECT gl.id, gc.id, j
         FROM gl CROSS JOIN LATERAL generate_series(0, floor(pg_temp.rnd(gl.n, 43) * 3)::int - 1) j
         JOIN gc ON gc.i = 1 + (gl.n * 37 + j * (${C} / 2)) % ${C}`,
    ],
    [
      `INSERT INTO liaison_work_items (liaison_id, work_item_id, position)
       SELECT gl.id, gw.id, j
         FROM gl CROSS JOIN LATERAL generate_series(0, floor(pg_temp.rnd(gl.n, 44) * 4)::int - 1) j
         JOIN gw ON gw.i = 1 + (gl.n * 13 + j * (${W} / 4)) % ${W}`,
    ],
    [
      `INSERT INTO liaison_experts (liaison_id, contact_id, nominated_on)
       SELECT gls.id, gc.id, gls.approved_on + 90
         FROM gls JOIN gc ON gc.i = 1 + (gls.n * 53 + 7) % ${C}
        WHERE gls.cat = 0 AND gls.status = 'active' AND pg_temp.rnd(gls.n, 45) < 0.3`,
    ],
    [
      `INSERT INTO liaison_history (liaison_id, action, from_status, to_status, actor, occurred_at)
       SELECT id, 'create', NULL, status, 'key:bench-loader', created_at FROM gls ORDER BY n`,
    ],
  ]);

  // The liaison events carry the liaison as the API shows it: built here with the same mapping the baseline uses.
  await step(client, log, `liaison representations for the change feed`, [
    ['CREATE TEMP TABLE glj (id uuid PRIMARY KEY, data jsonb NOT NULL)'],
    ['ANALYZE bodies, liaisons, liaison_representatives, liaison_work_items, liaison_experts'],
  ]);
  const started = performance.now();
  const day = today();
  const cursor = await client.query(`${LIAISON_SELECT} ORDER BY l.created_at`);
  if (process.env.BENCH_DEBUG) log(`    select: ${Math.round(performance.now() - started)} ms`);
  for (let offset = 0; offset < cursor.rows.length; offset += 5_000) {
    const batch = cursor.rows.slice(offset, offset + 5_000);
    await client.query(`INSERT INTO glj SELECT (e ->> 'id')::uuid, e FROM jsonb_array_elements($1::jsonb) e`, [
      JSON.stringify(batch.map((row) => liaisonJson(row, day))),
    ]);
  }
  log(`    (${cursor.rows.length} built in ${Math.round(performance.now() - started)} ms)`);

  const creations = B + C + W + L;
  const updates = Math.max(0, E - creations);
  await step(client, log, `${E} change events`, [
    [
      `CREATE TEMP TABLE ge AS
       SELECT b.created_at AS occurred_at, 'body.created' AS type, 'body' AS resource_type, b.id AS resource_id,
              jsonb_build_object('id', b.id, 'designation', b.designation, 'name', b.name, 'kind', b.kind,
                'parentId', b.parent_id, 'status', b.status, 'website', b.website, 'mailingList', b.mailing_list,
                'termsOfReference', NULL, 'version', b.version, 'createdAt', pg_temp.iso(b.created_at),
                'updatedAt', pg_temp.iso(b.updated_at)) AS data
         FROM bodies b
       UNION ALL
       SELECT k.created_at, 'contact.created', 'contact', k.id,
              jsonb_build_object('id', k.id, 'name', k.name, 'honorific', k.honorific, 'email', k.email,
                'affiliation', k.affiliation, 'memberships', '[]'::jsonb, 'version', k.version,
                'createdAt', pg_temp.iso(k.created_at), 'updatedAt', pg_temp.iso(k.updated_at))
         FROM contacts k
       UNION ALL
       SELECT w.created_at, 'workItem.created', 'workItem', w.id,
              jsonb_build_object('id', w.id, 'bodyId', w.body_id,
                'body', jsonb_build_object('id', b.id, 'designation', b.designation, 'name', b.name),
                'reference', w.reference, 'title', w.title, 'deliverableType', w.deliverable_type, 'stage', w.stage,
                'statusText', w.status_text, 'startedOn', w.started_on, 'targetDate', w.target_date,
                'publishedOn', w.published_on, 'liaisonIds', '[]'::jsonb, 'version', w.version,
                'createdAt', pg_temp.iso(w.created_at), 'updatedAt', pg_temp.iso(w.updated_at))
         FROM work_items w JOIN bodies b ON b.id = w.body_id
       UNION ALL
       SELECT l.created_at, 'liaison.created', 'liaison', l.id, j.data FROM liaisons l JOIN glj j ON j.id = l.id
       UNION ALL
       SELECT l.created_at + pg_temp.rnd(u, 51) * (l.updated_at - l.created_at),
              CASE WHEN u % 3 = 0 THEN 'liaison.updated' ELSE 'liaison.transitioned' END, 'liaison', l.id, j.data
         FROM generate_series(1, ${updates}) u
         JOIN gl ON gl.n = 1 + floor(pg_temp.rnd(u, 50) * ${L})::int
         JOIN liaisons l ON l.id = gl.id JOIN glj j ON j.id = l.id`,
    ],
    [
      `INSERT INTO changes (type, resource_type, resource_id, occurred_at, actor, data, position)
       SELECT type, resource_type, resource_id, occurred_at, 'key:bench-loader', data,
              row_number() OVER (ORDER BY occurred_at, resource_id)
         FROM ${creations + updates > E ? `(SELECT * FROM ge ORDER BY pg_temp.rnd(hashtext(resource_id::text || type), 52) LIMIT ${E}) e` : 'ge'}
        ORDER BY occurred_at, resource_id`,
    ],
    // The webhook dispatcher starts at the head, as it does on a database whose history predates it.
    ['UPDATE webhook_dispatch_state SET last_position = (SELECT coalesce(max(position), 0) FROM changes)'],
  ]);
  await client.query('COMMIT');

  const started2 = performance.now();
  await client.query('VACUUM ANALYZE');
  log(`  VACUUM ANALYZE (${Math.round(performance.now() - started2)} ms)`);
  try {
    await client.query('CHECKPOINT');
  } catch {
    // Not a superuser on the server of DATABASE_URL: the checkpoint just comes later.
  }

  const { rows } = await client.query(`SELECT
      (SELECT count(*) FROM bodies)::int AS bodies, (SELECT count(*) FROM liaisons)::int AS liaisons,
      (SELECT count(*) FROM work_items)::int AS "workItems", (SELECT count(*) FROM contacts)::int AS contacts,
      (SELECT count(*) FROM changes)::int AS changes, (SELECT count(*) FROM liaison_history)::int AS history`);
  return rows[0];
}
