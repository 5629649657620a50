/**
 * Webhook subscriptions of secretariat keys: created for bodies within the key's scope only, and reached (read,
 * changed, deleted, pinged, their deliveries read) only when all their bodies lie within it; every other subscription
 * answers 404 as an unknown id does. Which events they receive: webhooks-bodies.e2e-spec.ts.
 */
import { actorOfKey, createApiKey, type CreatedKey } from '../support/auth.js';
import { databaseState } from '../support/db-state.js';
import { createBody, expectProblem, type BodyRecord } from '../support/factories.js';
import { UNKNOWN_ID } from '../support/registry-factories.js';
import { agentFor, startServer, type HttpAgent, type TestServer } from '../support/server.js';
import type { CreatedWebhook } from '../support/webhook-receiver.js';

let server: TestServer;
/** ISO → JTC 1 → SC 7 → WG 26, and JTC 1 → SC 42. */
let jtc1: BodyRecord;
let sc7: BodyRecord;
let wg26: BodyRecord;
let sc42: BodyRecord;
let sc7Secretariat: CreatedKey;
let sc42Secretariat: CreatedKey;

/** A public address that is never contacted (no worker runs here). */
const TARGET = 'https://93.184.216.34/hooks/registry';

beforeAll(async () => {
  server = await startServer({ env: { WEBHOOKS_ENABLED: 'false' } });
  const iso = await createBody(server, { kind: 'organization' });
  jtc1 = await createBody(server, { kind: 'joint_technical_committee', parentId: iso.id });
  sc7 = await createBody(server, { kind: 'subcommittee', parentId: jtc1.id });
  wg26 = await createBody(server, { kind: 'working_group', parentId: sc7.id });
  sc42 = await createBody(server, { kind: 'subcommittee', parentId: jtc1.id });
  sc7Secretariat = await createApiKey(server, { role: 'secretariat', bodyIds: [sc7.id] });
  sc42Secretariat = await createApiKey(server, { role: 'secretariat', bodyIds: [sc42.id] });
});

afterAll(async () => {
  await server?.dispose();
});

async function subscribe(as: HttpAgent, input: Record<string, unknown>): Promise<CreatedWebhook> {
  const response = await as.post('/v1/webhooks').send({ url: TARGET, ...input });
  if (response.status !== 201) throw new Error(`createWebhook answered ${response.status}: ${response.text}`);
  return response.body as CreatedWebhook;
}

async function stored(id: string): Promise<{ body_ids: string[] | null; version: number; description: string | null }> {
  const rows = await server.db.query('SELECT body_ids, version, description FROM webhook_subscriptions WHERE id = $1', [
    id,
  ]);
  return rows.rows[0];
}

