import { expectProblem } from '../support/factories.js';
import { startServer, type TestServer } from '../support/server.js';
import { startReceiver, type CreatedWebhook, type Receiver } from '../support/webhook-receiver.js';

/** The subscription API. Deliveries are in webhooks-delivery.e2e-spec.ts and webhooks-cluster.e2e-spec.ts. */

let server: TestServer;
/** The default policy: only public targets (and no worker: nothing is sent from here). */
let strict: TestServer;
let receiver: Receiver;

beforeAll(async () => {
  [server, strict, receiver] = await Promise.all([
    startServer({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOKS_ENABLED: 'false' } }),
    startServer({ env: { WEBHOOKS_ENABLED: 'false' } }),
    startReceiver(),
  ]);
});

afterAll(async () => {
  await Promise.all([server?.dispose(), strict?.dispose(), receiver?.close()]);
});

/** A public address that is never contacted (the strict server runs no worker). */
const PUBLIC_TARGET = 'https://93.184.216.34/hooks/registry';

async function createWebhook(on: TestServer, input: Record<string, unknown> = {}): Promise<CreatedWebhook> {
  const response = await on.http
    .post('/v1/webhooks')
    .send({ url: on === strict ? PUBLIC_TARGET : receiver.url, ...input });
  if (response.status !== 201) throw new Error(`createWebhook answered ${response.status}: ${response.text}`);
  return response.body as CreatedWebhook;
}

