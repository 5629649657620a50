import { createBody, expectProblem } from '../support/factories.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;

interface Hit {
  type: string;
  id: string;
  title: string;
  snippet: string;
  rank: number;
  path: string;
}

beforeAll(async () => {
  server = await startServer({ seed: true });
});

afterAll(async () => {
  await server?.dispose();
});

async function search(query: string): Promise<{ items: Hit[]; nextCursor: string | null }> {
  const response = await server.http.get(`/v1/search?${query}`);
  expect(response.status).toBe(200);
  return response.body as { items: Hit[]; nextCursor: string | null };
}

describe('GET /v1/search', () => {
  it('finds seeded records of every type, ranked, with a snippet and a path', async () => {
    const trust = await search('q=trust&limit=200');
    const types = new Set(trust.items.map((h) => h.type));
    expect(types).toEqual(new Set(['body', 'liaison', 'statement']));
    const ranks = trust.items.map((h) => h.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    const group = trust.items.find((h) => h.type === 'body')!;
    expect(group.title).toBe('Joint-CG-Trust — Joint Correspondence Group on Trust');
    expect(group.snippet).toContain('**Trust**');
    expect(group.path).toBe(`/v1/bodies/${group.id}`);
    const item = (await search('q=trustworthy')).items.find((h) => h.type === 'workItem')!;
    expect(item.title).toBe('DTR/MTS-20187318 — Towards a Harmonised Documentation Scheme for Trustworthy AI');
  });

  it('finds designations and references the way people type them', async () => {
    const sc42 = await search(`q=${encodeURIComponent('SC 42')}&types=body`);
    expect(sc42.items[0]?.title).toBe('ISO/IEC JTC 1/SC 42 — Artificial intelligence');
    const reference = await search('q=103910');
    expect(reference.items.map((h) => h.title)).toEqual([
      'DTR/MTS 103910 — AI Testing Test Methodology and Test Specification for AI-enabled Systems',
    ]);
  });

  it('searches contacts by name only, never by e-mail address', async () => {
    const byName = await search('q=Dryden');
    expect(byName.items).toEqual([expect.objectContaining({ type: 'contact', title: 'Andrew Dryden' })]);
    expect(JSON.stringify(byName.items)).not.toContain('@');
    expect((await search(`q=${encodeURIComponent('dryden@iso.org')}`)).items).toEqual([]);
    expect((await search('q=hlitd')).items).toEqual([]);
  });

  it('filters by type', async () => {
    const statements = await search('q=trust&types=statement');
    expect(statements.items.map((h) => h.type)).toEqual(['statement']);
    const two = await search('q=trust&types=statement,body');
    expect(new Set(two.items.map((h) => h.type))).toEqual(new Set(['statement', 'body']));
  });

  it('pages through hits with the cursor and Link header, without repeats', async () => {
    for (let i = 0; i < 5; i += 1) {
      await createBody(server, { name: `Quasar coordination group ${i}`, kind: 'focus_group' });
    }
    const seen: string[] = [];
    let path: string | null = '/v1/search?q=quasar&limit=2';
    while (path) {
      const response = await server.http.get(path);
      expect(response.status).toBe(200);
      seen.push(...(response.body.items as Hit[]).map((h) => h.id));
      const link = response.headers.link as string | undefined;
      path = response.body.nextCursor ? /^<([^>]+)>; rel="next"$/.exec(link ?? '')![1]! : null;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('answers nothing rather than an error for queries made only of operators', async () => {
    expect((await search(`q=${encodeURIComponent('& | ! ( " -')}`)).items).toEqual([]);
  });

  it.each([
    ['', 'q'],
    [`q=${'x'.repeat(201)}`, 'q'],
    ['q=trust&types=planet', 'types'],
    ['q=trust&types=body,body', 'types'],
    ['q=trust&limit=0', 'limit'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const response = await server.http.get(`/v1/search?${query}`);
    expectProblem(response, 400, 'validation-error');
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('refuses a cursor from another query', async () => {
    for (let i = 0; i < 3; i += 1) await createBody(server, { name: `Nebula task force ${i}`, kind: 'focus_group' });
    const first = await search('q=nebula&limit=1');
    expect(first.nextCursor).not.toBeNull();
    expectProblem(
      await server.http.get(`/v1/search?q=quasar&limit=1&cursor=${first.nextCursor}`),
      400,
      'invalid-cursor',
    );
  });
});
