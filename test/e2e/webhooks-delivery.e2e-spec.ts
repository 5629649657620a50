import { createBody } from '../support/factories.js';
import { startServer, type TestServer } from '../support/server.js';
import {
  startReceiver,
  waitFor,
  type Answer,
  type CreatedWebhook,
  type Receiver,
} from '../support/webhook-receiver.js';

/** What the worker sends, retries and records; one instance (two instances: webhooks-cluster.e2e-spec.ts). */

let server: TestServer;
const receivers: Receiver[] = [];

beforeAll(async () => {
  server = await startServer({
    env: {
      WEBHOOK_POLL_MS: '50',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_RETRY_SCHEDULE: '300ms,300ms,300ms',
      WEBHOOK_TIMEOUT_MS: '1000',
    },
  });
});

afterAll(async () => {
  await Promise.all([server?.dispose(), ...receivers.map((r) => r.close())]);
});

async function receiver(answer?: (n: number) => Answer): Promise<Receiver> {
  const started = await startReceiver(answer);
  receivers.push(started);
  return started;
}

async function subscribe(url: string, input: Record<string, unknown> = {}): Promise<CreatedWebhook> {
  const response = await server.http.post('/v1/webhooks').send({ url, ...input });
  if (response.status !== 201) throw new Error(`createWebhook answered ${response.status}: ${response.text}`);
  return response.body as CreatedWebhook;
}

interface Delivery {
  id: string;
  messageId: string;
  changeId: string | null;
  sequence: number | null;
  eventType: string;
  status: string;
  attemptCount: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  completedAt: string | null;
  attempts: {
    attempt: number;
    attemptedAt: string;
    statusCode: number | null;
    durationMs: number;
    error: string | null;
  }[];
}

async function deliveries(webhookId: string, query = ''): Promise<Delivery[]> {
  const response = await server.http.get(`/v1/webhooks/${webhookId}/deliveries?sort=createdAt&limit=200${query}`);
  expect(response.status).toBe(200);
  return response.body.items as Delivery[];
}

/** The deliveries of a subscription once none is pending or being sent. */
function settled(webhookId: string, count: number, timeoutMs = 15_000): Promise<Delivery[]> {
  return waitFor(
    `${count} settled deliveries of ${webhookId}`,
    async () => {
      const items = await deliveries(webhookId);
      return items.length === count && items.every((d) => d.status !== 'pending' && d.status !== 'delivering')
        ? items
        : undefined;
    },
    timeoutMs,
  );
}

async function changeEvent(id: string): Promise<Record<string, unknown>> {
  const rows = await server.db.query('SELECT position FROM changes WHERE id = $1', [id]);
  const response = await server.http.get(`/v1/changes?after=${Number(rows.rows[0].position) - 1}&limit=1`);
  expect(response.body.items[0].id).toBe(id);
  return response.body.items[0] as Record<string, unknown>;
}