describe('a secretariat key creating a subscription', () => {
  it('may name its bodies and bodies below them (201), and is recorded as owner', async () => {
    const response = await sc7Secretariat.http
      .post('/v1/webhooks')
      .send({ url: TARGET, bodyIds: [sc7.id.toUpperCase(), wg26.id], eventTypes: ['liaison.*'] });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      bodyIds: [sc7.id, wg26.id],
      eventTypes: ['liaison.*'],
      owner: actorOfKey(sc7Secretariat.name),
      secret: expect.stringMatching(/^whsec_/),
    });
    expect(await stored(response.body.id)).toMatchObject({ body_ids: [sc7.id, wg26.id], version: 1 });
  });

  it.each([
    ['a sibling', () => [sc42.id], () => [sc42.id]],
    ['its parent', () => [jtc1.id], () => [jtc1.id]],
    ['one of its bodies and another', () => [sc7.id, sc42.id], () => [sc42.id]],
  ])('may not name %s: 403 naming the bodies outside its scope, nothing stored', async (_label, bodyIds, outside) => {
    const before = await databaseState(server.db);
    const response = await sc7Secretariat.http.post('/v1/webhooks').send({ url: TARGET, bodyIds: bodyIds() });
    expectProblem(response, 403, 'forbidden');
    expect(response.body).toMatchObject({
      requiredScope: 'every body of `bodyIds`',
      outOfScopeBodyIds: outside(),
      keyBodyIds: [sc7.id],
    });
    expect(await databaseState(server.db)).toEqual(before);
  });

  it.each([
    ['without bodyIds', {}],
    ['with bodyIds null', { bodyIds: null }],
  ])('is refused %s: 422 naming bodyIds (only admin keys subscribe to every event)', async (_label, input) => {
    const before = await databaseState(server.db);
    const response = await sc7Secretariat.http.post('/v1/webhooks').send({ url: TARGET, ...input });
    expectProblem(response, 422, 'rule-violation');
    expect(response.body.errors).toEqual([{ field: 'bodyIds', message: expect.stringMatching(/secretariat key/) }]);
    expect(await databaseState(server.db)).toEqual(before);
  });

  it('gets 422 for an unknown body and 400 for an empty, repeated or malformed list, like an admin', async () => {
    for (const agent of [sc7Secretariat.http, server.http]) {
      const unknown = await agent.post('/v1/webhooks').send({ url: TARGET, bodyIds: [sc7.id, UNKNOWN_ID] });
      expectProblem(unknown, 422, 'unknown-reference');
      expect(unknown.body.errors).toEqual([{ field: 'bodyIds[1]', message: expect.stringContaining(UNKNOWN_ID) }]);
      for (const bodyIds of [[], [sc7.id, sc7.id], ['sc7'], sc7.id, [42]]) {
        const response = await agent.post('/v1/webhooks').send({ url: TARGET, bodyIds });
        expectProblem(response, 400, 'validation-error');
        expect(response.body.errors.map((e: { field: string }) => e.field)).toContain('bodyIds');
      }
    }
  });
});

describe('an admin key', () => {
  it('may subscribe to every event (bodyIds absent or null) or to any bodies', async () => {
    expect((await subscribe(server.http, {})).bodyIds).toBeNull();
    expect((await subscribe(server.http, { bodyIds: null })).bodyIds).toBeNull();
    const scoped = await subscribe(server.http, { bodyIds: [sc42.id, wg26.id] });
    expect(scoped.bodyIds).toEqual([sc42.id, wg26.id]);
  });
});

