import pg from 'pg';
import { createBody, type BodyRecord } from '../support/factories.js';
import { createTestDatabase, dropTestDatabase, startServer, type TestServer } from '../support/server.js';
import {
  startReceiver,
  waitFor,
  type Answer,
  type CreatedWebhook,
  type Receiver,
} from '../support/webhook-receiver.js';

/**
 * Several API instances on one database: every event reaches every subscription once, whichever instance made the
 * change, dispatched it or sent it; claims survive a shutdown and deliveries survive a database outage.
 */

const env = {
  WEBHOOK_POLL_MS: '50',
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOK_RETRY_SCHEDULE: '200ms,200ms,200ms',
  WEBHOOK_TIMEOUT_MS: '10000',
  SHUTDOWN_GRACE_MS: '1000',
  LOG_LEVEL: 'info',
};

let databaseUrl: string;
let a: TestServer;
let b: TestServer;
const servers: TestServer[] = [];
const receivers: Receiver[] = [];

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  [a, b] = await Promise.all([startServer({ databaseUrl, env }), startServer({ databaseUrl, env })]);
  servers.push(a, b);
});

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  for (const server of servers) await server.dispose();
  if (databaseUrl) await dropTestDatabase(databaseUrl);
});

async function receiver(answer?: (n: number) => Answer): Promise<Receiver> {
  const started = await startReceiver(answer);
  receivers.push(started);
  return started;
}

async function subscribe(on: TestServer, url: string, input: Record<string, unknown> = {}): Promise<CreatedWebhook> {
  const response = await on.http.post('/v1/webhooks').send({ url, ...input });
  if (response.status !== 201) throw new Error(`createWebhook answered ${response.status}: ${response.text}`);
  return response.body as CreatedWebhook;
}

async function openDeliveries(on: TestServer): Promise<number> {
  const rows = await on.db.query(
    "SELECT count(*)::int AS n FROM webhook_deliveries WHERE status IN ('pending', 'delivering')",
  );
  return rows.rows[0].n as number;
}