describe('POST /v1/webhooks', () => {
  it('creates a subscription, shows its Standard Webhooks secret once and stores it', async () => {
    const response = await server.http
      .post('/v1/webhooks')
      .set('x-actor', 'secretariat.sc42')
      .send({
        url: receiver.url,
        eventTypes: ['liaison.created', 'statement.*'],
        description: '  SC 42 portal ',
      });
    expect(response.status).toBe(201);
    const created = response.body as CreatedWebhook;
    expect(response.headers.location).toBe(`/v1/webhooks/${created.id}`);
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      url: receiver.url,
      eventTypes: ['liaison.created', 'statement.*'],
      active: true,
      description: 'SC 42 portal',
      owner: expect.stringMatching(/^key:ADMIN_API_KEY /),
      bodyIds: null,
      disabledReason: null,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    const stored = await server.db.query(
      'SELECT url, event_types, active, secret, description, owner, body_ids, version FROM webhook_subscriptions WHERE id = $1',
      [created.id],
    );
    expect(stored.rows).toEqual([
      {
        url: receiver.url,
        event_types: ['liaison.created', 'statement.*'],
        active: true,
        secret: created.secret,
        description: 'SC 42 portal',
        owner: expect.stringMatching(/^key:ADMIN_API_KEY /),
        body_ids: null,
        version: 1,
      },
    ]);
  });

  it('never shows the secret again: not by GET, not in lists, not after an update', async () => {
    const created = await createWebhook(server);
    const read = await server.http.get(`/v1/webhooks/${created.id}`);
    expect(read.status).toBe(200);
    const { secret, ...rest } = created;
    expect(read.body).toEqual(rest);
    expect(read.text).not.toContain(secret);
    const list = await server.http.get('/v1/webhooks?limit=200');
    expect(list.status).toBe(200);
    expect(list.text).not.toContain('whsec_');
    expect(list.body.items.every((item: Record<string, unknown>) => !('secret' in item))).toBe(true);
    const updated = await server.http.patch(`/v1/webhooks/${created.id}`).send({ description: 'renamed' });
    expect(updated.status).toBe(200);
    expect(updated.text).not.toContain('whsec_');
  });

  it('defaults to all event types, active, no description; an explicitly inactive one is stored inactive', async () => {
    const all = await createWebhook(server);
    expect(all).toMatchObject({ eventTypes: [], active: true, description: null });
    const inactive = await createWebhook(server, { active: false });
    expect(inactive.active).toBe(false);
  });

  it.each([
    ['no url', { url: undefined }, 'url'],
    ['an ftp url', { url: 'ftp://example.org/hook' }, 'url'],
    ['text that is no url', { url: 'not a url' }, 'url'],
    ['a url with a fragment', { url: 'https://example.org/hook#part' }, 'url'],
    ['a url over 2048 characters', { url: `https://example.org/${'a'.repeat(2050)}` }, 'url'],
    ['a number as url', { url: 42 }, 'url'],
    ['an event type without action', { eventTypes: ['liaison'] }, 'eventTypes'],
    ['a repeated event type', { eventTypes: ['liaison.created', 'liaison.created'] }, 'eventTypes'],
    [
      '51 event types',
      {
        eventTypes: Array.from(
          { length: 51 },
          (_, i) => `body.${String.fromCharCode(97 + Math.floor(i / 26), 97 + (i % 26))}`,
        ),
      },
      'eventTypes',
    ],
    ['event types as a string', { eventTypes: 'liaison.created' }, 'eventTypes'],
    ['a non-boolean active', { active: 'yes' }, 'active'],
    ['a description with a line break', { description: 'two\nlines' }, 'description'],
    ['an empty description', { description: '' }, 'description'],
    ['a secret chosen by the client', { secret: 'whsec_mine' }, 'secret'],
  ])('refuses %s with 400 naming the field', async (_label, input, field) => {
    const before = await server.db.query('SELECT count(*)::int AS n FROM webhook_subscriptions');
    const response = await server.http.post('/v1/webhooks').send({ url: receiver.url, ...input });
    expectProblem(response, 400, 'validation-error');
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    const after = await server.db.query('SELECT count(*)::int AS n FROM webhook_subscriptions');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});

describe('target address rules (checked after DNS resolution)', () => {
  it.each([
    ['http://10.0.0.1/hook', 'private'],
    ['http://172.16.5.4/hook', 'private'],
    ['http://192.168.1.10:8080/hook', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'link-local'],
    ['http://127.0.0.1:9/hook', 'loopback'],
    ['http://[::1]:8080/hook', 'loopback'],
    ['http://[::ffff:10.0.0.1]/hook', 'private'],
    ['http://[fd00::1]/hook', 'unique-local'],
    ['http://[fe80::1]/hook', 'link-local'],
    ['http://100.64.0.1/hook', 'shared (CGNAT)'],
    ['http://0.0.0.0/hook', 'unspecified'],
    ['http://224.0.0.1/hook', 'multicast'],
    ['http://localhost:3000/hook', 'loopback'],
  ])('refuses %s (%s) with 422 and stores nothing', async (url, kind) => {
    const response = await strict.http.post('/v1/webhooks').send({ url });
    expectProblem(response, 422, 'rule-violation');
    expect(response.body.detail).toContain(kind);
    expect(response.body.errors).toEqual([{ field: 'url', message: response.body.detail }]);
    const stored = await strict.db.query('SELECT count(*)::int AS n FROM webhook_subscriptions WHERE url LIKE $1', [
      `${new URL(url).origin}%`,
    ]);
    expect(stored.rows[0].n).toBe(0);
  });

  it('names the resolved address when a host name resolves to a refused one', async () => {
    const response = await strict.http.post('/v1/webhooks').send({ url: 'http://localhost:3000/hook' });
    expectProblem(response, 422, 'rule-violation');
    expect(response.body.detail).toMatch(/localhost resolves to (127\.0\.0\.1|::1)/);
  });

  it('refuses a user name or password in the URL with 422', async () => {
    const response = await strict.http.post('/v1/webhooks').send({ url: 'https://user:secret@93.184.216.34/hook' });
    expectProblem(response, 422, 'rule-violation');
    expect(response.body.detail).toMatch(/user name or password/);
  });

  it('accepts a public address, and loopback where the deployment allows private targets', async () => {
    const publicOne = await strict.http.post('/v1/webhooks').send({ url: PUBLIC_TARGET });
    expect(publicOne.status).toBe(201);
    const loopback = await server.http.post('/v1/webhooks').send({ url: 'http://127.0.0.1:9/hook' });
    expect(loopback.status).toBe(201);
  });

  it('checks a changed URL too: 422 and nothing changes', async () => {
    const created = await createWebhook(strict);
    const response = await strict.http.patch(`/v1/webhooks/${created.id}`).send({ url: 'http://169.254.169.254/' });
    expectProblem(response, 422, 'rule-violation');
    const stored = await strict.db.query('SELECT url, version FROM webhook_subscriptions WHERE id = $1', [created.id]);
    expect(stored.rows).toEqual([{ url: PUBLIC_TARGET, version: 1 }]);
  });
});

describe('GET /v1/webhooks', () => {
  it('filters on active and event type, sorts, and paginates with a cursor and a Link header', async () => {
    const tag = `list-${Date.now()}`;
    const path = `${receiver.url}/${tag}`;
    const a = await createWebhook(server, { url: `${path}/a`, eventTypes: ['liaison.created'] });
    const b = await createWebhook(server, { url: `${path}/b`, eventTypes: ['liaison.*'], active: false });
    const c = await createWebhook(server, { url: `${path}/c`, eventTypes: ['body.created'] });
    const d = await createWebhook(server, { url: `${path}/d` });
    const ours = new Set([a.id, b.id, c.id, d.id]);
    const pick = (items: { id: string }[]) => items.filter((i) => ours.has(i.id)).map((i) => i.id);

    const liaisonCreated = await server.http.get('/v1/webhooks?eventType=liaison.created&limit=200');
    expect(liaisonCreated.status).toBe(200);
    expect(pick(liaisonCreated.body.items)).toEqual([a.id, b.id, d.id]);
    const activeOnly = await server.http.get('/v1/webhooks?eventType=liaison.created&active=true&limit=200');
    expect(pick(activeOnly.body.items)).toEqual([a.id, d.id]);
    const inactive = await server.http.get('/v1/webhooks?active=false&limit=200');
    expect(pick(inactive.body.items)).toEqual([b.id]);
    const byUrlDesc = await server.http.get('/v1/webhooks?sort=-url&limit=200');
    expect(pick(byUrlDesc.body.items)).toEqual([d.id, c.id, b.id, a.id]);

    const seen: string[] = [];
    let next = '/v1/webhooks?sort=-createdAt&limit=2';
    for (let page = 0; page < 50 && next; page++) {
      const response = await server.http.get(next);
      expect(response.status).toBe(200);
      seen.push(...response.body.items.map((i: { id: string }) => i.id));
      if (response.body.nextCursor === null) {
        expect(response.headers.link).toBeUndefined();
        break;
      }
      expect(response.headers.link).toMatch(/^<\/v1\/webhooks\?sort=-createdAt&limit=2&cursor=[^>]+>; rel="next"$/);
      next = `/v1/webhooks?sort=-createdAt&limit=2&cursor=${response.body.nextCursor}`;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => ours.has(id))).toEqual([d.id, c.id, b.id, a.id]);
  });

  it.each([['limit=0'], ['limit=201'], ['active=maybe'], ['eventType=nope'], ['sort=secret'], ['cursor=%%%']])(
    'refuses %s with 400',
    async (query) => {
      const response = await server.http.get(`/v1/webhooks?${query}`);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    },
  );
});

describe('PATCH /v1/webhooks/{id}', () => {
  it('changes the fields sent, bumps the version and keeps the others', async () => {
    const created = await createWebhook(server, { eventTypes: ['body.created'], description: 'first' });
    const response = await server.raw
      .patch(`/v1/webhooks/${created.id}`)
      .set('if-match', '"1"')
      .send({ eventTypes: ['liaison.*', 'body.deleted'], description: null });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: created.id,
      url: created.url,
      eventTypes: ['liaison.*', 'body.deleted'],
      description: null,
      active: true,
      version: 2,
    });
    expect(response.body.updatedAt >= created.updatedAt).toBe(true);
    const stored = await server.db.query(
      'SELECT event_types, description, version FROM webhook_subscriptions WHERE id = $1',
      [created.id],
    );
    expect(stored.rows).toEqual([{ event_types: ['liaison.*', 'body.deleted'], description: null, version: 2 }]);
  });

  it('deactivates with a reason and reactivates clearing it', async () => {
    const created = await createWebhook(server);
    const off = await server.http
      .patch(`/v1/webhooks/${created.id}`)
      .set('x-actor', 'admin.one')
      .send({ active: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({
      active: false,
      disabledReason: expect.stringMatching(/^Deactivated by key:ADMIN_API_KEY /),
      version: 2,
    });
    const on = await server.http.patch(`/v1/webhooks/${created.id}`).send({ active: true });
    expect(on.body).toMatchObject({ active: true, disabledReason: null, version: 3 });
  });

  it('abandons queued deliveries when deactivated', async () => {
    const created = await createWebhook(server);
    const queued = await server.db.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_type, payload, next_attempt_at)
       VALUES ($1, 'body.created', '{}', now() + interval '1 hour') RETURNING id`,
      [created.id],
    );
    const response = await server.http.patch(`/v1/webhooks/${created.id}`).send({ active: false });
    expect(response.status).toBe(200);
    const stored = await server.db.query(
      'SELECT status, next_attempt_at, completed_at IS NOT NULL AS completed, last_error FROM webhook_deliveries WHERE id = $1',
      [queued.rows[0].id],
    );
    expect(stored.rows).toEqual([
      { status: 'abandoned', next_attempt_at: null, completed: true, last_error: 'The subscription was deactivated.' },
    ]);
  });

  it('requires If-Match (428) and refuses a stale version (412) without changing anything', async () => {
    const created = await createWebhook(server);
    const missing = await server.raw.patch(`/v1/webhooks/${created.id}`).send({ active: false });
    expectProblem(missing, 428, 'precondition-required');
    const stale = await server.raw.patch(`/v1/webhooks/${created.id}`).set('if-match', '"7"').send({ active: false });
    expectProblem(stale, 412, 'precondition-failed');
    expect(stale.body.currentVersion).toBe(1);
    const stored = await server.db.query('SELECT active, version FROM webhook_subscriptions WHERE id = $1', [
      created.id,
    ]);
    expect(stored.rows).toEqual([{ active: true, version: 1 }]);
  });

  it.each([[{ url: null }], [{ active: null }], [{ eventTypes: null }], [{ secret: 'x' }], [{ eventTypes: ['*'] }]])(
    'refuses %j with 400',
    async (input) => {
      const created = await createWebhook(server);
      const response = await server.http.patch(`/v1/webhooks/${created.id}`).send(input);
      expectProblem(response, 400, 'validation-error');
    },
  );
});

describe('DELETE /v1/webhooks/{id}', () => {
  it('requires If-Match, deletes the subscription with its deliveries and attempts', async () => {
    const created = await createWebhook(server);
    const delivery = await server.db.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_type, payload, status, attempts, last_status_code, completed_at)
       VALUES ($1, 'body.created', '{}', 'succeeded', 1, 204, now()) RETURNING id`,
      [created.id],
    );
    await server.db.query(
      `INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, duration_ms, sent_by)
       VALUES ($1, 1, now(), 204, 3, 'test')`,
      [delivery.rows[0].id],
    );
    expectProblem(await server.raw.delete(`/v1/webhooks/${created.id}`), 428, 'precondition-required');
    expectProblem(await server.raw.delete(`/v1/webhooks/${created.id}`).set('if-match', '"2"'), 412);
    const response = await server.raw.delete(`/v1/webhooks/${created.id}`).set('if-match', '"1"');
    expect(response.status).toBe(204);
    expectProblem(await server.http.get(`/v1/webhooks/${created.id}`), 404, 'not-found');
    const left = await server.db.query(
      `SELECT (SELECT count(*)::int FROM webhook_deliveries WHERE subscription_id = $1) AS deliveries,
              (SELECT count(*)::int FROM webhook_attempts WHERE delivery_id = $2) AS attempts`,
      [created.id, delivery.rows[0].id],
    );
    expect(left.rows).toEqual([{ deliveries: 0, attempts: 0 }]);
  });
});