describe('which subscriptions a secretariat key reaches', () => {
  let mine: CreatedWebhook;
  let adminsInScope: CreatedWebhook;
  let unrestricted: CreatedWebhook;
  let otherScope: CreatedWebhook;
  let straddling: CreatedWebhook;
  let pingOfOther: string;

  beforeAll(async () => {
    mine = await subscribe(sc7Secretariat.http, { bodyIds: [sc7.id], description: 'mine' });
    adminsInScope = await subscribe(server.http, { bodyIds: [wg26.id], description: 'admin in scope' });
    unrestricted = await subscribe(server.http, { description: 'admin, every event' });
    otherScope = await subscribe(sc42Secretariat.http, { bodyIds: [sc42.id], description: 'SC 42' });
    straddling = await subscribe(server.http, { bodyIds: [wg26.id, sc42.id], description: 'both' });
    const ping = await sc42Secretariat.http.post(`/v1/webhooks/${otherScope.id}/test`);
    expect(ping.status).toBe(202);
    pingOfOther = ping.body.id as string;
  });

  it('lists those whose bodies all lie within its scope, whoever made them; an admin lists all', async () => {
    const listed = await sc7Secretariat.http.get('/v1/webhooks?limit=200');
    expect(listed.status).toBe(200);
    const ids = listed.body.items.map((w: { id: string }) => w.id);
    expect(ids).toEqual(expect.arrayContaining([mine.id, adminsInScope.id]));
    for (const other of [unrestricted, otherScope, straddling]) expect(ids).not.toContain(other.id);
    for (const item of listed.body.items as { bodyIds: string[] }[]) {
      expect(item.bodyIds.length).toBeGreaterThan(0);
      for (const id of item.bodyIds) expect([sc7.id, wg26.id]).toContain(id);
    }
    const forAdmin = await server.http.get('/v1/webhooks?limit=200');
    expect(forAdmin.body.items.map((w: { id: string }) => w.id)).toEqual(
      expect.arrayContaining([mine.id, adminsInScope.id, unrestricted.id, otherScope.id, straddling.id]),
    );
    const forSc42 = await sc42Secretariat.http.get('/v1/webhooks?limit=200');
    expect(forSc42.body.items.map((w: { id: string }) => w.id)).toContain(otherScope.id);
    for (const item of forSc42.body.items as { bodyIds: string[] }[]) expect(item.bodyIds).toEqual([sc42.id]);
  });

  it('answers 404 for every other subscription, exactly as for an unknown id, and changes nothing', async () => {
    const before = await databaseState(server.db);
    const deliveriesBefore = await server.db.query('SELECT count(*)::int AS n FROM webhook_deliveries');
    const calls = (id: string, deliveryId: string) =>
      [
        () => sc7Secretariat.http.get(`/v1/webhooks/${id}`),
        () => sc7Secretariat.http.patch(`/v1/webhooks/${id}`).send({ description: 'Taken over' }),
        () => sc7Secretariat.http.patch(`/v1/webhooks/${id}`).send({ bodyIds: [sc7.id] }),
        () => sc7Secretariat.http.delete(`/v1/webhooks/${id}`),
        () => sc7Secretariat.http.post(`/v1/webhooks/${id}/test`),
        () => sc7Secretariat.http.get(`/v1/webhooks/${id}/deliveries`),
        () => sc7Secretariat.http.get(`/v1/webhooks/${id}/deliveries/${deliveryId}`),
      ] as const;
    const shape = (body: Record<string, unknown>, id: string) =>
      JSON.parse(JSON.stringify(body).replaceAll(id, '<id>')) as Record<string, unknown>;
    const unknownAnswers = [];
    for (const call of calls(UNKNOWN_ID, UNKNOWN_ID)) {
      const response = await call();
      expectProblem(response, 404, 'not-found');
      unknownAnswers.push(shape({ ...response.body, instance: null, requestId: null }, UNKNOWN_ID));
    }
    for (const other of [unrestricted, otherScope, straddling]) {
      const answers = [];
      for (const call of calls(other.id, pingOfOther)) {
        const response = await call();
        expectProblem(response, 404, 'not-found');
        answers.push(shape({ ...response.body, instance: null, requestId: null }, other.id));
      }
      // The delivery id differs from the unknown one only in the last call, which 404s on the subscription first.
      expect(answers).toEqual(unknownAnswers);
    }
    expect(await databaseState(server.db)).toEqual(before);
    const deliveriesAfter = await server.db.query('SELECT count(*)::int AS n FROM webhook_deliveries');
    expect(deliveriesAfter.rows[0].n).toBe(deliveriesBefore.rows[0].n);
  });

  it('lets it read, change, ping and read the deliveries of one an admin made within its scope', async () => {
    const read = await sc7Secretariat.http.get(`/v1/webhooks/${adminsInScope.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: adminsInScope.id, bodyIds: [wg26.id], description: 'admin in scope' });
    const changed = await sc7Secretariat.http
      .patch(`/v1/webhooks/${adminsInScope.id}`)
      .send({ description: 'Ours now', eventTypes: ['workItem.*'] });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ description: 'Ours now', eventTypes: ['workItem.*'], bodyIds: [wg26.id] });
    const ping = await sc7Secretariat.http.post(`/v1/webhooks/${adminsInScope.id}/test`);
    expect(ping.status).toBe(202);
    expect(ping.body.payload).toMatchObject({ type: 'webhook.ping', actor: actorOfKey(sc7Secretariat.name) });
    const list = await sc7Secretariat.http.get(`/v1/webhooks/${adminsInScope.id}/deliveries`);
    expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([ping.body.id]);
    const one = await sc7Secretariat.http.get(`/v1/webhooks/${adminsInScope.id}/deliveries/${ping.body.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(ping.body);
  });

  it('shares a subscription with every key of the same scope (a new key takes over)', async () => {
    const successor = await createApiKey(server, { role: 'secretariat', bodyIds: [sc7.id] });
    const read = await successor.http.get(`/v1/webhooks/${mine.id}`);
    expect(read.status).toBe(200);
    expect(read.body.owner).toBe(actorOfKey(sc7Secretariat.name));
    const parentKey = await createApiKey(server, { role: 'secretariat', bodyIds: [jtc1.id] });
    const fromAbove = await parentKey.http.get('/v1/webhooks?limit=200');
    expect(fromAbove.body.items.map((w: { id: string }) => w.id)).toEqual(
      expect.arrayContaining([mine.id, adminsInScope.id, otherScope.id, straddling.id]),
    );
    expect(fromAbove.body.items.map((w: { id: string }) => w.id)).not.toContain(unrestricted.id);
  });
});

describe('changing the bodies of a subscription', () => {
  it('lets a secretariat narrow or move them within its scope, never widen them (403) nor lift them (422)', async () => {
    const webhook = await subscribe(sc7Secretariat.http, { bodyIds: [sc7.id] });
    const widen = await sc7Secretariat.http.patch(`/v1/webhooks/${webhook.id}`).send({ bodyIds: [sc7.id, sc42.id] });
    expectProblem(widen, 403, 'forbidden');
    expect(widen.body.outOfScopeBodyIds).toEqual([sc42.id]);
    const lift = await sc7Secretariat.http.patch(`/v1/webhooks/${webhook.id}`).send({ bodyIds: null });
    expectProblem(lift, 422, 'rule-violation');
    expect(await stored(webhook.id)).toMatchObject({ body_ids: [sc7.id], version: 1 });

    const narrowed = await agentFor(server.baseUrl, sc7Secretariat.key)
      .patch(`/v1/webhooks/${webhook.id}`)
      .set('if-match', '"1"')
      .send({ bodyIds: [wg26.id] });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body).toMatchObject({ bodyIds: [wg26.id], version: 2 });
    expect(await stored(webhook.id)).toMatchObject({ body_ids: [wg26.id], version: 2 });
  });

  it('lets an admin widen or lift them, after which the secretariat no longer reaches it', async () => {
    const webhook = await subscribe(sc7Secretariat.http, { bodyIds: [sc7.id] });
    const lifted = await server.http.patch(`/v1/webhooks/${webhook.id}`).send({ bodyIds: null });
    expect(lifted.status).toBe(200);
    expect(lifted.body.bodyIds).toBeNull();
    expectProblem(await sc7Secretariat.http.get(`/v1/webhooks/${webhook.id}`), 404, 'not-found');
    const widened = await server.http.patch(`/v1/webhooks/${webhook.id}`).send({ bodyIds: [sc7.id, sc42.id] });
    expect(widened.body.bodyIds).toEqual([sc7.id, sc42.id]);
    expectProblem(await sc7Secretariat.http.delete(`/v1/webhooks/${webhook.id}`), 404, 'not-found');
    const back = await server.http.patch(`/v1/webhooks/${webhook.id}`).send({ bodyIds: [sc7.id] });
    expect(back.status).toBe(200);
    expect((await sc7Secretariat.http.delete(`/v1/webhooks/${webhook.id}`)).status).toBe(204);
    expect(await stored(webhook.id)).toBeUndefined();
  });

  it('checks the If-Match version only for a subscription the caller reaches (404 first)', async () => {
    const foreign = await subscribe(sc42Secretariat.http, { bodyIds: [sc42.id] });
    const raw = agentFor(server.baseUrl, sc7Secretariat.key);
    const stale = await raw.patch(`/v1/webhooks/${foreign.id}`).set('if-match', '"9"').send({ description: 'x' });
    expectProblem(stale, 404, 'not-found');
    const missing = await raw.delete(`/v1/webhooks/${foreign.id}`);
    // Without If-Match the answer is 428 whatever the id: it reveals nothing either.
    expectProblem(missing, 428, 'precondition-required');
  });
});

describe('keys without a secretariat or admin role', () => {
  it('get 401 without a key and 403 as a reader, on reads too (target URLs are not public)', async () => {
    const reader = await createApiKey(server, { role: 'reader' });
    expectProblem(await server.anon.get('/v1/webhooks'), 401, 'unauthorized');
    const refused = await reader.http.get('/v1/webhooks');
    expectProblem(refused, 403, 'forbidden');
    expect(refused.body.requiredRoles).toEqual(['secretariat', 'admin']);
  });
});
