/**
 * The hostile-input suite: for every operation of the committed OpenAPI document, fast-check
 * generates bad requests (see test/support/hostile.ts) and sends them to a server holding the seed
 * registry. Every response must be below 500, have a status the document lists for the operation,
 * and, when it is an error, be problem+json; a refused write must leave the database as it was
 * (row counts and checksums of every table).
 *
 * HOSTILE_SEED replays a run (the seed is printed); HOSTILE_RUNS sets how many requests to send in
 * all (default 2,100).
 */
import fc from 'fast-check';
import { createApiKey } from '../support/auth.js';
import { databaseState, type DatabaseState } from '../support/db-state.js';
import { hostileRequest, percentEncode, type Caller, type HostileRequest, type IdPools } from '../support/hostile.js';
import { committedDocument, operationsOf, type Operation } from '../support/openapi.js';
import { startServer, type TestServer } from '../support/server.js';

const SEED = Number(process.env.HOSTILE_SEED ?? 20_261_122);
const TOTAL = Number(process.env.HOSTILE_RUNS ?? 2_100);

const document = committedDocument();
const operations = operationsOf(document);
const runsPerOperation = Math.ceil(TOTAL / operations.length);

let server: TestServer;
let keys: Record<Caller, string | undefined>;
let pools: IdPools;
let state: DatabaseState;
let sent = 0;
/** How often each status was answered: printed at the end, to see how deep the requests got. */
const tally = new Map<number, number>();

async function ids(sql: string): Promise<string[]> {
  return (await server.db.query<{ id: string }>(sql)).rows.map((r) => r.id);
}

beforeAll(async () => {
  if (!Number.isSafeInteger(SEED) || !Number.isSafeInteger(TOTAL) || TOTAL < 1) {
    throw new Error('HOSTILE_SEED and HOSTILE_RUNS must be integers');
  }
  console.log(
    `hostile-input suite: seed ${SEED}, ${runsPerOperation * operations.length} requests over ${operations.length} operations ` +
      `(replay with HOSTILE_SEED=${SEED} HOSTILE_RUNS=${TOTAL})`,
  );
  server = await startServer({ seed: true, env: { BODY_LIMIT_BYTES: '1048576' } });
  const scopeBody = (await ids(`SELECT id FROM bodies WHERE designation = 'ETSI TC MTS'`))[0]!;
  const reader = await createApiKey(server, { role: 'reader', name: 'hostile reader' });
  const secretariat = await createApiKey(server, { role: 'secretariat', bodyIds: [scopeBody], name: 'hostile sec' });
  // Keys the suite may revoke; the callers' own keys are not in the pool.
  const spare = await Promise.all([1, 2, 3].map((i) => createApiKey(server, { role: 'reader', name: `spare ${i}` })));
  keys = {
    admin: server.adminKey,
    anonymous: undefined,
    reader: reader.key,
    secretariat: secretariat.key,
    'bad key': 'lr_0000000000000000000000000000000000000000000',
  };
  pools = {
    bodies: await ids('SELECT id FROM bodies'),
    liaisons: await ids('SELECT id FROM liaisons'),
    'work-items': await ids('SELECT id FROM work_items'),
    contacts: await ids('SELECT id FROM contacts'),
    statements: await ids('SELECT id FROM statements'),
    membershipId: await ids('SELECT id FROM memberships'),
    'api-keys': spare.map((k) => k.id),
  };
  state = await databaseState(server.db);
}, 120_000);

afterAll(async () => {
  const statuses = [...tally.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
  console.log(`hostile-input suite: ${sent} requests sent (seed ${SEED}); statuses ${statuses.join(', ')}`);
  await server?.dispose();
});

function urlOf(operation: Operation, request: HostileRequest): string {
  const raw = request.rawEncoding;
  const pairs = request.query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`);
  if (raw?.in === 'query') pairs.push(`q=${raw.text}`);
  let first = true;
  const path = operation.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = raw?.in === 'path' && first ? raw.text : percentEncode(request.pathValues[name] ?? '');
    first = false;
    return value;
  });
  return `${server.baseUrl}${path}${pairs.length > 0 ? `?${pairs.join('&')}` : ''}`;
}

async function send(operation: Operation, request: HostileRequest) {
  const headers: Record<string, string> = {};
  const key = keys[request.caller];
  if (request.credential !== undefined) headers[request.credential.header] = request.credential.value;
  else if (key !== undefined) headers.authorization = `Bearer ${key}`;
  let body: Uint8Array | undefined;
  if (request.body) {
    body = Buffer.from(request.body.text, 'utf8');
    if (request.body.contentType !== null) headers['content-type'] = request.body.contentType;
  }
  sent += 1;
  const response = await fetch(urlOf(operation, request), { method: operation.method.toUpperCase(), headers, body });
  tally.set(response.status, (tally.get(response.status) ?? 0) + 1);
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

describe.each(operations.map((operation, index) => [operation.operationId, operation, index] as const))(
  '%s',
  (_operationId, operation, index) => {
    it(`answers ${runsPerOperation} hostile requests with documented statuses, problems and no partial writes`, async () => {
      await fc.assert(
        fc.asyncProperty(hostileRequest(document, operation, pools), async (request) => {
          const response = await send(operation, request);
          const where = `${operation.method.toUpperCase()} ${urlOf(operation, request).slice(0, 300)} as ${request.caller}`;
          if (response.status >= 500)
            throw new Error(`${where} answered ${response.status}: ${response.text.slice(0, 500)}`);
          if (!operation.statuses.has(response.status)) {
            throw new Error(
              `${where} answered ${response.status}, which the document does not list (${[...operation.statuses].join(', ')}): ${response.text.slice(0, 300)}`,
            );
          }
          if (response.status >= 400) {
            if (!response.contentType.startsWith('application/problem+json')) {
              throw new Error(
                `${where} answered ${response.status} as ${response.contentType}: ${response.text.slice(0, 300)}`,
              );
            }
            const problem = JSON.parse(response.text) as Record<string, unknown>;
            if (
              problem.status !== response.status ||
              typeof problem.type !== 'string' ||
              typeof problem.title !== 'string'
            ) {
              throw new Error(`${where} answered a malformed problem: ${response.text.slice(0, 300)}`);
            }
          }
          if (
            process.env.DEBUG_HOSTILE &&
            operation.method !== 'get' &&
            response.status === 400 &&
            request.caller === 'admin'
          )
            console.log(operation.operationId, request.body?.text.slice(0, 200), response.text.slice(0, 300));
          if (operation.method === 'get') return;
          const after = await databaseState(server.db);
          if (response.status >= 400) {
            const changed = Object.keys(after).filter((t) => JSON.stringify(after[t]) !== JSON.stringify(state[t]));
            if (changed.length > 0)
              throw new Error(`${where} was refused (${response.status}) but changed ${changed.join(', ')}`);
          }
          state = after;
        }),
        { seed: SEED + index, numRuns: runsPerOperation, endOnFailure: true },
      );
    });
  },
);

it('sent at least 2,000 requests', () => {
  expect(sent).toBeGreaterThanOrEqual(Math.min(2_000, TOTAL));
});
