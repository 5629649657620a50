import { randomBytes } from 'node:crypto';
import { createBody, expectProblem, type BodyRecord } from '../support/factories.js';
import { startServer, type TestServer } from '../support/server.js';
import {
  createStatement,
  daysFromToday,
  insertContact,
  insertLiaison,
  type StatementRecord,
} from '../support/statement-factories.js';

let server: TestServer;

/** Every statement of the fixture carries this tag in its title, so `q=tag` scopes a list to it. */
const tag = `LST${randomBytes(3).toString('hex').toUpperCase()}`;
let A: BodyRecord, B: BodyRecord, C: BodyRecord, D: BodyRecord;
let liaison: string;
let contact: string;
/** s[1] .. s[8], created in this order. */
const s: StatementRecord[] = [];

beforeAll(async () => {
  server = await startServer();
  [A, B, C, D] = [
    await createBody(server),
    await createBody(server),
    await createBody(server),
    await createBody(server),
  ];
  liaison = await insertLiaison(server);
  contact = await insertContact(server);
  const specs: Record<string, unknown>[] = [
    // 1: overdue action
    {
      fromBodyId: A.id,
      toBodyIds: [B.id],
      ccBodyIds: [C.id],
      purpose: 'action',
      deadline: daysFromToday(-10),
      sentOn: '2025-01-05',
      summary: 'About quantum-safe cryptography.',
      contactIds: [contact],
      attachments: [{ title: 'Annex', url: 'https://example.org/annex' }],
    },
    // 2: deadline passed but action taken: not overdue
    {
      fromBodyId: A.id,
      toBodyIds: [C.id],
      purpose: 'comment',
      deadline: daysFromToday(-1),
      sentOn: '2025-01-03',
      actionTaken: { taken: true, on: daysFromToday(-2), note: null },
    },
    // 3: information, no deadline, not sent
    { fromBodyId: B.id, toBodyIds: [A.id], purpose: 'information' },
    // 4: due today: not overdue
    {
      fromBodyId: C.id,
      toBodyIds: [A.id],
      ccBodyIds: [B.id],
      purpose: 'action',
      deadline: daysFromToday(0),
      sentOn: '2025-01-04',
    },
    // 5: upcoming
    {
      fromBodyId: B.id,
      toBodyIds: [D.id],
      purpose: 'action',
      deadline: daysFromToday(10),
      sentOn: '2025-01-01',
      liaisonIds: [liaison],
    },
    // 6: response to 1 (filled in below)
    { fromBodyId: D.id, toBodyIds: [A.id], purpose: 'response', sentOn: '2025-01-02', liaisonIds: [liaison] },
    // 7: far upcoming, not sent
    { fromBodyId: D.id, toBodyIds: [B.id], purpose: 'comment', deadline: daysFromToday(30) },
    // 8: same deadline as 5 (tie broken by id)
    { fromBodyId: C.id, toBodyIds: [D.id], purpose: 'comment', deadline: daysFromToday(10) },
  ];
  s.push(undefined as unknown as StatementRecord);
  for (const [i, spec] of specs.entries()) {
    const n = i + 1;
    s.push(
      await createStatement(server, {
        reference: `${tag}-${n}`,
        title: `${tag} statement ${n}`,
        ...spec,
        ...(n === 6 ? { inReplyToId: s[1]!.id } : {}),
      }),
    );
  }
});

afterAll(async () => {
  await server?.dispose();
});

/** Follows the `Link` header to the last page; checks that `nextCursor` and `Link` agree. */
async function collect(path: string): Promise<{ items: StatementRecord[]; pages: number }> {
  const items: StatementRecord[] = [];
  let next: string | null = path;
  let pages = 0;
  while (next !== null) {
    const response = await server.http.get(next);
    expect(response.status).toBe(200);
    items.push(...(response.body.items as StatementRecord[]));
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
    expect(pages).toBeLessThan(50);
  }
  return { items, pages };
}

/** Numbers (1..8) of the fixture statements a query lists, in list order. */
async function numbers(query: string): Promise<number[]> {
  const { items } = await collect(`/v1/statements?q=${tag}&sort=createdAt&${query}`);
  return items.map((item) => s.findIndex((x) => x?.id === item.id));
}

function idOrder(...ns: number[]): number[] {
  return [...ns].sort((a, b) => (s[a]!.id < s[b]!.id ? -1 : 1));
}

