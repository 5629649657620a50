/**
 * An integration (a dashboard, a national mirror committee) reads the registry through the generated SDK only:
 * it pages through the liaisons of a body, revalidates a liaison with its ETag, and follows the change feed.
 */
import {
  createBody,
  createLiaison,
  getLiaison,
  listBodyLiaisons,
  listChanges,
  updateLiaison,
  type BodyDto,
  type ChangeEventDto,
  type LiaisonDto,
} from '../../openapi/sdk/typescript/src/index.js';
import type { Client } from '../../openapi/sdk/typescript/src/client/index.js';
import { ifMatch, sdkClient } from '../support/sdk.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;
/** The secretariat that keeps the registry (writes). */
let secretariat: Client;
/** The integration (reads only). */
let integration: Client;

beforeAll(async () => {
  server = await startServer();
  secretariat = sdkClient(server.baseUrl, { apiKey: server.adminKey });
  integration = sdkClient(server.baseUrl);
});

afterAll(async () => {
  await server?.dispose();
});

let bodyCount = 0;

async function body(kind: BodyDto['kind']): Promise<BodyDto> {
  bodyCount += 1;
  const { data } = await createBody({
    client: secretariat,
    body: { designation: `TEST ${kind} ${bodyCount}`, name: `Test body ${bodyCount}`, kind },
    throwOnError: true,
  });
  return data;
}

async function liaison(committee: BodyDto, partner: BodyDto): Promise<LiaisonDto> {
  const { data } = await createLiaison({
    client: secretariat,
    body: { committeeId: committee.id, partnerId: partner.id, category: 'category_b' },
    throwOnError: true,
  });
  return data;
}

/** Polls the feed from `after` until it stops moving; returns the events and the cursor to poll next. */
async function drainFeed(after: string): Promise<{ events: ChangeEventDto[]; cursor: string; etag: string }> {
  const events: ChangeEventDto[] = [];
  let cursor = after;
  for (let polls = 0; polls < 100; polls += 1) {
    const page = await listChanges({ client: integration, query: { after: cursor, limit: 50 }, throwOnError: true });
    events.push(...page.data.items);
    if (page.data.nextCursor === cursor) return { events, cursor, etag: page.response.headers.get('etag') ?? '' };
    cursor = page.data.nextCursor;
  }
  throw new Error('the change feed did not stop moving');
}

/**
 * Drains the feed from `after` until `complete` holds for what was read. An event is published once every
 * transaction older than it has ended, in the whole PostgreSQL cluster (other suites' included): a poll right
 * after a write may not show it yet, and a later one will.
 */
async function drainUntil(
  after: string,
  complete: (events: ChangeEventDto[]) => boolean,
  timeoutMs = 10_000,
): Promise<{ events: ChangeEventDto[]; cursor: string; etag: string }> {
  const events: ChangeEventDto[] = [];
  let cursor = after;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const drained = await drainFeed(cursor);
    events.push(...drained.events);
    cursor = drained.cursor;
    if (complete(events)) return { events, cursor, etag: drained.etag };
    if (Date.now() > deadline) return { events, cursor, etag: drained.etag };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('an integration reads the registry through the SDK', () => {
  it('lists the liaisons of a body page by page, following nextCursor', async () => {
    const committee = await body('subcommittee');
    const created: LiaisonDto[] = [];
    for (let i = 0; i < 5; i += 1) created.push(await liaison(committee, await body('technical_committee')));
    // A liaison between other bodies must not show up.
    const other = await liaison(await body('subcommittee'), await body('technical_committee'));

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listBodyLiaisons({
        client: integration,
        path: { id: committee.id },
        query: { limit: 2, sort: 'createdAt', ...(cursor === undefined ? {} : { cursor }) },
        throwOnError: true,
      });
      pages += 1;
      expect(page.data.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.items.map((item) => item.id));
      expect(page.data.items.every((item) => item.committeeId === committee.id)).toBe(true);
      const link = page.response.headers.get('link');
      if (page.data.nextCursor === null) expect(link).toBeNull();
      else expect(link).toContain('rel="next"');
      cursor = page.data.nextCursor ?? undefined;
    } while (cursor !== undefined);

    expect(pages).toBe(3);
    expect(seen).toEqual(created.map((item) => item.id));
    expect(seen).not.toContain(other.id);
  });

  it('revalidates a liaison with its ETag: 304 while unchanged, the new representation after a change', async () => {
    const read = await liaison(await body('subcommittee'), await body('technical_committee'));
    const first = await getLiaison({ client: integration, path: { id: read.id }, throwOnError: true });
    const etag = first.response.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.data).toEqual(read);

    const unchanged = await getLiaison({
      client: integration,
      path: { id: read.id },
      headers: { 'If-None-Match': etag ?? '' },
    });
    expect(unchanged.response?.status).toBe(304);
    expect(unchanged.data).toBeUndefined();
    expect(unchanged.response?.headers.get('etag')).toBe(etag);

    const { data: updated } = await updateLiaison({
      client: secretariat,
      path: { id: read.id },
      headers: { 'If-Match': ifMatch(read) },
      body: { rationale: 'Shared work on test methods.' },
      throwOnError: true,
    });
    expect(updated.version).toBe(read.version + 1);

    const changed = await getLiaison({
      client: integration,
      path: { id: read.id },
      headers: { 'If-None-Match': etag ?? '' },
      throwOnError: true,
    });
    expect(changed.response.status).toBe(200);
    expect(changed.response.headers.get('etag')).not.toBe(etag);
    expect(changed.data).toMatchObject({ rationale: 'Shared work on test methods.', version: updated.version });
  });

  it('follows the change feed: each change once, in order, and 304 while nothing is new', async () => {
    const head = await drainFeed('0');
    const quiet = await listChanges({
      client: integration,
      query: { after: head.cursor, limit: 50 },
      headers: { 'If-None-Match': head.etag },
    });
    expect(quiet.response?.status).toBe(304);

    const committee = await body('subcommittee');
    const followed = await liaison(committee, await body('technical_committee'));
    await updateLiaison({
      client: secretariat,
      path: { id: followed.id },
      headers: { 'If-Match': ifMatch(followed) },
      body: { objectives: ['Align test methods'] },
      throwOnError: true,
    });

    const next = await drainUntil(
      head.cursor,
      (events) => events.filter((event) => event.resourceId === followed.id).length >= 2,
    );
    expect(Number(next.cursor)).toBeGreaterThan(Number(head.cursor));
    const sequences = next.events.map((event) => event.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
    const aboutLiaison = next.events.filter((event) => event.resourceId === followed.id);
    expect(aboutLiaison.map((event) => event.type)).toEqual(['liaison.created', 'liaison.updated']);
    expect(aboutLiaison[1]).toMatchObject({
      resourceType: 'liaison',
      actor: expect.stringMatching(/^key:ADMIN_API_KEY /),
      data: { id: followed.id, objectives: ['Align test methods'], version: 2 },
    });
    expect(next.events.map((event) => event.resourceId)).toContain(committee.id);

    const onlyLiaisons = await listChanges({
      client: integration,
      query: { after: head.cursor, resourceType: 'liaison' },
      throwOnError: true,
    });
    expect(onlyLiaisons.data.items.every((event) => event.resourceType === 'liaison')).toBe(true);
    expect(onlyLiaisons.data.items.map((event) => event.resourceId)).toEqual([followed.id, followed.id]);

    const { data: stored } = await getLiaison({ client: integration, path: { id: followed.id }, throwOnError: true });
    expect(stored).toMatchObject({ objectives: ['Align test methods'], version: 2 });
  });
});
