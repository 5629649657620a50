/**
 * Issue 8: no GET sends more than three SQL statements, whoever calls. Every GET operation of the OpenAPI document
 * is called on the seeded registry, anonymously and with the admin key, and the statements each request sent are
 * read from the server's SQL trace (SQL_TRACE_FILE).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, type HttpAgent, type TestServer } from '../support/server.js';
import { newTraceFile, removeTraceFile, tracedGet, type TracedStatement } from '../support/sql-trace.js';
import { startReceiver, waitFor, type Receiver } from '../support/webhook-receiver.js';

const MAX_STATEMENTS = 3;

interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId: string }>>;
}

const document = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../openapi/openapi.json'), 'utf8'),
) as OpenApiDocument;
const getOperations = Object.entries(document.paths)
  .filter(([, operations]) => operations.get !== undefined)
  .map(([route, operations]) => ({ route, operationId: operations.get!.operationId }));

let server: TestServer;
let receiver: Receiver;
const traceFile = newTraceFile();
/** Path parameters, by the route prefix they belong to. */
const ids: Record<string, string> = {};

async function firstId(agent: HttpAgent, url: string): Promise<string> {
  const response = await agent.get(url);
  expect(response.status).toBe(200);
  const id = (response.body.items as { id: string }[])[0]?.id;
  if (!id) throw new Error(`${url} listed nothing`);
  return id;
}

beforeAll(async () => {
  receiver = await startReceiver();
  server = await startServer({
    seed: true,
    env: { SQL_TRACE_FILE: traceFile, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_POLL_MS: '100' },
  });
  const http = server.http;
  ids.liaison = await firstId(http, '/v1/liaisons?limit=1');
  ids.workItem = await firstId(http, '/v1/work-items?limit=1');
  ids.statement = await firstId(http, '/v1/statements?limit=1');
  ids.apiKey = await firstId(http, '/v1/api-keys?limit=1');
  // A contact with a membership gives the body of a non-empty roster and one of its entries.
  const contacts = await http.get('/v1/contacts?limit=100');
  for (const { id } of contacts.body.items as { id: string }[]) {
    const contact = await http.get(`/v1/contacts/${id}`);
    const membership = (contact.body.memberships as { id: string; bodyId: string }[])[0];
    if (membership) {
      ids.contact = id;
      ids.body = membership.bodyId;
      ids.membership = membership.id;
      break;
    }
  }
  const webhook = await http.post('/v1/webhooks').send({ url: receiver.url });
  expect(webhook.status).toBe(201);
  ids.webhook = webhook.body.id as string;
  expect((await http.post(`/v1/webhooks/${ids.webhook}/test`)).status).toBeLessThan(300);
  ids.delivery = await waitFor('a delivery of the ping', async () => {
    const response = await http.get(`/v1/webhooks/${ids.webhook}/deliveries`);
    return (response.body.items as { id: string }[])[0]?.id;
  });
}, 60_000);

afterAll(async () => {
  await Promise.all([server?.dispose(), receiver?.close()]);
  removeTraceFile(traceFile);
});

/** The URL of a route with its parameters filled in from the seeded registry. */
function urlOf(route: string): string {
  const prefix = route.split('/')[2] ?? '';
  const resource: Record<string, string | undefined> = {
    bodies: ids.body,
    liaisons: ids.liaison,
    'work-items': ids.workItem,
    contacts: ids.contact,
    statements: ids.statement,
    webhooks: ids.webhook,
    'api-keys': ids.apiKey,
  };
  const url = route
    .replace('{id}', resource[prefix] ?? 'missing')
    .replace('{membershipId}', ids.membership ?? 'missing')
    .replace('{deliveryId}', ids.delivery ?? 'missing');
  return route === '/v1/search' ? `${url}?q=liaison` : url;
}

function describeStatements(statements: TracedStatement[]): string {
  return statements.map((s, i) => `    ${i + 1}. ${s.sql.replace(/\s+/g, ' ').slice(0, 160)}`).join('\n');
}

describe('SQL statements per GET', () => {
  it('covers every GET operation of the document', () => {
    expect(getOperations.length).toBeGreaterThanOrEqual(27);
    for (const { route } of getOperations) expect(urlOf(route)).not.toContain('missing');
  });

  it.each([
    ['anonymous', () => server.anon],
    ['admin', () => server.http],
  ])(`no GET sends more than ${MAX_STATEMENTS} statements (%s)`, async (caller, agentOf) => {
    const over: string[] = [];
    const counts: Record<string, number> = {};
    for (const { route, operationId } of getOperations) {
      const url = urlOf(route);
      const { response, statements } = await tracedGet(agentOf(), traceFile, url);
      // Anonymous callers are refused the admin-only reads (webhooks, keys): those must stay cheap too.
      expect([200, 401]).toContain(response.status);
      if (caller === 'admin') expect(response.status).toBe(200);
      counts[operationId] = statements.length;
      if (statements.length > MAX_STATEMENTS) {
        over.push(`${operationId} GET ${url}: ${statements.length} statements\n${describeStatements(statements)}`);
      }
    }
    expect(over).toEqual([]);
    // The trace really attributes statements to requests: reads that need the database show some.
    expect(counts.getLiaison).toBeGreaterThanOrEqual(1);
    expect(counts.listStatements).toBeGreaterThanOrEqual(1);
  });
});