describe('delivering change events', () => {
  it('posts every matching event once, signed, with the change event as body', async () => {
    const target = await receiver();
    const webhook = await subscribe(target.url);
    const body = await createBody(server);
    const renamed = await server.http.patch(`/v1/bodies/${body.id}`).send({ name: 'Renamed body' });
    expect(renamed.status).toBe(200);

    const items = await settled(webhook.id, 2);
    // delivery order is not guaranteed
    expect(items.map((d) => [d.eventType, d.status, d.attemptCount]).sort()).toEqual([
      ['body.created', 'succeeded', 1],
      ['body.updated', 'succeeded', 1],
    ]);
    expect(target.received).toHaveLength(2);
    const verified = target.verified(webhook.secret);
    // match each received request to its delivery by the webhook-id header (arrival order is not guaranteed)
    expect(verified.map(({ request }) => request.headers['webhook-id']).sort()).toEqual(
      items.map((d) => d.messageId).sort(),
    );
    for (const { request, payload } of verified) {
      const delivery = items.find((d) => d.messageId === request.headers['webhook-id'])!;
      expect(delivery.messageId).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(Number(request.headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -2);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.path).toBe('/hooks');
      // The body is the change event exactly as the feed shows it, fields in the same order.
      const event = await changeEvent(delivery.changeId!);
      expect(payload).toEqual(event);
      expect(Object.keys(payload)).toEqual(Object.keys(event));
      expect(payload.sequence).toBe(delivery.sequence);
      expect(delivery.attempts).toEqual([
        { attempt: 1, attemptedAt: expect.any(String), statusCode: 204, durationMs: expect.any(Number), error: null },
      ]);
      expect(delivery).toMatchObject({ lastStatusCode: 204, lastError: null, nextAttemptAt: null });
      expect(delivery.completedAt).not.toBeNull();
    }
    const updated = verified.find(({ payload }) => payload.type === 'body.updated');
    expect((updated?.payload.data as { name: string } | undefined)?.name).toBe('Renamed body');
  });

  it('signatures do not verify with another secret', async () => {
    const target = await receiver();
    const webhook = await subscribe(target.url, { eventTypes: ['body.created'] });
    const other = await subscribe(target.url, { eventTypes: ['liaison.created'] });
    await createBody(server);
    await settled(webhook.id, 1);
    expect(() => target.verified(other.secret)).toThrow(/signature/i);
    expect(target.verified(webhook.secret)).toHaveLength(1);
  });

  it('delivers only the event types subscribed to (exact or resource.*), and only events after the subscription', async () => {
    const before = await createBody(server);
    const exact = await receiver();
    const wildcard = await receiver();
    const none = await receiver();
    const a = await subscribe(exact.url, { eventTypes: ['body.deleted'] });
    const b = await subscribe(wildcard.url, { eventTypes: ['body.*'] });
    const c = await subscribe(none.url, { eventTypes: ['liaison.*', 'statement.created'] });
    const body = await createBody(server);
    expect((await server.http.delete(`/v1/bodies/${body.id}`)).status).toBe(204);
    expect((await server.http.delete(`/v1/bodies/${before.id}`)).status).toBe(204);

    // Deliveries queued in one fan-out share their creation time: the feed position orders them.
    const bySequence = (items: Delivery[]) => [...items].sort((x, y) => (x.sequence ?? 0) - (y.sequence ?? 0));
    const forB = bySequence(await settled(b.id, 3));
    expect(forB.map((d) => d.eventType)).toEqual(['body.created', 'body.deleted', 'body.deleted']);
    const forA = bySequence(await settled(a.id, 2));
    expect(forA.map((d) => (d.changeId ? d.eventType : null))).toEqual(['body.deleted', 'body.deleted']);
    expect(
      exact
        .verified(a.secret)
        .map((v) => v.payload.resourceId)
        .sort(),
    ).toEqual([body.id, before.id].sort());
    expect(await deliveries(c.id)).toEqual([]);
    expect(none.received).toHaveLength(0);
    // The body created before the subscriptions was never queued for them.
    const stale = await server.db.query(
      `SELECT count(*)::int AS n FROM webhook_deliveries d JOIN changes c ON c.id = d.change_id
        WHERE d.subscription_id = ANY ($1::uuid[]) AND c.resource_id = $2 AND c.type = 'body.created'`,
      [[a.id, b.id, c.id], before.id],
    );
    expect(stale.rows[0].n).toBe(0);
  });

  it('sends a test ping, signed, even to an inactive subscription', async () => {
    const target = await receiver();
    const webhook = await subscribe(target.url, { active: false });
    const queued = await server.http.post(`/v1/webhooks/${webhook.id}/test`);
    expect(queued.status).toBe(202);
    const [delivery] = await settled(webhook.id, 1);
    expect(delivery).toMatchObject({
      id: queued.body.id,
      eventType: 'webhook.ping',
      status: 'succeeded',
      attemptCount: 1,
    });
    const verified = target.verified(webhook.secret);
    expect(verified).toHaveLength(1);
    const { request, payload } = verified[0]!;
    expect(request.headers['webhook-id']).toBe(queued.body.messageId);
    expect(payload).toEqual(queued.body.payload);
    expect(payload).toMatchObject({ type: 'webhook.ping', data: { webhookId: webhook.id } });
  });
});

