import { createBody, expectProblem, uniqueDesignation, type BodyRecord } from '../support/factories.js';
import { bare, countRows, KEY_HEADER, keyRows, newKey, REPLAYED_HEADER } from '../support/idempotency-helpers.js';
import { createApiKey, uniqueKeyName } from '../support/auth.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.dispose();
});

function bodyInput(designation = uniqueDesignation('IDEM')): Record<string, unknown> {
  return { designation, name: 'Idempotent body', kind: 'technical_committee' };
}

async function bodiesNamed(designation: string): Promise<number> {
  return countRows(server, 'SELECT 1 FROM bodies WHERE designation = $1', [designation]);
}

describe('replaying a POST with the same Idempotency-Key', () => {
  it('answers the first response again (status, body, Location) without creating anything', async () => {
    const key = newKey();
    const input = bodyInput();
    const first = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(input);
    expect(first.status).toBe(201);
    expect(first.headers[REPLAYED_HEADER]).toBeUndefined();
    const created = first.body as BodyRecord;
    expect(first.headers.location).toBe(`/v1/bodies/${created.id}`);

    // The same payload with its fields in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(input).reverse());
    const again = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(reordered);
    expect(again.status).toBe(201);
    expect(again.headers[REPLAYED_HEADER]).toBe('true');
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.text).toBe(first.text);
    expect(again.body).toEqual(created);
    // Each answer still has its own request id.
    expect(again.headers['x-request-id']).not.toBe(first.headers['x-request-id']);

    expect(await bodiesNamed(input.designation as string)).toBe(1);
    const [row, ...others] = await keyRows(server, key);
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      principal: expect.stringMatching(/^sha256:/),
      key: bare(key),
      method: 'POST',
      path: '/v1/bodies',
      state: 'completed',
      response_status: 201,
      response_headers: { 'content-type': 'application/json; charset=utf-8', location: first.headers.location },
      response_body: first.text,
      locked: false,
    });
    expect(row!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.ttl_ms).toBe(24 * 3_600_000);
  });

  it('treats the quoted and the bare spelling of a key as the same key', async () => {
    const key = newKey();
    const input = bodyInput();
    const first = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(input);
    expect(first.status).toBe(201);
    const again = await server.http
      .post('/v1/bodies')
      .set(KEY_HEADER, ` ${bare(key)} `)
      .send(input);
    expect(again.status).toBe(201);
    expect(again.headers[REPLAYED_HEADER]).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await bodiesNamed(input.designation as string)).toBe(1);
  });

  it('ignores a trailing slash on the path, as the router does', async () => {
    const key = newKey();
    const input = bodyInput();
    const first = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(input);
    const again = await server.http.post('/v1/bodies/').set(KEY_HEADER, key).send(input);
    expect(again.status).toBe(201);
    expect(again.headers[REPLAYED_HEADER]).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('runs every request without a key, as before', async () => {
    const input = bodyInput();
    expect((await server.http.post('/v1/bodies').send(input)).status).toBe(201);
    const again = await server.http.post('/v1/bodies').send(input);
    expectProblem(again, 409, 'duplicate-resource');
    expect(again.headers[REPLAYED_HEADER]).toBeUndefined();
  });
});

describe('reusing a key for a different request', () => {
  it('answers 422 for another payload and creates nothing; the original still replays', async () => {
    const key = newKey();
    const input = bodyInput();
    const first = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(input);
    expect(first.status).toBe(201);

    const other = bodyInput();
    const response = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(other);
    expectProblem(response, 422, 'idempotency-key-reused');
    expect(response.body.detail).toContain('POST /v1/bodies');
    expect(response.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    expect(response.headers[REPLAYED_HEADER]).toBeUndefined();
    expect(await bodiesNamed(other.designation as string)).toBe(0);

    // Even an invalid body is "a different request": 422, not 400.
    expectProblem(await server.http.post('/v1/bodies').set(KEY_HEADER, key).send({ name: 1 }), 422);

    const replay = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(input);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    const rows = await keyRows(server, key);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.response_body).toBe(first.text);
  });

  it('answers 422 when the key is reused on another path, and runs nothing there', async () => {
    const key = newKey();
    const sender = await createBody(server);
    const recipient = await createBody(server);
    expect((await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(bodyInput())).status).toBe(201);
    const reference = `LS-${bare(key).slice(0, 8)}`;
    const response = await server.http
      .post('/v1/statements')
      .set(KEY_HEADER, key)
      .send({ reference, title: 'LS', purpose: 'information', fromBodyId: sender.id, toBodyIds: [recipient.id] });
    expectProblem(response, 422, 'idempotency-key-reused');
    expect(await countRows(server, 'SELECT 1 FROM statements WHERE reference = $1', [reference])).toBe(0);
    expect((await keyRows(server, key)).map((r) => r.path)).toEqual(['/v1/bodies']);
  });
});

