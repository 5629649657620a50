/** Idempotency-Key on every POST route, across two instances of the API, and expiry of keys. */
import { createBody, expectProblem, uniqueDesignation, type BodyRecord } from '../support/factories.js';
import {
  bare,
  countRows,
  KEY_HEADER,
  keyRows,
  newKey,
  REPLAYED_HEADER,
  sleep,
} from '../support/idempotency-helpers.js';
import { createLiaison, createLiaisonPair } from '../support/liaison-factories.js';
import { createContact, uniqueEmail } from '../support/registry-factories.js';
import { startServer, type TestServer } from '../support/server.js';
import { statementInput } from '../support/statement-factories.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.dispose();
});

interface Sent {
  status: number;
  text: string;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** Sends one POST twice with one key; expects the first to run and the second to be its replay. */
async function sendTwice(path: string, payload: Record<string, unknown>, status: number): Promise<Sent> {
  const key = newKey();
  const first = (await server.http.post(path).set(KEY_HEADER, key).send(payload)) as unknown as Sent;
  if (first.status !== status) throw new Error(`POST ${path} answered ${first.status}: ${first.text}`);
  expect(first.headers[REPLAYED_HEADER]).toBeUndefined();
  const again = (await server.http.post(path).set(KEY_HEADER, key).send(payload)) as unknown as Sent;
  expect(again.status).toBe(status);
  expect(again.headers[REPLAYED_HEADER]).toBe('true');
  expect(again.text).toBe(first.text);
  expect(again.headers.location).toBe(first.headers.location);
  expect((await keyRows(server, key)).map((r) => [r.path, r.state, r.response_status])).toEqual([
    [path, 'completed', status],
  ]);
  return first;
}

describe('every POST route replays instead of running twice', () => {
  it('POST /v1/bodies', async () => {
    const designation = uniqueDesignation('ROUTE');
    const first = await sendTwice('/v1/bodies', { designation, name: 'Body', kind: 'subcommittee' }, 201);
    expect(first.headers.location).toBe(`/v1/bodies/${String(first.body.id)}`);
    expect(await countRows(server, 'SELECT 1 FROM bodies WHERE designation = $1', [designation])).toBe(1);
  });

  it('POST /v1/liaisons', async () => {
    const { committee, partner } = await createLiaisonPair(server);
    const first = await sendTwice(
      '/v1/liaisons',
      { committeeId: committee.id, partnerId: partner.id, category: 'category_a', objectives: ['Shared tests'] },
      201,
    );
    expect(first.headers.location).toBe(`/v1/liaisons/${String(first.body.id)}`);
    expect(first.body).toMatchObject({ committeeId: committee.id, partnerId: partner.id, status: 'proposed' });
    expect(
      await countRows(server, 'SELECT 1 FROM liaisons WHERE committee_id = $1 AND partner_id = $2', [
        committee.id,
        partner.id,
      ]),
    ).toBe(1);
    expect(await countRows(server, 'SELECT 1 FROM liaison_history WHERE liaison_id = $1', [first.body.id])).toBe(1);
  });

  it('POST /v1/liaisons/{id}/transitions', async () => {
    const liaison = await createLiaison(server);
    const step = { action: 'submitForEligibility', reason: 'Proposal received', date: '2026-01-05' };
    const first = await sendTwice(`/v1/liaisons/${liaison.id}/transitions`, step, 200);
    expect(first.body).toMatchObject({
      liaison: { id: liaison.id, status: 'eligibility_review', version: liaison.version + 1 },
      entry: { action: 'submitForEligibility', fromStatus: 'proposed', toStatus: 'eligibility_review' },
    });
    // Ran once: one more history entry and one version step, not two.
    expect(await countRows(server, 'SELECT 1 FROM liaison_history WHERE liaison_id = $1', [liaison.id])).toBe(2);
    const stored = await server.db.query<{ version: number; status: string }>(
      'SELECT version, status FROM liaisons WHERE id = $1',
      [liaison.id],
    );
    expect(stored.rows).toEqual([{ version: liaison.version + 1, status: 'eligibility_review' }]);
    // Without the key, the same step really runs again, and the state no longer allows it.
    const rerun = await server.http.post(`/v1/liaisons/${liaison.id}/transitions`).send(step);
    expectProblem(rerun, 409, 'transition-not-allowed');
  });

  it('POST /v1/statements', async () => {
    const input = await statementInput(server, { purpose: 'action', deadline: '2030-01-31' });
    const first = await sendTwice('/v1/statements', input, 201);
    expect(first.headers.location).toBe(`/v1/statements/${String(first.body.id)}`);
    expect(first.body).toMatchObject({ reference: input.reference, purpose: 'action', deadline: '2030-01-31' });
    expect(await countRows(server, 'SELECT 1 FROM statements WHERE reference = $1', [input.reference])).toBe(1);
    expect(await countRows(server, 'SELECT 1 FROM statement_recipients WHERE statement_id = $1', [first.body.id])).toBe(
      1,
    );
  });

  it('POST /v1/contacts', async () => {
    const email = uniqueEmail('idem');
    const first = await sendTwice('/v1/contacts', { name: 'Ada Example', email }, 201);
    expect(first.body).toMatchObject({ name: 'Ada Example', email });
    expect(await countRows(server, 'SELECT 1 FROM contacts WHERE email = $1', [email])).toBe(1);
  });

  it('POST /v1/work-items', async () => {
    const body = await createBody(server);
    const reference = `DTR/IDEM ${bare(newKey()).slice(0, 8)}`;
    const first = await sendTwice(
      '/v1/work-items',
      { bodyId: body.id, reference, title: 'Idempotent work item', deliverableType: 'etsi_tr' },
      201,
    );
    expect(first.body).toMatchObject({ reference, bodyId: body.id });
    expect(await countRows(server, 'SELECT 1 FROM work_items WHERE reference = $1', [reference])).toBe(1);
  });

  it('POST /v1/bodies/{id}/roster', async () => {
    const body = await createBody(server);
    const contact = await createContact(server);
    const first = await sendTwice(`/v1/bodies/${body.id}/roster`, { contactId: contact.id, role: 'convenor' }, 201);
    expect(first.body).toMatchObject({ role: 'convenor' });
    expect(
      await countRows(server, 'SELECT 1 FROM memberships WHERE body_id = $1 AND contact_id = $2', [
        body.id,
        contact.id,
      ]),
    ).toBe(1);
  });
});

describe('two instances on one database', () => {
  let second: TestServer;

  beforeAll(async () => {
    // the same caller on both instances: the same admin key
    second = await startServer({ databaseUrl: server.databaseUrl, env: { ADMIN_API_KEY: server.adminKey } });
  });

  afterAll(async () => {
    await second?.dispose();
  });

  it('share keys: a retry through the other instance gets the replay', async () => {
    const key = newKey();
    const input = { designation: uniqueDesignation('TWO'), name: 'Shared', kind: 'subcommittee' };
    const first = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(input);
    expect(first.status).toBe(201);
    const again = await second.http.post('/v1/bodies').set(KEY_HEADER, key).send(input);
    expect(again.status).toBe(201);
    expect(again.headers[REPLAYED_HEADER]).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    const misuse = await second.http
      .post('/v1/bodies')
      .set(KEY_HEADER, key)
      .send({ ...input, name: 'Changed' });
    expectProblem(misuse, 422, 'idempotency-key-reused');
    expect(await countRows(server, 'SELECT 1 FROM bodies WHERE designation = $1', [input.designation])).toBe(1);
  });

  it('create once when copies race through both instances', async () => {
    const key = newKey();
    const input = { designation: uniqueDesignation('RACE2'), name: 'Raced', kind: 'subcommittee' };
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 === 0 ? server : second).http.post('/v1/bodies').set(KEY_HEADER, key).send(input),
      ),
    );
    const firsts = responses.filter((r) => r.status === 201 && r.headers[REPLAYED_HEADER] === undefined);
    expect(firsts).toHaveLength(1);
    const id = (firsts[0]!.body as BodyRecord).id;
    for (const response of responses) {
      if (response.status === 201) expect(response.body.id).toBe(id);
      else expectProblem(response, 409, 'idempotency-key-in-flight');
    }
    expect(await countRows(server, 'SELECT 1 FROM bodies WHERE designation = $1', [input.designation])).toBe(1);
  });
});

