/**
 * Contacts' e-mail addresses are personal data: no anonymous response anywhere carries one. The
 * suite walks every GET operation of the committed OpenAPI document against the seed registry,
 * with every id the database holds for its path parameters and every page of every list.
 */
import { createApiKey } from '../support/auth.js';
import { committedDocument, fillPath, operationsOf, type Operation } from '../support/openapi.js';
import { startServer, type HttpAgent, type TestServer } from '../support/server.js';
import { waitFor } from '../support/webhook-receiver.js';

let server: TestServer;
let contactEmails: string[];
/** Group mailing lists are published addresses of bodies, not personal data. */
let mailingLists: string[];

const EMAIL = /[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** Every id the database holds for the resource a path names, keyed by parameter. */
async function parameterSets(path: string): Promise<Record<string, string>[]> {
  const resource = path.split('/')[2];
  const tables: Record<string, string> = {
    bodies: 'bodies',
    liaisons: 'liaisons',
    'work-items': 'work_items',
    contacts: 'contacts',
    statements: 'statements',
    'api-keys': 'api_keys',
    webhooks: 'webhook_subscriptions',
  };
  if (!path.includes('{')) return [{}];
  if (path.includes('{deliveryId}')) {
    const rows = await server.db.query<{ id: string; deliveryId: string }>(
      'SELECT subscription_id AS id, id AS "deliveryId" FROM webhook_deliveries ORDER BY id',
    );
    return rows.rows;
  }
  if (path.includes('{membershipId}')) {
    const rows = await server.db.query<{ id: string; membershipId: string }>(
      'SELECT body_id AS id, id AS "membershipId" FROM memberships ORDER BY id',
    );
    return rows.rows;
  }
  const table = resource ? tables[resource] : undefined;
  if (!table) throw new Error(`no ids known for ${path}: teach parameterSets about it`);
  const rows = await server.db.query<{ id: string }>(`SELECT id FROM ${table} ORDER BY id`);
  return rows.rows.map((row) => ({ id: row.id }));
}

/** Query strings to try: search needs words, among them names and pieces of addresses. */
function queriesFor(operation: Operation): string[] {
  const names = new Set(operation.parameters.filter((p) => p.in === 'query').map((p) => p.name));
  const base = names.has('limit') ? ['limit=200'] : [''];
  if (!operation.parameters.some((p) => p.in === 'query' && p.name === 'q' && p.required)) {
    return names.has('q') ? [...base, ...['dryden', 'iso.org', 'etsi'].map((q) => `${base[0]}&q=${q}`)] : base;
  }
  return ['dryden', 'iso', 'etsi', 'trust', 'makedonski', 'gmail', 'ansi', 'Technical Programme Manager', '@'].map(
    (q) => `${base[0]}&q=${encodeURIComponent(q)}`,
  );
}

/** Every response body the walk gets, as text, following `Link` to the last page. */
async function walk(agent: HttpAgent): Promise<{ texts: string[]; requests: number }> {
  const texts: string[] = [];
  let requests = 0;
  for (const operation of operationsOf(committedDocument()).filter((o) => o.method === 'get')) {
    for (const params of await parameterSets(operation.path)) {
      for (const query of queriesFor(operation)) {
        let next: string | null = `${fillPath(operation.path, params)}${query ? `?${query.replace(/^&/, '')}` : ''}`;
        while (next !== null) {
          const response = await agent.get(next);
          requests += 1;
          expect([next, response.status]).toEqual([next, expect.any(Number)]);
          expect(response.status).toBeLessThan(500);
          texts.push(response.text);
          const link = /^<([^>]+)>; rel="next"$/.exec((response.headers.link as string | undefined) ?? '');
          next = link ? link[1]! : null;
        }
      }
    }
  }
  return { texts, requests };
}

/** The seed emits no change events: contact and membership events come from writes like these. */
const WRITTEN_EMAIL = 'privacy.walk@example.net';

async function writeContactEvents(): Promise<void> {
  const contact = await server.http.post('/v1/contacts').send({ name: 'Privacy Walk', email: WRITTEN_EMAIL });
  expect(contact.status).toBe(201);
  const contactId = (contact.body as { id: string }).id;
  expect((await server.http.patch(`/v1/contacts/${contactId}`).send({ affiliation: 'Walkers' })).status).toBe(200);
  const [body] = (await server.db.query<{ id: string }>("SELECT id FROM bodies WHERE designation = 'ETSI TC MTS'"))
    .rows;
  const membership = await server.http.post(`/v1/bodies/${body!.id}/roster`).send({ contactId, role: 'delegate' });
  expect(membership.status).toBe(201);
  const membershipId = (membership.body as { id: string }).id;
  expect((await server.http.patch(`/v1/bodies/${body!.id}/roster/${membershipId}`).send({ note: 'n' })).status).toBe(
    200,
  );
  // Feed publication waits for every open transaction of the cluster: poll until the five events are out.
  await waitFor(
    'the contact and membership events to be published',
    async () => {
      const feed = await server.http.get('/v1/changes?limit=200');
      return (feed.body as { items: unknown[] }).items.length >= 4 && feed.text.includes(WRITTEN_EMAIL);
    },
    30_000,
  );
}

beforeAll(async () => {
  server = await startServer({ seed: true });
  await writeContactEvents();
  contactEmails = (await server.db.query<{ email: string }>('SELECT email FROM contacts')).rows.map((r) =>
    r.email.toLowerCase(),
  );
  const lists = await server.db.query<{ mailing_list: string }>(
    'SELECT mailing_list FROM bodies WHERE mailing_list IS NOT NULL',
  );
  mailingLists = lists.rows.flatMap((r) => r.mailing_list.match(EMAIL) ?? []).map((e) => e.toLowerCase());
});

afterAll(async () => {
  await server?.dispose();
});

describe('anonymous responses', () => {
  it('contain no e-mail address anywhere (bodies\u2019 public mailing lists aside)', async () => {
    expect(contactEmails.length).toBeGreaterThanOrEqual(9);
    const { texts, requests } = await walk(server.anon);
    expect(requests).toBeGreaterThan(50);
    const found = new Set(texts.flatMap((text) => text.match(EMAIL) ?? []).map((e) => e.toLowerCase()));
    const unexpected = [...found].filter((email) => !mailingLists.includes(email.replace('%40', '@')));
    expect(unexpected).toEqual([]);
    const all = texts.join('\n').toLowerCase();
    for (const email of contactEmails) expect(all).not.toContain(email);
  });

  it('are what a key holder sees, with e-mail addresses as null', async () => {
    const reader = await createApiKey(server, { role: 'reader' });
    const anonymous = await server.anon.get('/v1/contacts?limit=200');
    const withKey = await reader.http.get('/v1/contacts?limit=200');
    expect(anonymous.status).toBe(200);
    expect(withKey.body.items.map((c: { email: string }) => c.email.toLowerCase()).sort()).toEqual(
      [...contactEmails].sort(),
    );
    expect(anonymous.body.items).toEqual(
      withKey.body.items.map((c: Record<string, unknown>) => ({ ...c, email: null })),
    );
  });
});

describe('the change feed', () => {
  it('carries contact and membership events with addresses for key holders, without them for anonymous callers', async () => {
    const withKey = await server.http.get('/v1/changes?limit=200');
    const anonymous = await server.anon.get('/v1/changes?limit=200');
    const types = (withKey.body as { items: { type: string }[] }).items.map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining(['contact.created', 'contact.updated', 'membership.created', 'membership.updated']),
    );
    expect(withKey.text).toContain(WRITTEN_EMAIL);
    expect(anonymous.status).toBe(200);
    expect(anonymous.text).not.toContain(WRITTEN_EMAIL);
    expect(anonymous.text.match(EMAIL) ?? []).toEqual([]);
    // The same events, addresses aside.
    expect((anonymous.body as { items: { id: string }[] }).items.map((event) => event.id)).toEqual(
      (withKey.body as { items: { id: string }[] }).items.map((event) => event.id),
    );
  });
});

describe('key holders', () => {
  it('read every contact address the walk can reach (so the walk above covers them)', async () => {
    const reader = await createApiKey(server, { role: 'reader' });
    const { texts } = await walk(reader.http);
    const all = texts.join('\n').toLowerCase();
    for (const email of contactEmails) expect(all).toContain(email);
  });
});

describe('searching contacts by address', () => {
  it('is for key holders only: anonymous text search matches names, not addresses', async () => {
    const reader = await createApiKey(server, { role: 'reader' });
    const byAddress = (agent: HttpAgent) => agent.get('/v1/contacts?q=dryden%40iso.org');
    expect((await byAddress(server.anon)).body.items).toEqual([]);
    expect((await byAddress(reader.http)).body.items.map((c: { name: string }) => c.name)).toEqual(['Andrew Dryden']);
    expect((await server.anon.get('/v1/contacts?q=gmail')).body.items).toEqual([]);
    const byName = await server.anon.get('/v1/contacts?q=dryden');
    expect(byName.body.items).toEqual([expect.objectContaining({ name: 'Andrew Dryden', email: null })]);
  });
});