describe('unknown and malformed ids', () => {
  const unknown = '00000000-0000-4000-8000-000000000000';

  it.each([
    ['get', `/v1/webhooks/${unknown}`],
    ['patch', `/v1/webhooks/${unknown}`],
    ['delete', `/v1/webhooks/${unknown}`],
    ['get', `/v1/webhooks/${unknown}/deliveries`],
    ['get', `/v1/webhooks/${unknown}/deliveries/${unknown}`],
    ['post', `/v1/webhooks/${unknown}/test`],
  ] as const)('%s %s answers 404', async (method, path) => {
    const response = await server.http[method](path).send({});
    expectProblem(response, 404, 'not-found');
  });

  it('answers 404 for a delivery of another subscription', async () => {
    const one = await createWebhook(server);
    const other = await createWebhook(server);
    const ping = await server.http.post(`/v1/webhooks/${one.id}/test`);
    expect(ping.status).toBe(202);
    expectProblem(await server.http.get(`/v1/webhooks/${other.id}/deliveries/${ping.body.id}`), 404, 'not-found');
  });

  it.each([['/v1/webhooks/nope'], ['/v1/webhooks/nope/deliveries'], [`/v1/webhooks/${unknown}/deliveries/nope`]])(
    'GET %s answers 400',
    async (path) => {
      expectProblem(await server.http.get(path), 400, 'validation-error');
    },
  );
});

