import { createHash } from 'node:crypto';
import { createBody, expectProblem, type BodyRecord } from '../support/factories.js';
import { createLiaison, insertContact, UNKNOWN_ID, type LiaisonRecord } from '../support/liaison-factories.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;

/** Bodies and liaisons of this file (its database holds nothing else). */
let sc: BodyRecord;
let wg: BodyRecord;
let p1: BodyRecord;
let p2: BodyRecord;
let p3: BodyRecord;
let lonely: BodyRecord;
/** L1..L6 in creation order. */
let L: LiaisonRecord[];
let contacts: string[];

beforeAll(async () => {
  server = await startServer();
  sc = await createBody(server, { kind: 'subcommittee', name: 'Artificial intelligence' });
  wg = await createBody(server, { kind: 'working_group' });
  p1 = await createBody(server, { kind: 'technical_committee' });
  p2 = await createBody(server, { kind: 'technical_committee' });
  p3 = await createBody(server, { kind: 'organization' });
  lonely = await createBody(server);
  contacts = [await insertContact(server), await insertContact(server)];
  L = [];
  L.push(
    await createLiaison(server, {
      committeeId: sc.id,
      partnerId: p1.id,
      category: 'category_a',
      status: 'active',
      nextReviewDue: '2025-01-01',
      rationale: 'Testing of AI systems',
      representativeIds: [contacts[1]!, contacts[0]!],
    }),
  );
  L.push(
    await createLiaison(server, {
      committeeId: sc.id,
      partnerId: p2.id,
      category: 'category_b',
      nextReviewDue: '2027-06-01',
      rationale: 'A 100% trustworthy DOCUMENTATION scheme',
      representativeIds: [contacts[0]!],
    }),
  );
  L.push(await createLiaison(server, { committeeId: p1.id, partnerId: sc.id, category: 'category_a' }));
  L.push(
    await createLiaison(server, {
      committeeId: wg.id,
      partnerId: p1.id,
      category: 'category_c',
      status: 'active',
      nextReviewDue: '2026-01-01',
      rationale: 'Test methodology',
    }),
  );
  L.push(
    await createLiaison(server, {
      committeeId: p2.id,
      partnerId: p3.id,
      category: 'cooperation_agreement',
      status: 'withdrawn',
    }),
  );
  L.push(
    await createLiaison(server, {
      committeeId: sc.id,
      partnerId: p3.id,
      category: 'internal',
      status: 'under_review',
      nextReviewDue: '2024-01-01',
    }),
  );
});

afterAll(async () => {
  await server?.dispose();
});

/** Ids of L entries by number (1-based, as in the comments). */
function ids(...numbers: number[]): string[] {
  return numbers.map((n) => L[n - 1]!.id);
}

/** Follows the Link header to the end, checking it against nextCursor on every page. */
async function collect(path: string): Promise<{ items: LiaisonRecord[]; pages: number }> {
  const items: LiaisonRecord[] = [];
  let next: string | null = path;
  let pages = 0;
  while (next !== null) {
    const response = await server.http.get(next);
    expect(response.status).toBe(200);
    items.push(...(response.body.items as LiaisonRecord[]));
    pages += 1;
    const link = response.headers.link as string | undefined;
    if (response.body.nextCursor === null) {
      expect(link).toBeUndefined();
      next = null;
    } else {
      const match = /^<([^>]+)>; rel="next"$/.exec(link ?? '');
      expect(match).not.toBeNull();
      expect(match![1]).toContain(`cursor=${response.body.nextCursor}`);
      next = match![1]!;
    }
    expect(pages).toBeLessThan(20);
  }
  return { items, pages };
}

async function listIds(path: string): Promise<string[]> {
  const response = await server.http.get(path);
  expect(response.status).toBe(200);
  expect(response.body.nextCursor).toBeNull();
  return (response.body.items as LiaisonRecord[]).map((l) => l.id);
}