describe('failures and retries', () => {
  it('gets the event through on the third attempt when the receiver fails twice, with the same webhook-id', async () => {
    const target = await receiver((n) => ({ status: n <= 2 ? 500 : 200 }));
    const webhook = await subscribe(target.url, { eventTypes: ['body.created'] });
    await createBody(server);
    const [delivery] = await settled(webhook.id, 1);
    expect(delivery).toMatchObject({ status: 'succeeded', attemptCount: 3, lastStatusCode: 200, lastError: null });
    expect(delivery!.attempts.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 500, 'The target answered 500 Internal Server Error.'],
      [2, 500, 'The target answered 500 Internal Server Error.'],
      [3, 200, null],
    ]);
    expect(target.received).toHaveLength(3);
    const verified = target.verified(webhook.secret);
    expect(new Set(verified.map((v) => v.request.headers['webhook-id']))).toEqual(new Set([delivery!.messageId]));
    expect(new Set(verified.map((v) => v.payload.id)).size).toBe(1);
    // Backoff: 300 ms jittered down by at most 20 % between attempts.
    const [first, second, third] = target.received;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(230);
    expect(third!.at - second!.at).toBeGreaterThanOrEqual(230);
  });

  it('gives up when the schedule is exhausted and says why', async () => {
    const target = await receiver(() => ({ status: 503 }));
    const webhook = await subscribe(target.url, { eventTypes: ['body.created'] });
    await createBody(server);
    const [delivery] = await settled(webhook.id, 1);
    expect(delivery).toMatchObject({
      status: 'failed',
      attemptCount: 4,
      nextAttemptAt: null,
      lastStatusCode: 503,
      lastError: 'The target answered 503 Service Unavailable.',
    });
    expect(delivery!.completedAt).not.toBeNull();
    expect(delivery!.attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
    expect(target.received).toHaveLength(4);
  });

  it('waits as long as Retry-After asks', async () => {
    const target = await receiver((n) =>
      n === 1 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 204 },
    );
    const webhook = await subscribe(target.url, { eventTypes: ['body.created'] });
    await createBody(server);
    const [delivery] = await settled(webhook.id, 1, 20_000);
    expect(delivery).toMatchObject({ status: 'succeeded', attemptCount: 2 });
    expect(target.received[1]!.at - target.received[0]!.at).toBeGreaterThanOrEqual(1_900);
  });

  it('records a timeout and a refused connection as failed attempts without a status code', async () => {
    const slow = await receiver((n) => (n === 1 ? { status: 204, delayMs: 3_000 } : { status: 204 }));
    const webhook = await subscribe(slow.url, { eventTypes: ['body.created'] });
    const closed = await receiver();
    const nobody = await subscribe(closed.url, { eventTypes: ['body.created'] });
    await closed.close();
    await createBody(server);
    const [timedOut] = await settled(webhook.id, 1);
    expect(timedOut).toMatchObject({ status: 'succeeded', attemptCount: 2 });
    expect(timedOut!.attempts[0]).toMatchObject({ statusCode: null, error: 'The target did not answer in time.' });
    expect(timedOut!.attempts[0]!.durationMs).toBeGreaterThanOrEqual(900);
    const [refused] = await settled(nobody.id, 1);
    expect(refused).toMatchObject({ status: 'failed', attemptCount: 4, lastStatusCode: null });
    expect(refused!.lastError).toMatch(/ECONNREFUSED/);
  });

  it('disables the subscription on 410 Gone, abandons its queued deliveries and stops delivering to it', async () => {
    const target = await receiver(() => ({ status: 410 }));
    const webhook = await subscribe(target.url, { eventTypes: ['body.created'] });
    const queued = await server.db.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_type, payload, next_attempt_at)
       VALUES ($1, 'body.created', '{}', now() + interval '1 hour') RETURNING id`,
      [webhook.id],
    );
    await createBody(server);
    const [waiting, delivery] = await settled(webhook.id, 2);
    expect(delivery).toMatchObject({ status: 'failed', attemptCount: 1, lastStatusCode: 410 });
    expect(waiting).toMatchObject({
      id: queued.rows[0].id,
      status: 'abandoned',
      attemptCount: 0,
      lastError: 'The subscription was disabled: the target answered 410 Gone.',
    });
    const read = await server.http.get(`/v1/webhooks/${webhook.id}`);
    expect(read.body).toMatchObject({ active: false, version: 2 });
    expect(read.body.disabledReason).toMatch(/^The target answered 410 Gone on \d{4}-\d{2}-\d{2}T/);
    await createBody(server);
    const later = await createBody(server);
    // Wait until the dispatcher has passed the later events, then check nothing was queued for the subscription.
    await waitFor('the dispatcher to pass the new events', async () => {
      const state = await server.db.query(
        `SELECT (SELECT last_position FROM webhook_dispatch_state) >= (SELECT position FROM changes WHERE resource_id = $1) AS passed`,
        [later.id],
      );
      return state.rows[0].passed === true;
    });
    expect(await deliveries(webhook.id)).toHaveLength(2);
    expect(target.received).toHaveLength(1);
  });

  it('sends again a delivery whose claim was left by a crashed instance, once its lease has ended', async () => {
    const target = await receiver();
    const webhook = await subscribe(target.url, { eventTypes: ['nothing.happens'] });
    const orphan = await server.db.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_type, payload, status, next_attempt_at, claimed_by, claimed_until)
       VALUES ($1, 'body.created', '{"id": "x", "type": "body.created"}', 'delivering', now() - interval '1 second',
               'crashed-instance', now() - interval '1 second')
       RETURNING id, message_id`,
      [webhook.id],
    );
    const [delivery] = await settled(webhook.id, 1);
    expect(delivery).toMatchObject({ id: orphan.rows[0].id, status: 'succeeded', attemptCount: 1 });
    const attempts = await server.db.query('SELECT sent_by FROM webhook_attempts WHERE delivery_id = $1', [
      orphan.rows[0].id,
    ]);
    expect(attempts.rows).toHaveLength(1);
    expect(attempts.rows[0].sent_by).not.toBe('crashed-instance');
    expect(target.received.map((r) => r.headers['webhook-id'])).toEqual([orphan.rows[0].message_id]);
  });

  it('leaves alone a delivery claimed by another instance whose lease still runs', async () => {
    const target = await receiver();
    const webhook = await subscribe(target.url, { eventTypes: ['nothing.happens'] });
    const claimed = await server.db.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_type, payload, status, next_attempt_at, claimed_by, claimed_until)
       VALUES ($1, 'body.created', '{}', 'delivering', now() + interval '1 hour', 'busy-instance', now() + interval '1 hour')
       RETURNING id`,
      [webhook.id],
    );
    // A ping queued after it goes out, proving the worker ran meanwhile.
    await server.http.post(`/v1/webhooks/${webhook.id}/test`);
    await waitFor('the ping', () => target.received.length === 1);
    const row = await server.db.query('SELECT status, claimed_by, attempts FROM webhook_deliveries WHERE id = $1', [
      claimed.rows[0].id,
    ]);
    expect(row.rows).toEqual([{ status: 'delivering', claimed_by: 'busy-instance', attempts: 0 }]);
  });
});