describe('GET /v1/statements filters', () => {
  it('filters by sender', async () => {
    expect(await numbers(`fromBodyId=${A.id}`)).toEqual([1, 2]);
  });

  it('filters by to recipient, leaving out copies', async () => {
    expect(await numbers(`toBodyId=${A.id}`)).toEqual([3, 4, 6]);
    expect(await numbers(`toBodyId=${B.id}`)).toEqual([1, 7]);
  });

  it('filters by a body that sent or received, as to or cc', async () => {
    expect(await numbers(`bodyId=${B.id}`)).toEqual([1, 3, 4, 5, 7]);
  });

  it('filters by purpose, and combines filters', async () => {
    expect(await numbers('purpose=action')).toEqual([1, 4, 5]);
    expect(await numbers('purpose=response')).toEqual([6]);
    expect(await numbers(`purpose=action&bodyId=${A.id}`)).toEqual([1, 4]);
  });

  it('filters by deadline range with inclusive bounds', async () => {
    expect(await numbers(`deadlineAfter=${daysFromToday(0)}&deadlineBefore=${daysFromToday(10)}`)).toEqual([4, 5, 8]);
    expect(await numbers(`deadlineBefore=${daysFromToday(-1)}`)).toEqual([1, 2]);
    expect(await numbers(`deadlineAfter=${daysFromToday(10)}`)).toEqual([5, 7, 8]);
    expect(await numbers(`deadlineAfter=${daysFromToday(-1)}&deadlineBefore=${daysFromToday(-1)}`)).toEqual([2]);
  });

  it('filters overdue statements (deadline before today, action not taken) and the others', async () => {
    expect(await numbers('overdue=true')).toEqual([1]);
    expect(await numbers('overdue=false')).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const { items } = await collect(`/v1/statements?q=${tag}&sort=createdAt`);
    expect(items.map((item) => item.overdue)).toEqual([true, false, false, false, false, false, false, false]);
  });

  it('drops a statement from the overdue list once the action is recorded as taken', async () => {
    const own = `OWN${randomBytes(3).toString('hex')}`;
    const late = await createStatement(server, { title: own, purpose: 'action', deadline: daysFromToday(-3) });
    const before = await server.http.get(`/v1/statements?q=${own}&overdue=true`);
    expect(before.body.items.map((i: StatementRecord) => i.id)).toEqual([late.id]);
    await server.http.patch(`/v1/statements/${late.id}`).send({ actionTaken: { taken: true, on: daysFromToday(0) } });
    const after = await server.http.get(`/v1/statements?q=${own}&overdue=true`);
    expect(after.body.items).toEqual([]);
    const notOverdue = await server.http.get(`/v1/statements?q=${own}&overdue=false`);
    expect(notOverdue.body.items.map((i: StatementRecord) => i.id)).toEqual([late.id]);
  });

  it('filters by related liaison and by the statement answered', async () => {
    expect(await numbers(`liaisonId=${liaison}`)).toEqual([5, 6]);
    expect(await numbers(`inReplyToId=${s[1]!.id}`)).toEqual([6]);
  });

  it('matches q against reference, title and summary, case-insensitively and literally', async () => {
    const byReference = await server.http.get(`/v1/statements?q=${tag.toLowerCase()}-3`);
    expect(byReference.body.items.map((i: StatementRecord) => i.id)).toEqual([s[3]!.id]);
    const byTitle = await server.http.get(`/v1/statements?q=${encodeURIComponent(`${tag} STATEMENT 7`)}`);
    expect(byTitle.body.items.map((i: StatementRecord) => i.id)).toEqual([s[7]!.id]);
    const bySummary = await server.http.get('/v1/statements?q=QUANTUM-safe');
    expect(bySummary.body.items.map((i: StatementRecord) => i.id)).toEqual([s[1]!.id]);
    const literal = await server.http.get(`/v1/statements?q=${encodeURIComponent('%_%')}`);
    expect(literal.status).toBe(200);
    expect(literal.body.items).toEqual([]);
  });

  it('returns each item with all its lists, loaded for the whole page', async () => {
    const { items } = await collect(`/v1/statements?q=${tag}&sort=createdAt&limit=3`);
    const first = items[0]!;
    expect(first).toEqual({ ...s[1]!, replyIds: [s[6]!.id] });
    expect(first.from).toEqual({ id: A.id, designation: A.designation, name: A.name });
    expect(first.ccBodyIds).toEqual([C.id]);
    expect(first.contactIds).toEqual([contact]);
    expect(first.attachments).toEqual([{ title: 'Annex', url: 'https://example.org/annex' }]);
    expect(items[3]!.ccBodyIds).toEqual([B.id]);
    expect(items[4]!.liaisonIds).toEqual([liaison]);
    expect(items[5]!.inReplyToId).toBe(s[1]!.id);
    for (const [i, item] of items.entries()) {
      expect(item).toEqual({ ...s[i + 1]!, replyIds: i === 0 ? [s[6]!.id] : [] });
    }
  });
});