describe('GET /v1/liaisons', () => {
  it('lists every liaison in creation order, with bodies, lists and warnings embedded', async () => {
    const response = await server.http.get('/v1/liaisons');
    expect(response.status).toBe(200);
    expect(response.body.nextCursor).toBeNull();
    expect(response.headers.link).toBeUndefined();
    expect(response.body.items).toEqual(L);
    const first = response.body.items[0] as LiaisonRecord;
    expect(first.committee).toEqual({ id: sc.id, designation: sc.designation, name: sc.name, kind: 'subcommittee' });
    expect(first.representativeIds).toEqual([contacts[1], contacts[0]]);
    expect(first.warnings.map((w) => w.code)).toEqual(['review-overdue']);
  });

  it.each([
    ['committeeId', () => `committeeId=${sc.id}`, [1, 2, 6]],
    ['partnerId', () => `partnerId=${p1.id}`, [1, 4]],
    ['bodyId as committee and as partner', () => `bodyId=${sc.id}`, [1, 2, 3, 6]],
    ['bodyId of a partner-only body', () => `bodyId=${p3.id}`, [5, 6]],
    ['bodyId of a body in both roles', () => `bodyId=${p1.id}`, [1, 3, 4]],
    ['bodyId of a body without liaisons', () => `bodyId=${lonely.id}`, []],
    ['category', () => 'category=category_a', [1, 3]],
    ['status', () => 'status=active', [1, 4]],
    ['reviewDueBefore (exclusive)', () => 'reviewDueBefore=2026-01-01', [1, 6]],
    ['reviewDueBefore far ahead (no due date, no match)', () => 'reviewDueBefore=2999-01-01', [1, 2, 4, 6]],
    ['q, case-insensitive', () => 'q=documentation', [2]],
    ['q matching a word in several rationales', () => 'q=test', [1, 4]],
    ['q with a literal %', () => `q=${encodeURIComponent('100%')}`, [2]],
    ['q with a literal _', () => 'q=_', []],
    ['bodyId and category', () => `bodyId=${sc.id}&category=category_a`, [1, 3]],
    ['bodyId, status and reviewDueBefore', () => `bodyId=${p1.id}&status=active&reviewDueBefore=2025-06-01`, [1]],
    ['committeeId and partnerId', () => `committeeId=${sc.id}&partnerId=${p2.id}`, [2]],
  ])('filters by %s', async (_name, query, expected) => {
    expect(await listIds(`/v1/liaisons?${query()}`)).toEqual(ids(...expected));
  });

  it('accepts filter ids in upper case', async () => {
    expect(await listIds(`/v1/liaisons?bodyId=${p3.id.toUpperCase()}`)).toEqual(ids(5, 6));
  });

  it('walks every page with the Link header, keeping the filters, without gaps or repeats', async () => {
    const { items, pages } = await collect('/v1/liaisons?limit=2');
    expect(pages).toBe(3);
    expect(items.map((l) => l.id)).toEqual(ids(1, 2, 3, 4, 5, 6));
    const filtered = await collect(`/v1/liaisons?bodyId=${sc.id}&limit=3`);
    expect(filtered.pages).toBe(2);
    expect(filtered.items.map((l) => l.id)).toEqual(ids(1, 2, 3, 6));
  });

  it('sorts by creation time descending across pages', async () => {
    const { items } = await collect('/v1/liaisons?limit=4&sort=-createdAt');
    expect(items.map((l) => l.id)).toEqual(ids(6, 5, 4, 3, 2, 1));
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=ten', 'limit'],
    ['sort=designation', 'sort'],
    ['category=category_e', 'category'],
    ['status=dormant', 'status'],
    ['reviewDueBefore=2025-13-01', 'reviewDueBefore'],
    ['reviewDueBefore=2025-01-01T00:00:00Z', 'reviewDueBefore'],
    ['bodyId=sc42', 'bodyId'],
    ['committeeId=1', 'committeeId'],
    ['partnerId=', 'partnerId'],
    ['q=', 'q'],
    ['votes=3', 'votes'],
    ['status=active&status=proposed', 'status'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const response = await server.http.get(`/v1/liaisons?${query}`);
    expectProblem(response, 400);
    expect(response.body.errors).toEqual(expect.arrayContaining([{ field, message: expect.any(String) }]));
  });

  it('refuses a cursor that is garbage, or reused with other filters or another sort', async () => {
    expectProblem(await server.http.get('/v1/liaisons?cursor=not-a-cursor'), 400, 'invalid-cursor');
    const first = await server.http.get('/v1/liaisons?limit=2');
    const cursor = first.body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    expectProblem(await server.http.get(`/v1/liaisons?limit=2&status=active&cursor=${cursor}`), 400, 'invalid-cursor');
    expectProblem(
      await server.http.get(`/v1/liaisons?limit=2&sort=-updatedAt&cursor=${cursor}`),
      400,
      'invalid-cursor',
    );
  });

  it.each(['2020-13-45T00:00:00Z', '294277-01-01T00:00:00Z', 'not a time'])(
    'refuses a forged cursor whose key %s is not a timestamp with 400',
    async (key) => {
      // The fingerprint of "no filters", as the API computes it: the forgery passes every check but the key's type.
      const fingerprint = createHash('sha256').update('[]').digest('base64url').slice(0, 12);
      const cursor = Buffer.from(JSON.stringify({ s: 'createdAt', f: fingerprint, k: [key, UNKNOWN_ID] })).toString(
        'base64url',
      );
      expectProblem(await server.http.get(`/v1/liaisons?cursor=${cursor}`), 400, 'invalid-cursor');
    },
  );
});

describe('GET /v1/bodies/{id}/liaisons', () => {
  it('lists the liaisons in which the body is committee or partner', async () => {
    const response = await server.http.get(`/v1/bodies/${sc.id}/liaisons`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [L[0], L[1], L[2], L[5]], nextCursor: null });
  });

  it('applies the same filters and sorts', async () => {
    expect(await listIds(`/v1/bodies/${sc.id}/liaisons?category=category_a`)).toEqual(ids(1, 3));
    expect(await listIds(`/v1/bodies/${sc.id}/liaisons?committeeId=${p1.id}`)).toEqual(ids(3));
    expect(await listIds(`/v1/bodies/${sc.id}/liaisons?partnerId=${sc.id}`)).toEqual(ids(3));
    expect(await listIds(`/v1/bodies/${p1.id}/liaisons?status=active&reviewDueBefore=2026-06-01`)).toEqual(ids(1, 4));
    expect(await listIds(`/v1/bodies/${sc.id}/liaisons?q=AI`)).toEqual(ids(1));
    expect(await listIds(`/v1/bodies/${sc.id}/liaisons?sort=-createdAt`)).toEqual(ids(6, 3, 2, 1));
    expect(await listIds(`/v1/bodies/${lonely.id}/liaisons`)).toEqual([]);
  });

  it('paginates with the Link header', async () => {
    const { items, pages } = await collect(`/v1/bodies/${sc.id}/liaisons?limit=1`);
    expect(pages).toBe(4);
    expect(items.map((l) => l.id)).toEqual(ids(1, 2, 3, 6));
  });

  it('refuses a cursor of another body', async () => {
    const first = await server.http.get(`/v1/bodies/${sc.id}/liaisons?limit=1`);
    expectProblem(
      await server.http.get(`/v1/bodies/${p1.id}/liaisons?limit=1&cursor=${first.body.nextCursor}`),
      400,
      'invalid-cursor',
    );
  });

  it('answers 404 for an unknown body, and 400 for a malformed id or a bodyId filter', async () => {
    const missing = await server.http.get(`/v1/bodies/${UNKNOWN_ID}/liaisons`);
    expectProblem(missing, 404, 'not-found');
    expect(missing.body.detail).toBe(`No body with id ${UNKNOWN_ID} exists.`);
    expectProblem(await server.http.get('/v1/bodies/sc42/liaisons'), 400, 'validation-error');
    const bodyId = await server.http.get(`/v1/bodies/${sc.id}/liaisons?bodyId=${p1.id}`);
    expectProblem(bodyId, 400, 'validation-error');
    expect(bodyId.body.errors).toEqual([{ field: 'bodyId', message: expect.any(String) }]);
  });
});