describe('concurrent copies of one request', () => {
  it('creates exactly once; the other copies get the replay or 409 in flight', async () => {
    const key = newKey();
    const input = bodyInput();
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => server.http.post('/v1/bodies').set(KEY_HEADER, key).send(input)),
    );
    const firsts = responses.filter((r) => r.status === 201 && r.headers[REPLAYED_HEADER] === undefined);
    expect(firsts).toHaveLength(1);
    const id = (firsts[0]!.body as BodyRecord).id;
    for (const response of responses) {
      if (response.status === 201) {
        expect(response.body.id).toBe(id);
      } else {
        expectProblem(response, 409, 'idempotency-key-in-flight');
        expect(response.headers['retry-after']).toBe('1');
      }
    }
    expect(await bodiesNamed(input.designation as string)).toBe(1);
    expect(await keyRows(server, key)).toHaveLength(1);
  });

  it('answers 409 in flight while the first copy runs, and lets a dead instance’s claim be taken over', async () => {
    const key = newKey();
    const input = bodyInput();
    // A claim whose instance died before its write committed: the key is in flight, and nothing was written.
    const first = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(input);
    expect(first.status).toBe(201);
    expect((await server.http.delete(`/v1/bodies/${(first.body as BodyRecord).id}`)).status).toBe(204);
    await server.db.query(
      `UPDATE idempotency_keys SET state = 'in_flight', response_status = NULL, response_headers = NULL,
         response_body = NULL, completed_at = NULL, resource_type = NULL, resource_id = NULL,
         locked_until = now() + interval '1 minute'
       WHERE key = $1`,
      [bare(key)],
    );
    const busy = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(input);
    expectProblem(busy, 409, 'idempotency-key-in-flight');
    expect(busy.headers['retry-after']).toBe('1');
    expect(busy.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    // A different payload is still a misuse of the key, in flight or not.
    expectProblem(await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(bodyInput()), 422);

    // Its lock runs out (the instance died): a retry takes the key over and runs the request.
    await server.db.query(`UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE key = $1`, [
      bare(key),
    ]);
    const retried = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(input);
    expect(retried.status).toBe(201);
    expect(retried.headers[REPLAYED_HEADER]).toBeUndefined();
    expect(await bodiesNamed(input.designation as string)).toBe(1);
    const [row] = await keyRows(server, key);
    expect(row).toMatchObject({ state: 'completed', response_status: 201, locked: false });
  });

  it('never runs a committed write again, even when its response was lost', async () => {
    const key = newKey();
    const input = bodyInput();
    // The instance "dies" between committing the write and recording its response: recording it fails here.
    await server.db.query(`CREATE FUNCTION idem_lose() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.key = '${bare(key)}' AND NEW.state = 'completed' THEN RAISE EXCEPTION 'response lost'; END IF;
        RETURN NEW;
      END $$`);
    await server.db.query(
      'CREATE TRIGGER idem_lose BEFORE UPDATE ON idempotency_keys FOR EACH ROW EXECUTE FUNCTION idem_lose()',
    );
    let created: BodyRecord;
    try {
      const first = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(input);
      expect(first.status).toBe(201);
      created = first.body as BodyRecord;
    } finally {
      await server.db.query('DROP TRIGGER idem_lose ON idempotency_keys');
      await server.db.query('DROP FUNCTION idem_lose()');
    }
    // The key was marked in the write's own transaction, with the resource it made.
    const [marked] = await server.db
      .query<{ state: string; resource_type: string; resource_id: string }>(
        'SELECT state, resource_type, resource_id FROM idempotency_keys WHERE key = $1',
        [bare(key)],
      )
      .then((result) => result.rows);
    expect(marked).toEqual({ state: 'committed', resource_type: 'body', resource_id: created.id });

    // While its lock holds, the request may still be finishing: in flight.
    expectProblem(
      await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(input),
      409,
      'idempotency-key-in-flight',
    );
    // Once the lock runs out, a retry is not run again: it is told where the result is.
    await server.db.query(`UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE key = $1`, [
      bare(key),
    ]);
    const retried = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(input);
    expectProblem(retried, 409, 'idempotency-key-applied');
    expect(retried.headers.location).toBe(`/v1/bodies/${created.id}`);
    expect(retried.body.resource).toEqual({ type: 'body', id: created.id });
    expect(retried.body.detail).toContain(`/v1/bodies/${created.id}`);
    expect(await bodiesNamed(input.designation as string)).toBe(1);
    // Another request under the key is still a misuse of it.
    expectProblem(await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(bodyInput()), 422);
  });
});

