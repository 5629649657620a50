/**
 * Issue 8: at the default benchmark size (5,000 bodies, 50,000 liaisons, 50,000 work items, 20,000 contacts,
 * 200,000 change events), every list query the API sends is planned with an index and without a sequential scan
 * of any large table. The queries are the ones the running service really sends (read from its SQL trace); each
 * is EXPLAINed with its own parameters on the loaded database.
 */
import path from 'node:path';
import type { PoolClient } from 'pg';
import { startServer, type TestServer } from '../support/server.js';
import { newTraceFile, removeTraceFile, tracedGet, type TracedStatement } from '../support/sql-trace.js';

interface Generator {
  generateRegistry(client: PoolClient, sizes: Record<string, number>, log: (line: string) => void): Promise<unknown>;
  sizesFor(scale: number): Record<string, number>;
  SEARCH_TERM: string;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Tables this small may be read whole: a sequential scan is what the planner should pick. */
const SMALL_TABLE_ROWS = 1_000;
const INDEX_NODES = new Set(['Index Scan', 'Index Only Scan', 'Bitmap Index Scan']);

let server: TestServer;
const traceFile = newTraceFile();
let generator: Generator;
const rowsOf = new Map<string, number>();

beforeAll(async () => {
  server = await startServer({ env: { SQL_TRACE_FILE: traceFile } });
  const modulePath = path.resolve(import.meta.dirname, '../bench/generate.mjs');
  generator = (await import(modulePath)) as Generator;
  const client = await server.db.connect();
  try {
    await generator.generateRegistry(client, generator.sizesFor(1), () => undefined);
    await client.query('ANALYZE');
    const tables = await client.query<{ relname: string; n: string }>(
      `SELECT relname, reltuples::bigint AS n FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`,
    );
    for (const row of tables.rows) rowsOf.set(row.relname, Number(row.n));
  } finally {
    client.release();
  }
}, 600_000);

afterAll(async () => {
  await server?.dispose();
  removeTraceFile(traceFile);
});

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

async function planOf(statement: TracedStatement): Promise<PlanNode> {
  const result = await server.db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
    `EXPLAIN (FORMAT JSON) ${statement.sql}`,
    statement.params,
  );
  return result.rows[0]!['QUERY PLAN'][0].Plan;
}

/** Problems with the plans of the statements of one request; empty when every plan is indexed. */
async function planProblems(label: string, statements: TracedStatement[]): Promise<string[]> {
  const problems: string[] = [];
  const selects = statements.filter((s) => /^\s*(SELECT|WITH)/i.test(s.sql) && !/publish_changes/.test(s.sql));
  if (selects.length === 0) problems.push(`${label}: no SELECT traced`);
  for (const statement of selects) {
    const nodes = nodesOf(await planOf(statement));
    const sql = statement.sql.replace(/\s+/g, ' ').slice(0, 140);
    for (const node of nodes) {
      const table = node['Relation Name'];
      if (node['Node Type'] === 'Seq Scan' && table && (rowsOf.get(table) ?? 0) > SMALL_TABLE_ROWS) {
        problems.push(`${label}: sequential scan of ${table} (${rowsOf.get(table)} rows) in ${sql}`);
      }
    }
    const touchesLargeTable = nodes.some((n) => (rowsOf.get(n['Relation Name'] ?? '') ?? 0) > SMALL_TABLE_ROWS);
    if (touchesLargeTable && !nodes.some((n) => INDEX_NODES.has(n['Node Type']))) {
      problems.push(`${label}: no index used in ${sql}`);
    }
  }
  return problems;
}

async function firstId(url: string): Promise<string> {
  const response = await server.anon.get(url);
  expect(response.status).toBe(200);
  return (response.body.items as { id: string }[])[0]!.id;
}

describe('list queries at the default benchmark size', () => {
  it('loaded the default size', () => {
    expect(rowsOf.get('liaisons')).toBeGreaterThanOrEqual(45_000);
    expect(rowsOf.get('changes')).toBeGreaterThanOrEqual(180_000);
    expect(rowsOf.get('bodies')).toBeGreaterThanOrEqual(4_500);
  });

  it('every list, filter, sort and next page is planned with indexes', async () => {
    const liaison = (await server.anon.get('/v1/liaisons?limit=1')).body.items[0] as {
      id: string;
      committee: { id: string };
    };
    const body = liaison.committee.id;
    const workItem = await firstId('/v1/work-items?limit=1');
    const member = (await server.anon.get('/v1/contacts?limit=1')).body.items[0] as { id: string };
    const lists = [
      '/v1/bodies',
      '/v1/bodies?kind=subcommittee&sort=designation',
      '/v1/bodies?q=tc%2012',
      '/v1/bodies?designationPrefix=ISO%2FTC%2021',
      `/v1/bodies/${body}/children`,
      '/v1/liaisons',
      '/v1/liaisons?sort=-updatedAt',
      '/v1/liaisons?q=shared%20work',
      `/v1/liaisons?bodyId=${body}&status=active`,
      `/v1/liaisons?committeeId=${body}`,
      `/v1/liaisons?partnerId=${body}`,
      '/v1/liaisons?category=category_a&status=proposed',
      '/v1/liaisons?reviewDueBefore=2027-01-01',
      `/v1/bodies/${body}/liaisons`,
      `/v1/liaisons/${liaison.id}/history`,
      '/v1/work-items',
      `/v1/work-items?bodyId=${body}`,
      '/v1/work-items?q=quality',
      `/v1/work-items/${workItem}/history`,
      '/v1/contacts',
      '/v1/contacts?q=berg',
      `/v1/bodies/${body}/roster`,
      '/v1/statements',
      '/v1/statements?q=LS',
      `/v1/search?q=${generator.SEARCH_TERM}`,
      '/v1/changes?after=100000&limit=100',
      '/v1/changes?after=0&limit=100&resourceType=liaison',
    ];
    expect(member.id).toBeDefined();
    const problems: string[] = [];
    for (const list of lists) {
      const first = await tracedGet(server.anon, traceFile, list);
      expect(first.response.status).toBe(200);
      problems.push(...(await planProblems(list, first.statements)));
      const cursor = first.response.body.nextCursor as string | null;
      if (cursor && !list.startsWith('/v1/changes')) {
        const next = `${list}${list.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;
        const second = await tracedGet(server.anon, traceFile, next);
        expect(second.response.status).toBe(200);
        problems.push(...(await planProblems(`${list} (next page)`, second.statements)));
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