describe('OpenAPI', () => {
  it('documents the liaison operations with stable ids, named enums and problem responses', async () => {
    const document = (await server.http.get('/openapi.json')).body;
    const operations: Record<string, { path: string; method: string; operation: Record<string, unknown> }> = {};
    for (const [route, item] of Object.entries(
      document.paths as Record<string, Record<string, { operationId: string }>>,
    )) {
      for (const [method, operation] of Object.entries(item)) {
        operations[operation.operationId] = { path: route, method, operation };
      }
    }
    expect(operations).toMatchObject({
      listLiaisons: { path: '/v1/liaisons', method: 'get' },
      createLiaison: { path: '/v1/liaisons', method: 'post' },
      getLiaison: { path: '/v1/liaisons/{id}', method: 'get' },
      updateLiaison: { path: '/v1/liaisons/{id}', method: 'patch' },
      deleteLiaison: { path: '/v1/liaisons/{id}', method: 'delete' },
      listBodyLiaisons: { path: '/v1/bodies/{id}/liaisons', method: 'get' },
    });
    const statuses = (id: string) => Object.keys(operations[id]!.operation.responses as Record<string, unknown>).sort();
    // 401, 403, 413, 415, 429 and 503 are documented on every write, 401, 429 and 503 on every read (see src/openapi/cross-cutting.ts).
    const own = (id: string) =>
      statuses(id).filter((status) => !['304', '401', '403', '413', '415', '429', '503'].includes(status));
    expect(own('createLiaison')).toEqual(['201', '400', '409', '422', '500']);
    expect(own('updateLiaison')).toEqual(['200', '400', '404', '409', '412', '422', '428', '500']);
    expect(own('deleteLiaison')).toEqual(['204', '400', '404', '409', '412', '428', '500']);
    expect(own('listBodyLiaisons')).toEqual(['200', '400', '404', '500']);
    const schemas = document.components.schemas;
    expect(schemas.LiaisonCategory.enum).toContain('itu_t_a5');
    expect(schemas.LiaisonStatus.enum).toContain('under_review');
    expect(schemas.LiaisonSort.enum).toEqual(['createdAt', '-createdAt', 'updatedAt', '-updatedAt']);
    expect(schemas.LiaisonWarningCode.enum).toContain('category-requires-committee-level');
    expect(schemas.CreateLiaisonDto.required.sort()).toEqual(['category', 'committeeId', 'partnerId']);
    expect(schemas.CreateLiaisonDto.properties.proposedOn).toMatchObject({ format: 'date' });
    expect(schemas.CreateLiaisonDto.properties.representativeIds).toMatchObject({
      type: 'array',
      maxItems: 50,
      items: { type: 'string', format: 'uuid' },
    });
    expect(schemas.UpdateLiaisonDto.required ?? []).toEqual([]);
    expect(schemas.LiaisonDto.properties.committee).toEqual({ $ref: '#/components/schemas/LiaisonBodySummaryDto' });
    const parameters = operations.listLiaisons!.operation.parameters as { name: string; schema: unknown }[];
    expect(parameters.find((p) => p.name === 'reviewDueBefore')?.schema).toMatchObject({ format: 'date' });
    expect(parameters.find((p) => p.name === 'sort')?.schema).toMatchObject({
      $ref: '#/components/schemas/LiaisonSort',
    });
  });
});

// Last: it adds liaisons, which the exact lists above do not expect.
describe('GET /v1/liaisons sorted by update time', () => {
  it('sorts by update time in both directions', async () => {
    const own = await createBody(server);
    const a = await createLiaison(server, { committeeId: own.id });
    const b = await createLiaison(server, { committeeId: own.id });
    const c = await createLiaison(server, { committeeId: own.id });
    await server.http.patch(`/v1/liaisons/${a.id}`).send({ rationale: 'touched' }).expect(200);
    const ascending = await collect(`/v1/liaisons?committeeId=${own.id}&sort=updatedAt&limit=2`);
    expect(ascending.items.map((l) => l.id)).toEqual([b.id, c.id, a.id]);
    const descending = await collect(`/v1/liaisons?committeeId=${own.id}&sort=-updatedAt&limit=2`);
    expect(descending.items.map((l) => l.id)).toEqual([a.id, c.id, b.id]);
  });
});