describe('which responses are kept', () => {
  it('replays a 4xx first response, even once the request would succeed', async () => {
    const existing = await createBody(server);
    const key = newKey();
    const input = bodyInput(existing.designation);
    const first = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(input);
    expectProblem(first, 409, 'duplicate-resource');

    expect((await server.http.delete(`/v1/bodies/${existing.id}`)).status).toBe(204);
    const again = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(input);
    expect(again.status).toBe(409);
    expect(again.headers[REPLAYED_HEADER]).toBe('true');
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(again.body).toEqual(first.body);
    expect(await bodiesNamed(existing.designation)).toBe(0);
  });

  it('replays a 400 validation failure', async () => {
    const key = newKey();
    const first = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send({ designation: 'X' });
    expectProblem(first, 400, 'validation-error');
    const again = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send({ designation: 'X' });
    expect(again.status).toBe(400);
    expect(again.headers[REPLAYED_HEADER]).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('does not record a body refused before the key is looked at (malformed JSON)', async () => {
    const key = newKey();
    const malformed = await server.http
      .post('/v1/bodies')
      .set(KEY_HEADER, key)
      .set('content-type', 'application/json')
      .send('{"designation":');
    expectProblem(malformed, 400, 'malformed-json');
    expect(await keyRows(server, key)).toEqual([]);
    const input = bodyInput();
    const next = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(input);
    expect(next.status).toBe(201);
    expect(next.headers[REPLAYED_HEADER]).toBeUndefined();
    expect(await bodiesNamed(input.designation as string)).toBe(1);
  });

  it('does not keep a 5xx: the key is freed and a retry runs the request again', async () => {
    const designation = uniqueDesignation('BOOM');
    // A fault injected into this suite's own database: inserting this one designation fails unexpectedly.
    await server.db.query(`CREATE FUNCTION idem_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.designation = '${designation}' THEN RAISE EXCEPTION 'injected fault' USING ERRCODE = 'XX000'; END IF;
        RETURN NEW;
      END $$`);
    await server.db.query('CREATE TRIGGER idem_boom BEFORE INSERT ON bodies FOR EACH ROW EXECUTE FUNCTION idem_boom()');
    const key = newKey();
    try {
      const failed = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(bodyInput(designation));
      expectProblem(failed, 500, 'internal-error');
      expect(await keyRows(server, key)).toEqual([]);
    } finally {
      await server.db.query('DROP TRIGGER idem_boom ON bodies');
      await server.db.query('DROP FUNCTION idem_boom()');
    }
    const retried = await server.http.post('/v1/bodies').set(KEY_HEADER, key).send(bodyInput(designation));
    expect(retried.status).toBe(201);
    expect(retried.headers[REPLAYED_HEADER]).toBeUndefined();
    expect(await bodiesNamed(designation)).toBe(1);
    expect((await keyRows(server, key))[0]).toMatchObject({ state: 'completed', response_status: 201 });
  });
});

describe('callers', () => {
  it('keeps the keys of different callers apart and never stores their credentials', async () => {
    const key = newKey();
    const alice = bodyInput();
    const bob = bodyInput();
    const [aliceKey, bobKey, carolKey] = await Promise.all(
      ['alice', 'bob', 'carol'].map((name) => createApiKey(server, { role: 'admin', name: uniqueKeyName(name) })),
    );
    const asAlice = await server.anon
      .post('/v1/bodies')
      .set(KEY_HEADER, key)
      .set('authorization', `Bearer ${aliceKey!.key}`)
      .send(alice);
    const asBob = await server.anon
      .post('/v1/bodies')
      .set(KEY_HEADER, key)
      .set('authorization', `Bearer ${bobKey!.key}`)
      .send(bob);
    const withApiKey = await server.anon
      .post('/v1/bodies')
      .set(KEY_HEADER, key)
      .set('x-api-key', carolKey!.key)
      .send(alice);
    const anonymous = await server.anon.post('/v1/bodies').set(KEY_HEADER, key).send(bob);
    expect(asAlice.status).toBe(201);
    expect(asBob.status).toBe(201);
    expect(asBob.headers[REPLAYED_HEADER]).toBeUndefined();
    // Carol ran her request too: she meets the designation Alice took. Anonymous callers cannot write at all.
    expectProblem(withApiKey, 409, 'duplicate-resource');
    expect(withApiKey.headers[REPLAYED_HEADER]).toBeUndefined();
    expectProblem(anonymous, 401);

    const aliceAgain = await server.anon
      .post('/v1/bodies')
      .set(KEY_HEADER, key)
      .set('authorization', `Bearer ${aliceKey!.key}`)
      .send(alice);
    expect(aliceAgain.headers[REPLAYED_HEADER]).toBe('true');
    expect(aliceAgain.body).toEqual(asAlice.body);
    // The caller is the key, whichever header carries it.
    const aliceByHeader = await server.anon
      .post('/v1/bodies')
      .set(KEY_HEADER, key)
      .set('x-api-key', aliceKey!.key)
      .send(alice);
    expect(aliceByHeader.headers[REPLAYED_HEADER]).toBe('true');
    expect(aliceByHeader.body).toEqual(asAlice.body);

    const rows = await keyRows(server, key);
    const principals = rows.map((r) => r.principal);
    expect(new Set(principals).size).toBe(principals.length);
    expect(principals.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      for (const secret of [aliceKey!.key, bobKey!.key, carolKey!.key])
        expect(JSON.stringify(row)).not.toContain(secret);
    }
  });
});

describe('the Idempotency-Key header', () => {
  it.each([
    ['empty quotes', '""'],
    ['an unterminated string', '"abc'],
    ['text after the closing quote', '"abc"def'],
    ['a bad escape', '"a\\bc"'],
    ['a tab', 'a\tb'],
    ['a non-ASCII character', 'clé'],
    ['256 characters', 'k'.repeat(256)],
    ['256 characters quoted', `"${'k'.repeat(256)}"`],
  ])('answers 400 for %s and runs nothing', async (_case, value) => {
    const input = bodyInput();
    const response = await server.http.post('/v1/bodies').set(KEY_HEADER, value).send(input);
    expectProblem(response, 400, 'validation-error');
    expect(response.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    expect(await bodiesNamed(input.designation as string)).toBe(0);
  });

  it('accepts 255 characters and escaped quotes and backslashes', async () => {
    const long = `${bare(newKey())}${'k'.repeat(219)}`;
    expect(long).toHaveLength(255);
    expect((await server.http.post('/v1/bodies').set(KEY_HEADER, long).send(bodyInput())).status).toBe(201);
    expect(await keyRows(server, long)).toHaveLength(1);

    const id = bare(newKey());
    const input = bodyInput();
    const escaped = await server.http.post('/v1/bodies').set(KEY_HEADER, `"${id} say \\"hi\\" \\\\o/"`).send(input);
    expect(escaped.status).toBe(201);
    expect(await keyRows(server, `${id} say "hi" \\o/`)).toHaveLength(1);
  });

  it('is ignored on other methods and unknown routes', async () => {
    const body = await createBody(server);
    const key = newKey();
    expect((await server.http.patch(`/v1/bodies/${body.id}`).set(KEY_HEADER, key).send({ name: 'New' })).status).toBe(
      200,
    );
    expect((await server.http.get(`/v1/bodies/${body.id}`).set(KEY_HEADER, key)).status).toBe(200);
    expectProblem(await server.http.post('/v1/nowhere').set(KEY_HEADER, key).send({}), 404, 'route-not-found');
    expect(await keyRows(server, key)).toEqual([]);
    // Not even checked there.
    expect((await server.http.patch(`/v1/bodies/${body.id}`).set(KEY_HEADER, '"').send({ name: 'Newer' })).status).toBe(
      200,
    );
  });
});

describe('operations that show a secret once', () => {
  it.each([
    ['/v1/api-keys', { name: 'idempotent key', role: 'reader' }, 'SELECT 1 FROM api_keys WHERE name = $1', 'name'],
    [
      '/v1/webhooks',
      { url: 'https://93.184.216.34/hook' },
      'SELECT 1 FROM webhook_subscriptions WHERE url = $1',
      'url',
    ],
  ])('POST %s refuses an Idempotency-Key (400) and creates nothing', async (path, input, lookup, field) => {
    const key = newKey();
    const unique = { ...input, [field]: `${String(input[field as keyof typeof input])}-${bare(key)}` };
    const refused = await server.http.post(path).set(KEY_HEADER, key).send(unique);
    expectProblem(refused, 400, 'idempotency-key-not-accepted');
    expect(refused.body.errors).toEqual([{ field: 'Idempotency-Key', message: 'not accepted by this operation' }]);
    expect(await countRows(server, lookup, [unique[field as keyof typeof unique]])).toBe(0);
    expect(await keyRows(server, key)).toEqual([]);
    // Without the header it works, and the secret is stored nowhere but in the answer.
    const created = await server.http.post(path).send(unique);
    expect(created.status).toBe(201);
    expect(await countRows(server, lookup, [unique[field as keyof typeof unique]])).toBe(1);
  });
});
