/**
 * The benchmark's correctness checks: before measuring, the application and the baseline must answer the same
 * JSON (reads) and store the same thing (a create); after each create run, every liaison answered 201 must be
 * fully stored. A benchmark of two servers that answer differently would compare nothing.
 */
import { isDeepStrictEqual } from 'node:util';

/** Where two JSON documents first differ, for a readable failure. */
function firstDifference(a, b, at = '$') {
  if (isDeepStrictEqual(a, b)) return null;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  ) {
    return `${at}: ${JSON.stringify(a)?.slice(0, 200)} ≠ ${JSON.stringify(b)?.slice(0, 200)}`;
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const found = firstDifference(a[key], b[key], `${at}.${key}`);
    if (found) return found;
  }
  return `${at}: differ`;
}

async function send(target, request) {
  const response = await fetch(`${target.url}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** Reads: the same requests to both servers must get the same status and the same JSON. */
export async function checkSameAnswers(scenario, inputs, app, baseline) {
  const [appInputs, baseInputs] = scenario.forTarget
    ? [await scenario.forTarget(inputs, app), await scenario.forTarget(inputs, baseline)]
    : [inputs, inputs];
  for (let i = 0; i < 3; i += 1) {
    const mine = await send(app, scenario.request(appInputs, i));
    const theirs = await send(baseline, scenario.request(baseInputs, i));
    if (mine.status !== scenario.expect || theirs.status !== scenario.expect) {
      throw new Error(`${scenario.name}: expected ${scenario.expect}, app ${mine.status}, baseline ${theirs.status}`);
    }
    const difference = firstDifference(mine.body, theirs.body);
    if (difference) throw new Error(`${scenario.name}: app and baseline answer different JSON at ${difference}`);
  }
}

/**
 * Creates: the same liaison created through both (the application's copy deleted in between, so that the pair is
 * free again) must come back the same but for id and timestamps, with the same change event stored.
 */
export async function checkSameCreate(scenario, inputs, app, baseline, db, adminKey, counter) {
  const request = scenario.request(inputs, counter.next++);
  const mine = await send(app, request);
  if (mine.status !== 201)
    throw new Error(`create: the application answered ${mine.status}: ${JSON.stringify(mine.body)}`);
  const removed = await fetch(`${app.url}/v1/liaisons/${mine.body.id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${adminKey}`, 'if-match': '"1"' },
  });
  if (removed.status !== 204) throw new Error(`create: deleting the checked liaison answered ${removed.status}`);
  const theirs = await send(baseline, request);
  if (theirs.status !== 201) throw new Error(`create: the baseline answered ${theirs.status}`);
  const strip = (body) => ({ ...body, id: null, createdAt: null, updatedAt: null });
  const difference = firstDifference(strip(mine.body), strip(theirs.body));
  if (difference) throw new Error(`create: app and baseline answer different JSON at ${difference}`);
  for (const created of [mine.body, theirs.body]) {
    const { rows } = await db.query(`SELECT data FROM changes WHERE resource_id = $1 AND type = 'liaison.created'`, [
      created.id,
    ]);
    if (rows.length !== 1 || !isDeepStrictEqual(rows[0].data, created)) {
      throw new Error(`create: the change event of ${created.id} is missing or differs from the response`);
    }
  }
}

/**
 * Every liaison answered 201 is stored with its history entry and its change event: the client was told only
 * after COMMIT, so each must be there (requests still in flight when a run stops may add more rows; they are
 * not counted).
 */
export async function checkCommitted(db, ids) {
  const { rows } = await db.query(
    `SELECT count(*)::int AS n FROM liaisons l
      WHERE l.id = ANY($1::uuid[])
        AND EXISTS (SELECT 1 FROM liaison_history h WHERE h.liaison_id = l.id AND h.action = 'create')
        AND EXISTS (SELECT 1 FROM changes c WHERE c.resource_id = l.id AND c.type = 'liaison.created')`,
    [ids],
  );
  return rows[0].n === ids.length
    ? { ok: true, checked: ids.length }
    : { ok: false, checked: ids.length, detail: `only ${rows[0].n} of ${ids.length} created liaisons fully stored` };
}