describe('GET /v1/webhooks/{id}/deliveries', () => {
  it('lists newest first with attempts embedded, filters on status and event type, and paginates', async () => {
    const created = await createWebhook(server);
    const ids: string[] = [];
    for (const [index, [status, type]] of (
      [
        ['succeeded', 'body.created'],
        ['failed', 'body.updated'],
        ['pending', 'body.created'],
      ] as const
    ).entries()) {
      // Creation times 10 ms apart: two inserts within one millisecond would tie (timestamptz(3)).
      const row = await server.db.query(
        `INSERT INTO webhook_deliveries (subscription_id, event_type, payload, status, attempts, next_attempt_at,
                                         completed_at, created_at)
         VALUES ($1, $2, '{"type": "x"}', $3, 1, CASE WHEN $3 = 'pending' THEN now() + interval '1 hour' END,
                 CASE WHEN $3 <> 'pending' THEN now() END, now() + $4::int * interval '10 ms') RETURNING id`,
        [created.id, type, status, index],
      );
      ids.push(row.rows[0].id);
      await server.db.query(
        `INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, duration_ms, error, sent_by)
         VALUES ($1, 1, now(), $2, 12, $3, 'test')`,
        [
          row.rows[0].id,
          status === 'succeeded' ? 204 : 500,
          status === 'succeeded' ? null : 'The target answered 500.',
        ],
      );
    }
    const all = await server.http.get(`/v1/webhooks/${created.id}/deliveries`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((d: { id: string }) => d.id)).toEqual([...ids].reverse());
    expect(all.body.items[2]).toMatchObject({
      id: ids[0],
      webhookId: created.id,
      messageId: `msg_${ids[0]!.replace(/-/g, '')}`,
      eventType: 'body.created',
      status: 'succeeded',
      attemptCount: 1,
      attempts: [{ attempt: 1, statusCode: 204, durationMs: 12, error: null, attemptedAt: expect.any(String) }],
    });
    const failed = await server.http.get(`/v1/webhooks/${created.id}/deliveries?status=failed`);
    expect(failed.body.items.map((d: { id: string }) => d.id)).toEqual([ids[1]]);
    const created2 = await server.http.get(
      `/v1/webhooks/${created.id}/deliveries?eventType=body.created&sort=createdAt`,
    );
    expect(created2.body.items.map((d: { id: string }) => d.id)).toEqual([ids[0], ids[2]]);
    const first = await server.http.get(`/v1/webhooks/${created.id}/deliveries?limit=2`);
    expect(first.body.items).toHaveLength(2);
    expect(first.headers.link).toContain('rel="next"');
    const second = await server.http.get(
      `/v1/webhooks/${created.id}/deliveries?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(second.body.items.map((d: { id: string }) => d.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
  });

  it.each([['status=lost'], ['eventType=body'], ['sort=status'], ['limit=500']])(
    'refuses %s with 400',
    async (query) => {
      const created = await createWebhook(server);
      expectProblem(await server.http.get(`/v1/webhooks/${created.id}/deliveries?${query}`), 400);
    },
  );
});

describe('POST /v1/webhooks/{id}/test', () => {
  it('queues a ping delivery and answers 202 with its Location', async () => {
    const created = await createWebhook(server, { active: false });
    const response = await server.http.post(`/v1/webhooks/${created.id}/test`).set('x-actor', 'admin.one');
    expect(response.status).toBe(202);
    expect(response.headers.location).toBe(`/v1/webhooks/${created.id}/deliveries/${response.body.id}`);
    expect(response.body).toMatchObject({
      webhookId: created.id,
      eventType: 'webhook.ping',
      status: 'pending',
      changeId: null,
      sequence: null,
      attemptCount: 0,
      attempts: [],
      payload: {
        type: 'webhook.ping',
        actor: expect.stringMatching(/^key:ADMIN_API_KEY /),
        data: { webhookId: created.id },
      },
    });
    const read = await server.http.get(response.headers.location!);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(response.body);
  });
});