describe('expiry', () => {
  const TTL_HOURS = '0.0005'; // 1.8 s
  let shortLived: TestServer;

  beforeAll(async () => {
    // A stale row of another caller, expired long ago: the new instance's first claim purges it.
    await server.db.query(
      `INSERT INTO idempotency_keys (principal, key, method, path, fingerprint, state, claim_token, response_status,
         response_body, completed_at, expires_at, locked_until)
       VALUES ('sha256:stale', 'stale-key', 'POST', '/v1/bodies', 'x', 'completed', gen_random_uuid(), 201, '{}',
         now() - interval '2 days', now() - interval '1 day', now() - interval '2 days')`,
    );
    shortLived = await startServer({
      databaseUrl: server.databaseUrl,
      env: { IDEMPOTENCY_TTL_HOURS: TTL_HOURS, ADMIN_API_KEY: server.adminKey },
    });
  });

  afterAll(async () => {
    await shortLived?.dispose();
  });

  it('frees a key once its time is up (IDEMPOTENCY_TTL_HOURS), and purges expired keys', async () => {
    const key = newKey();
    const input = { designation: uniqueDesignation('TTL'), name: 'Short-lived', kind: 'subcommittee' };
    const first = await shortLived.http.post('/v1/bodies').set(KEY_HEADER, key).send(input);
    expect(first.status).toBe(201);
    const [row] = await keyRows(server, key);
    expect(row!.ttl_ms).toBe(1800);

    const replay = await shortLived.http.post('/v1/bodies').set(KEY_HEADER, key).send(input);
    expect(replay.headers[REPLAYED_HEADER]).toBe('true');
    expect(replay.body).toEqual(first.body);

    // The purge runs in the background after the first claim of an instance.
    let stale = 1;
    for (let i = 0; i < 50 && stale > 0; i += 1) {
      stale = await countRows(server, "SELECT 1 FROM idempotency_keys WHERE key = 'stale-key'");
      if (stale > 0) await sleep(50);
    }
    expect(stale).toBe(0);

    await sleep(1900);
    // Expired: the key is free again, even for a different request.
    const reused = { designation: uniqueDesignation('TTL'), name: 'Second use', kind: 'subcommittee' };
    const fresh = await shortLived.http.post('/v1/bodies').set(KEY_HEADER, key).send(reused);
    expect(fresh.status).toBe(201);
    expect(fresh.headers[REPLAYED_HEADER]).toBeUndefined();
    expect(fresh.body.id).not.toBe(first.body.id);
    expect(fresh.body.designation).toBe(reused.designation);
    const rows = await keyRows(server, key);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.response_body).toBe(fresh.text);
  });
});
