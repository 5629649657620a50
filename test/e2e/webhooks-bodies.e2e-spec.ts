/**
 * Which change events a subscription with `bodyIds` receives: those concerning its bodies or bodies below them
 * (src/changes/concerned-bodies.ts), deletions and moves included, and nothing of other bodies; an unrestricted
 * subscription still receives everything. Who may manage such subscriptions: webhooks-scope.e2e-spec.ts.
 */
import { createApiKey } from '../support/auth.js';
import { createBody, type BodyRecord } from '../support/factories.js';
import { createLiaison } from '../support/liaison-factories.js';
import { addRosterMember, createContact, createWorkItem } from '../support/registry-factories.js';
import { startServer, type TestServer } from '../support/server.js';
import { createStatement } from '../support/statement-factories.js';
import { startReceiver, waitFor, type CreatedWebhook, type Receiver } from '../support/webhook-receiver.js';

let server: TestServer;
/** ISO → JTC 1 → SC 7 → WG 26, JTC 1 → SC 42, and ETSI → TC MTS. */
let iso: BodyRecord;
let jtc1: BodyRecord;
let sc7: BodyRecord;
let wg26: BodyRecord;
let sc42: BodyRecord;
let mts: BodyRecord;

type Subscriber = 'sc7' | 'wg26' | 'sc42' | 'all';
const SUBSCRIBERS: Subscriber[] = ['sc7', 'wg26', 'sc42', 'all'];
const subscriptions = {} as Record<Subscriber, CreatedWebhook>;
const receivers = {} as Record<Subscriber, Receiver>;
/** What each subscription must get, in feed order: `type resourceId`. */
const expected: Record<Subscriber, string[]> = { sc7: [], wg26: [], sc42: [], all: [] };

/** Records that an event happened and which scoped subscriptions it concerns (the unrestricted one gets all). */
function happened(type: string, resourceId: string, ...to: Exclude<Subscriber, 'all'>[]): void {
  for (const subscriber of [...to, 'all' as const]) expected[subscriber].push(`${type} ${resourceId}`);
}