describe('GET /v1/statements sorting and pagination', () => {
  it('sorts newest first by default', async () => {
    const { items } = await collect(`/v1/statements?q=${tag}`);
    expect(items.map((i) => i.id)).toEqual([8, 7, 6, 5, 4, 3, 2, 1].map((n) => s[n]!.id));
  });

  it('walks every page by creation time with the Link header, keeping the filters', async () => {
    const first = await server.http.get(`/v1/statements?q=${tag}&sort=createdAt&limit=3`);
    expect(first.headers.link).toContain(`q=${tag}`);
    expect(first.headers.link).toContain('sort=createdAt');
    expect(first.headers.link).toContain('limit=3');
    const { items, pages } = await collect(`/v1/statements?q=${tag}&sort=createdAt&limit=3`);
    expect(pages).toBe(3);
    expect(items.map((i) => i.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => s[n]!.id));
  });

  it('sorts by deadline, listing only statements that have one, ties broken by id', async () => {
    const { items, pages } = await collect(`/v1/statements?q=${tag}&sort=deadline&limit=2`);
    expect(pages).toBe(3);
    expect(items.map((i) => s.findIndex((x) => x?.id === i.id))).toEqual([1, 2, 4, ...idOrder(5, 8), 7]);
    const desc = await collect(`/v1/statements?q=${tag}&sort=-deadline&limit=2`);
    expect(desc.items.map((i) => s.findIndex((x) => x?.id === i.id))).toEqual([7, ...idOrder(5, 8).reverse(), 4, 2, 1]);
  });

  it('sorts by sending date, listing only statements that were sent', async () => {
    const { items } = await collect(`/v1/statements?q=${tag}&sort=sentOn&limit=2`);
    expect(items.map((i) => i.sentOn)).toEqual(['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04', '2025-01-05']);
    expect(items.map((i) => s.findIndex((x) => x?.id === i.id))).toEqual([5, 6, 2, 4, 1]);
    const desc = await collect(`/v1/statements?q=${tag}&sort=-sentOn&limit=4`);
    expect(desc.items.map((i) => s.findIndex((x) => x?.id === i.id))).toEqual([1, 4, 2, 6, 5]);
  });

  it('combines a deadline sort with the overdue and range filters', async () => {
    expect(
      (
        await collect(`/v1/statements?q=${tag}&sort=deadline&overdue=false&deadlineBefore=${daysFromToday(10)}`)
      ).items.map((i) => s.findIndex((x) => x?.id === i.id)),
    ).toEqual([2, 4, ...idOrder(5, 8)]);
  });

  it('refuses a cursor reused with other filters or another sort', async () => {
    const first = await server.http.get(`/v1/statements?q=${tag}&sort=deadline&limit=2`);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expectProblem(
      await server.http.get(
        `/v1/statements?q=${tag}&sort=deadline&limit=2&overdue=true&cursor=${first.body.nextCursor}`,
      ),
      400,
      'invalid-cursor',
    );
    expectProblem(
      await server.http.get(`/v1/statements?q=${tag}&sort=-deadline&limit=2&cursor=${first.body.nextCursor}`),
      400,
      'invalid-cursor',
    );
    expectProblem(await server.http.get('/v1/statements?cursor=not-a-cursor!'), 400, 'invalid-cursor');
  });
});

describe('GET /v1/statements invalid parameters (400)', () => {
  it.each([
    ['deadlineAfter=2025-06-02&deadlineBefore=2025-06-01', 'deadlineAfter'],
    ['overdue=yes', 'overdue'],
    ['deadlineBefore=2025-13-01', 'deadlineBefore'],
    ['deadlineAfter=tomorrow', 'deadlineAfter'],
    ['sort=title', 'sort'],
    ['purpose=gossip', 'purpose'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['toBodyId=sg17', 'toBodyId'],
    ['bodyId=x', 'bodyId'],
    ['liaisonId=1', 'liaisonId'],
    ['fromBodyId=x&fromBodyId=y', 'fromBodyId'],
    ['colour=red', 'colour'],
  ])('refuses %s', async (query, field) => {
    const response = await server.http.get(`/v1/statements?${query}`);
    expectProblem(response, 400, 'validation-error');
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