describe('two instances on one database', () => {
  it('deliver every event to each subscription exactly once, signed', async () => {
    const everything = await receiver();
    const updates = await receiver();
    const all = await subscribe(a, everything.url);
    const updated = await subscribe(b, updates.url, { eventTypes: ['body.updated'] });

    // Changes through both instances at once, then updates of each body through the other instance.
    const created = await Promise.all(
      [a, b].map(async (on) => {
        const made: BodyRecord[] = [];
        for (let i = 0; i < 12; i++) made.push(await createBody(on));
        return made;
      }),
    );
    await Promise.all(
      [b, a].map(async (on, index) => {
        for (const body of created[index]!) {
          const response = await on.http.patch(`/v1/bodies/${body.id}`).send({ name: `Renamed ${body.designation}` });
          expect(response.status).toBe(200);
        }
      }),
    );
    const ids = created.flat().map((body) => body.id);
    const events = await a.db.query(
      'SELECT id, type FROM changes WHERE resource_id = ANY ($1::uuid[]) ORDER BY position',
      [ids],
    );
    expect(events.rows).toHaveLength(48);
    const expectedAll = events.rows.map((e: { id: string }) => e.id).sort();
    const expectedUpdates = events.rows
      .filter((e: { type: string }) => e.type === 'body.updated')
      .map((e: { id: string }) => e.id)
      .sort();

    await waitFor(
      'every delivery to be sent',
      async () => everything.received.length >= 48 && updates.received.length >= 24 && (await openDeliveries(a)) === 0,
    );
    // A few more rounds of both workers: a duplicate would show up now.
    await new Promise((resolve) => setTimeout(resolve, 400));

    for (const [target, webhook, expected] of [
      [everything, all, expectedAll],
      [updates, updated, expectedUpdates],
    ] as const) {
      const verified = target.verified(webhook.secret);
      expect(verified).toHaveLength(expected.length);
      const messageIds = verified.map((v) => v.request.headers['webhook-id']);
      expect(new Set(messageIds).size).toBe(expected.length);
      expect(verified.map((v) => v.payload.id as string).sort()).toEqual(expected);
    }
    const stored = await a.db.query(
      `SELECT d.status, d.attempts, count(t.*)::int AS logged
         FROM webhook_deliveries d LEFT JOIN webhook_attempts t ON t.delivery_id = d.id
        WHERE d.subscription_id = ANY ($1::uuid[]) GROUP BY d.id`,
      [[all.id, updated.id]],
    );
    expect(stored.rows).toHaveLength(72);
    expect(
      stored.rows.every(
        (r: { status: string; attempts: number; logged: number }) =>
          r.status === 'succeeded' && r.attempts === 1 && r.logged === 1,
      ),
    ).toBe(true);
  });

  it('get an event through on the third attempt when the receiver fails twice, whichever instance retries', async () => {
    const flaky = await receiver((n) => ({ status: n <= 2 ? 503 : 204 }));
    const webhook = await subscribe(b, flaky.url, { eventTypes: ['body.deleted'] });
    const body = await createBody(a);
    expect((await a.http.delete(`/v1/bodies/${body.id}`)).status).toBe(204);

    const delivery = await waitFor('the delivery to succeed', async () => {
      const response = await b.http.get(`/v1/webhooks/${webhook.id}/deliveries`);
      const item = response.body.items[0];
      return item?.status === 'succeeded' ? item : undefined;
    });
    expect(delivery.attemptCount).toBe(3);
    expect(delivery.attempts.map((t: { statusCode: number }) => t.statusCode)).toEqual([503, 503, 204]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const verified = flaky.verified(webhook.secret);
    expect(verified).toHaveLength(3);
    expect(verified.every((v) => v.request.headers['webhook-id'] === delivery.messageId)).toBe(true);
    expect(verified.every((v) => v.payload.resourceId === body.id && v.payload.type === 'body.deleted')).toBe(true);
  });

  it('give claimed deliveries back on shutdown; another instance sends them later', async () => {
    await a.stop();
    // The first request hangs far longer than the shutdown grace period; later ones are answered at once.
    const hanging = await receiver((n) => (n === 1 ? { status: 204, delayMs: 60_000 } : { status: 204 }));
    const webhook = await subscribe(b, hanging.url, { eventTypes: ['body.created'] });
    await createBody(b);
    await waitFor('the first request', () => hanging.received.length === 1);
    const claimed = await b.db.query(
      'SELECT id, status, claimed_by FROM webhook_deliveries WHERE subscription_id = $1',
      [webhook.id],
    );
    expect(claimed.rows).toEqual([{ id: expect.any(String), status: 'delivering', claimed_by: expect.any(String) }]);

    const stopping = Date.now();
    expect(await b.stop()).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(8_000);
    const released = await b.db.query(
      `SELECT status, claimed_by, attempts, next_attempt_at <= now() AS due,
              (SELECT count(*)::int FROM webhook_attempts WHERE delivery_id = d.id) AS logged
         FROM webhook_deliveries d WHERE id = $1`,
      [claimed.rows[0].id],
    );
    expect(released.rows).toEqual([{ status: 'pending', claimed_by: null, attempts: 0, due: true, logged: 0 }]);

    const c = await startServer({ databaseUrl, env });
    servers.push(c);
    await waitFor('the delivery to be sent again', async () => {
      const rows = await c.db.query('SELECT status FROM webhook_deliveries WHERE id = $1', [claimed.rows[0].id]);
      return rows.rows[0].status === 'succeeded';
    });
    const verified = hanging.verified(webhook.secret);
    expect(verified).toHaveLength(2);
    expect(verified[0]!.request.headers['webhook-id']).toBe(verified[1]!.request.headers['webhook-id']);
  });

  it('pause while the database is unavailable and write the outcome of a send in flight once it is back', async () => {
    const c = servers.at(-1)!;
    const slow = await receiver(() => ({ status: 204, delayMs: 800 }));
    const webhook = await subscribe(c, slow.url, { eventTypes: ['nothing.happens'] });
    const ping = await c.http.post(`/v1/webhooks/${webhook.id}/test`);
    expect(ping.status).toBe(202);
    await waitFor('the ping to be on its way', () => slow.received.length === 1);

    const name = new URL(databaseUrl).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'liaison-registry'",
        [name],
      );
      // The receiver answers while the database is away; the worker keeps the outcome.
      await waitFor('the worker to pause', () => c.output().includes('webhook worker paused'), 10_000);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect((await c.http.get('/health/live')).status).toBe(200);
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    const delivery = await waitFor('the outcome to be written', async () => {
      const response = await c.http.get(`/v1/webhooks/${webhook.id}/deliveries/${ping.body.id}`);
      return response.status === 200 && response.body.status === 'succeeded' ? response.body : undefined;
    });
    expect(delivery.attemptCount).toBe(1);
    expect(delivery.attempts).toHaveLength(1);
    await waitFor('the worker to resume', () => c.output().includes('webhook worker resumed'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slow.received).toHaveLength(1);
  });
});