async function ok(call: PromiseLike<{ status: number; text: string }>, status = 200): Promise<void> {
  const response = await call;
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${response.text}`);
}

interface Delivery {
  messageId: string;
  changeId: string | null;
  sequence: number | null;
  eventType: string;
  status: string;
  payload: { resourceId: string; data: Record<string, unknown> };
}

async function deliveries(subscriber: Subscriber): Promise<Delivery[]> {
  const response = await server.http.get(`/v1/webhooks/${subscriptions[subscriber].id}/deliveries?limit=200`);
  expect(response.status).toBe(200);
  return (response.body.items as Delivery[]).sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
}

beforeAll(async () => {
  server = await startServer({
    env: { WEBHOOK_POLL_MS: '50', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_TIMEOUT_MS: '2000' },
  });
  iso = await createBody(server, { kind: 'organization' });
  jtc1 = await createBody(server, { kind: 'joint_technical_committee', parentId: iso.id });
  sc7 = await createBody(server, { kind: 'subcommittee', parentId: jtc1.id });
  wg26 = await createBody(server, { kind: 'working_group', parentId: sc7.id });
  sc42 = await createBody(server, { kind: 'subcommittee', parentId: jtc1.id });
  const etsi = await createBody(server, { kind: 'organization' });
  mts = await createBody(server, { kind: 'technical_committee', parentId: etsi.id });
  const sc7Secretariat = await createApiKey(server, { role: 'secretariat', bodyIds: [sc7.id] });
  const bodies: Record<Subscriber, string[] | null> = { sc7: [sc7.id], wg26: [wg26.id], sc42: [sc42.id], all: null };
  for (const subscriber of SUBSCRIBERS) {
    receivers[subscriber] = await startReceiver();
    // The SC 7 subscription is its secretariat's own; the others an admin's.
    const agent = subscriber === 'sc7' ? sc7Secretariat.http : server.http;
    const response = await agent
      .post('/v1/webhooks')
      .send({ url: receivers[subscriber].url, bodyIds: bodies[subscriber], description: subscriber });
    if (response.status !== 201) throw new Error(`createWebhook answered ${response.status}: ${response.text}`);
    subscriptions[subscriber] = response.body as CreatedWebhook;
  }
});

afterAll(async () => {
  await Promise.all([server?.dispose(), ...Object.values(receivers).map((r) => r.close())]);
});

it('delivers to each subscription the events of its bodies and the bodies below them, and only those', async () => {
  // Bodies: created below SC 7, moved to SC 42 (both subtrees hear of it), deleted there; one below WG 26.
  const wg99 = await createBody(server, { kind: 'working_group', parentId: sc7.id });
  happened('body.created', wg99.id, 'sc7');
  await ok(server.http.patch(`/v1/bodies/${wg99.id}`).send({ parentId: sc42.id }));
  happened('body.updated', wg99.id, 'sc7', 'sc42');
  await ok(server.http.delete(`/v1/bodies/${wg99.id}`), 204);
  happened('body.deleted', wg99.id, 'sc42');
  const taskForce = await createBody(server, { kind: 'other', parentId: wg26.id });
  happened('body.created', taskForce.id, 'sc7', 'wg26');
  await ok(server.http.delete(`/v1/bodies/${taskForce.id}`), 204);
  happened('body.deleted', taskForce.id, 'sc7', 'wg26');

  // Liaisons: both sides count; the partner outside every scope does not matter.
  const l1 = await createLiaison(server, { committeeId: wg26.id, partnerId: mts.id, category: 'category_c' });
  happened('liaison.created', l1.id, 'sc7', 'wg26');
  await ok(server.http.patch(`/v1/liaisons/${l1.id}`).send({ rationale: 'Testing standards.' }));
  happened('liaison.updated', l1.id, 'sc7', 'wg26');
  await ok(server.http.delete(`/v1/liaisons/${l1.id}`), 204);
  happened('liaison.deleted', l1.id, 'sc7', 'wg26');
  const representative = await createContact(server);
  happened('contact.created', representative.id);
  const l2 = await createLiaison(server, {
    committeeId: mts.id,
    partnerId: sc42.id,
    representativeIds: [representative.id],
  });
  happened('liaison.created', l2.id, 'sc42');

  // Work items: moved from WG 26 to SC 42, deleted there; one of SC 7 itself (not below WG 26).
  const w1 = await createWorkItem(server, { bodyId: wg26.id });
  happened('workItem.created', w1.id, 'sc7', 'wg26');
  await ok(server.http.patch(`/v1/work-items/${w1.id}`).send({ bodyId: sc42.id }));
  happened('workItem.updated', w1.id, 'sc7', 'wg26', 'sc42');
  await ok(server.http.delete(`/v1/work-items/${w1.id}`), 204);
  happened('workItem.deleted', w1.id, 'sc42');
  const w2 = await createWorkItem(server, { bodyId: sc7.id });
  happened('workItem.created', w2.id, 'sc7');
  await ok(server.http.delete(`/v1/work-items/${w2.id}`), 204);
  happened('workItem.deleted', w2.id, 'sc7');

  // Statements: sender, to and cc all count.
  const s1 = await createStatement(server, { fromBodyId: mts.id, toBodyIds: [sc42.id], ccBodyIds: [wg26.id] });
  happened('statement.created', s1.id, 'sc7', 'wg26', 'sc42');
  await ok(server.http.delete(`/v1/statements/${s1.id}`), 204);
  happened('statement.deleted', s1.id, 'sc7', 'wg26', 'sc42');
  const s2 = await createStatement(server, { fromBodyId: mts.id, toBodyIds: [sc42.id] });
  happened('statement.created', s2.id, 'sc42');

  // Contacts and rosters: a contact concerns the bodies it is linked to while it is linked to them.
  const person = await createContact(server);
  happened('contact.created', person.id);
  const membership = await addRosterMember(server, wg26.id, { contactId: person.id, role: 'convenor' });
  happened('membership.created', membership.id, 'sc7', 'wg26');
  await ok(server.http.patch(`/v1/contacts/${person.id}`).send({ affiliation: 'ISO/IEC JTC 1/SC 7' }));
  happened('contact.updated', person.id, 'sc7', 'wg26');
  await ok(server.http.patch(`/v1/contacts/${representative.id}`).send({ affiliation: 'ETSI' }));
  happened('contact.updated', representative.id, 'sc42');
  await ok(server.http.delete(`/v1/bodies/${wg26.id}/roster/${membership.id}`), 204);
  happened('membership.deleted', membership.id, 'sc7', 'wg26');
  await ok(server.http.delete(`/v1/contacts/${person.id}`), 204);
  happened('contact.deleted', person.id);

  // A body's own events reach subscriptions on it and above it, not below it.
  await ok(server.http.patch(`/v1/bodies/${sc7.id}`).send({ name: 'Software and systems engineering' }));
  happened('body.updated', sc7.id, 'sc7');
  await ok(server.http.patch(`/v1/bodies/${jtc1.id}`).send({ name: 'Information technology' }));
  happened('body.updated', jtc1.id);

  // Last, one event for everyone: once the dispatcher is past it, every event above has been fanned out.
  const last = await createStatement(server, { fromBodyId: wg26.id, toBodyIds: [sc42.id] });
  happened('statement.created', last.id, 'sc7', 'wg26', 'sc42');
  await waitFor('the dispatcher to pass the last event', async () => {
    const state = await server.db.query(
      `SELECT (SELECT last_position FROM webhook_dispatch_state) >=
              (SELECT position FROM changes WHERE resource_id = $1) AS passed`,
      [last.id],
    );
    return state.rows[0].passed === true;
  });

  for (const subscriber of SUBSCRIBERS) {
    const queued = await deliveries(subscriber);
    expect([subscriber, queued.map((d) => `${d.eventType} ${d.payload.resourceId}`)]).toEqual([
      subscriber,
      expected[subscriber],
    ]);
  }
  // The unrestricted subscription got every event of the feed since it was made.
  const feed = await server.http.get(`/v1/changes?after=${(await deliveries('all'))[0]!.sequence! - 1}&limit=200`);
  expect(feed.body.items.map((e: { type: string; resourceId: string }) => `${e.type} ${e.resourceId}`)).toEqual(
    expected.all,
  );
});

it('posts them to the receiver, signed, as the deliveries say', async () => {
  for (const subscriber of SUBSCRIBERS) {
    const settled = await waitFor(`the deliveries of ${subscriber} to succeed`, async () => {
      const items = await deliveries(subscriber);
      return items.length > 0 && items.every((d) => d.status === 'succeeded') ? items : undefined;
    });
    const received = receivers[subscriber].verified(subscriptions[subscriber].secret);
    expect(received.map((r) => r.request.headers['webhook-id']).sort()).toEqual(settled.map((d) => d.messageId).sort());
    expect(received.map((r) => `${String(r.payload.type)} ${String(r.payload.resourceId)}`).sort()).toEqual(
      [...expected[subscriber]].sort(),
    );
  }
});

it('records on each event the bodies it concerns with all their ancestors, as they stood then', async () => {
  const deleted = (await deliveries('sc42')).find((d) => d.eventType === 'body.deleted')!;
  const row = await server.db.query('SELECT body_ids FROM changes WHERE id = $1', [deleted.changeId]);
  // The deleted body (gone from the table) and the chain above its last parent.
  expect([...(row.rows[0].body_ids as string[])].sort()).toEqual(
    [deleted.payload.resourceId, sc42.id, jtc1.id, iso.id].sort(),
  );
});

it('shows a secretariat the e-mail addresses in its deliveries, as every read with a key does', async () => {
  const secretariat = await createApiKey(server, { role: 'secretariat', bodyIds: [sc7.id] });
  const listed = await secretariat.http.get(`/v1/webhooks/${subscriptions.sc7.id}/deliveries?limit=200`);
  expect(listed.status).toBe(200);
  const added = (listed.body.items as Delivery[]).find((d) => d.eventType === 'membership.created')!;
  const contact = added.payload.data.contact as { id: string; email: string };
  expect(contact.email).toMatch(/@example\.org$/);
  const read = await secretariat.http.get(`/v1/contacts/${contact.id}`);
  // The contact is deleted by now; the feed, which a secretariat may read with its key too, holds the same address.
  expect(read.status).toBe(404);
  const feed = await secretariat.http.get(`/v1/changes?after=${added.sequence! - 1}&limit=1`);
  expect(feed.body.items[0].data.contact.email).toBe(contact.email);
  const anonymous = await server.anon.get(`/v1/changes?after=${added.sequence! - 1}&limit=1`);
  expect(anonymous.body.items[0].data.contact.email).toBeNull();
});
