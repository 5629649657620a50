import { createHash } from 'node:crypto';
import { createApiKey, envAdminKeyName, uniqueKeyName, type ApiKeyRecord } from '../support/auth.js';
import { databaseState } from '../support/db-state.js';
import { createBody, expectProblem } from '../support/factories.js';
import { collectPages, UNKNOWN_ID } from '../support/registry-factories.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;

beforeAll(async () => {
  // Request lines are logged at info: the suite checks that keys never appear in them.
  server = await startServer({ env: { LOG_LEVEL: 'info' } });
});

afterAll(async () => {
  await server?.dispose();
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('POST /v1/api-keys', () => {
  it('creates a key, shows it once, and stores only its hash', async () => {
    const body = await createBody(server);
    const name = uniqueKeyName('etsi-mts-secretariat');
    const response = await server.http
      .post('/v1/api-keys')
      .send({ name, role: 'secretariat', bodyIds: [body.id.toUpperCase()], expiresAt: '2099-12-31T23:59:59+01:00' });
    expect(response.status).toBe(201);
    const created = response.body as ApiKeyRecord & { key: string };
    expect(response.headers.location).toBe(`/v1/api-keys/${created.id}`);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name,
      role: 'secretariat',
      bodyIds: [body.id],
      prefix: created.key.slice(0, 11),
      status: 'active',
      origin: 'api',
      createdBy: `key:${envAdminKeyName(server.adminKey)}`,
      createdAt: expect.any(String),
      lastUsedAt: null,
      expiresAt: '2099-12-31T22:59:59.000Z',
      revokedAt: null,
      key: expect.stringMatching(/^lr_[A-Za-z0-9_-]{43}$/),
    });
    const stored = await server.db.query('SELECT * FROM api_keys WHERE id = $1', [created.id]);
    expect(stored.rows[0].key_hash).toBe(sha256(created.key));
    expect(JSON.stringify(stored.rows[0])).not.toContain(created.key);
    const scopes = await server.db.query('SELECT body_id FROM api_key_scopes WHERE api_key_id = $1', [created.id]);
    expect(scopes.rows).toEqual([{ body_id: body.id }]);
    const read = await server.http.get(`/v1/api-keys/${created.id}`);
    expect(read.status).toBe(200);
    const { key, ...listed } = created;
    expect(read.body).toEqual(listed);
    expect(JSON.stringify(read.body)).not.toContain(key);
    // The key works at once.
    expect((await server.as(key).get('/v1/bodies?limit=1')).status).toBe(200);
  });

  it.each([
    ['a missing name', { role: 'reader' }, 'name'],
    ['an unknown role', { name: 'x', role: 'superuser' }, 'role'],
    ['a name with control characters', { name: 'bad\u0007name', role: 'reader' }, 'name'],
    ['a name with markup', { name: '<script>', role: 'reader' }, 'name'],
    ['a name too long', { name: 'n'.repeat(101), role: 'reader' }, 'name'],
    ['malformed body ids', { name: 'x', role: 'secretariat', bodyIds: ['not-a-uuid'] }, 'bodyIds'],
    ['repeated body ids', { name: 'x', role: 'secretariat', bodyIds: [UNKNOWN_ID, UNKNOWN_ID] }, 'bodyIds'],
    ['an expiry without a time zone', { name: 'x', role: 'reader', expiresAt: '2099-01-01T00:00:00' }, 'expiresAt'],
    ['an expiry that is a date', { name: 'x', role: 'reader', expiresAt: '2099-01-01' }, 'expiresAt'],
    ['an impossible expiry', { name: 'x', role: 'reader', expiresAt: '2099-02-30T00:00:00Z' }, 'expiresAt'],
    ['an unknown field', { name: 'x', role: 'reader', key: 'lr_chosen' }, 'key'],
  ])('answers 400 for %s and writes nothing', async (_case, input, field) => {
    const before = await databaseState(server.db);
    const response = await server.http.post('/v1/api-keys').send(input);
    expectProblem(response, 400, 'validation-error');
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(await databaseState(server.db)).toEqual(before);
  });

  it.each([
    ['a secretariat key without bodies', { role: 'secretariat' }, 'bodyIds', 'rule-violation'],
    ['a secretariat key with an empty scope', { role: 'secretariat', bodyIds: [] }, 'bodyIds', 'rule-violation'],
    ['a reader key with bodies', { role: 'reader', bodyIds: [UNKNOWN_ID] }, 'bodyIds', 'rule-violation'],
    ['an expiry in the past', { role: 'admin', expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt', 'rule-violation'],
    ['an unknown body', { role: 'secretariat', bodyIds: [UNKNOWN_ID] }, 'bodyIds[0]', 'unknown-reference'],
  ])('answers 422 for %s and writes nothing', async (_case, input, field, slug) => {
    const before = await databaseState(server.db);
    const response = await server.http.post('/v1/api-keys').send({ name: uniqueKeyName(), ...input });
    expectProblem(response, 422, slug);
    expect(response.body.errors).toEqual([{ field, message: expect.any(String) }]);
    expect(await databaseState(server.db)).toEqual(before);
  });

  it('refuses a name already used, whatever its case, even by a revoked key', async () => {
    const first = await createApiKey(server, { role: 'reader' });
    expect((await server.http.delete(`/v1/api-keys/${first.id}`)).status).toBe(204);
    const response = await server.http.post('/v1/api-keys').send({ name: first.name.toUpperCase(), role: 'admin' });
    expectProblem(response, 409, 'duplicate-resource');
    expect(response.body.existingId).toBe(first.id);
    const rows = await server.db.query('SELECT count(*)::int AS n FROM api_keys WHERE lower(name) = lower($1)', [
      first.name,
    ]);
    expect(rows.rows[0].n).toBe(1);
  });

  it('gives concurrent creates of one name exactly one winner', async () => {
    const name = uniqueKeyName('race');
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => server.http.post('/v1/api-keys').send({ name, role: 'reader' })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });
});

describe('GET /v1/api-keys', () => {
  it('lists keys without the keys, filters by role, status and body, and pages', async () => {
    const body = await createBody(server);
    const secretariat = await createApiKey(server, { role: 'secretariat', bodyIds: [body.id] });
    const revoked = await createApiKey(server, { role: 'reader' });
    await server.http.delete(`/v1/api-keys/${revoked.id}`);
    const expired = await createApiKey(server, { role: 'reader' });
    await server.db.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [expired.id]);

    const { items, pages } = await collectPages<ApiKeyRecord & { key?: string }>(server, '/v1/api-keys?limit=2');
    expect(pages).toBeGreaterThan(1);
    expect(items.every((k) => k.key === undefined)).toBe(true);
    expect(items.map((k) => k.id)).toEqual(expect.arrayContaining([secretariat.id, revoked.id, expired.id]));
    const byBody = await server.http.get(`/v1/api-keys?bodyId=${body.id}`);
    expect(byBody.body.items.map((k: ApiKeyRecord) => k.id)).toEqual([secretariat.id]);
    const revokedOnes = await server.http.get('/v1/api-keys?status=revoked&limit=200');
    expect(revokedOnes.body.items.map((k: ApiKeyRecord) => k.id)).toContain(revoked.id);
    expect(revokedOnes.body.items.every((k: ApiKeyRecord) => k.status === 'revoked')).toBe(true);
    const expiredOnes = await server.http.get('/v1/api-keys?status=expired&role=reader&limit=200');
    expect(expiredOnes.body.items.map((k: ApiKeyRecord) => k.id)).toEqual([expired.id]);
    const active = await server.http.get('/v1/api-keys?status=active&limit=200&sort=-name');
    const names = active.body.items.map((k: ApiKeyRecord) => k.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0)));
    expect(active.body.items.map((k: ApiKeyRecord) => k.id)).not.toContain(revoked.id);
    expect(active.body.items.map((k: ApiKeyRecord) => k.id)).not.toContain(expired.id);
  });

  it('answers 400 for bad filters and 404 for an unknown key', async () => {
    expectProblem(await server.http.get('/v1/api-keys?role=root'), 400, 'validation-error');
    expectProblem(await server.http.get('/v1/api-keys?limit=201'), 400, 'validation-error');
    expectProblem(await server.http.get('/v1/api-keys?cursor=forged'), 400, 'invalid-cursor');
    expectProblem(await server.http.get(`/v1/api-keys/${UNKNOWN_ID}`), 404, 'not-found');
    expectProblem(await server.http.get('/v1/api-keys/not-a-uuid'), 400, 'validation-error');
  });

  it('is for admins only: 401 anonymous, 403 for readers and secretariats', async () => {
    const body = await createBody(server);
    const reader = await createApiKey(server, { role: 'reader' });
    const secretariat = await createApiKey(server, { role: 'secretariat', bodyIds: [body.id] });
    expectProblem(await server.anon.get('/v1/api-keys'), 401, 'unauthorized');
    const forbidden = await reader.http.get(`/v1/api-keys/${reader.id}`);
    expectProblem(forbidden, 403, 'forbidden');
    expect(forbidden.body.requiredRoles).toEqual(['admin']);
    expectProblem(await secretariat.http.get('/v1/api-keys'), 403, 'forbidden');
  });
});

describe('DELETE /v1/api-keys/{id}', () => {
  it('revokes at once, keeps the key listed, and changes nothing when repeated', async () => {
    const key = await createApiKey(server, { role: 'reader' });
    expect((await key.http.get('/v1/bodies?limit=1')).status).toBe(200);
    expect((await server.http.delete(`/v1/api-keys/${key.id}`)).status).toBe(204);
    const refused = await key.http.get('/v1/bodies?limit=1');
    expectProblem(refused, 401, 'unauthorized');
    expect(refused.body.detail).toBe('The API key has been revoked.');
    const first = (await server.http.get(`/v1/api-keys/${key.id}`)).body as ApiKeyRecord;
    expect(first).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    expect((await server.http.delete(`/v1/api-keys/${key.id}`)).status).toBe(204);
    expect((await server.http.get(`/v1/api-keys/${key.id}`)).body.revokedAt).toBe(first.revokedAt);
  });

  it('answers 404 for an unknown key and 400 for a malformed id', async () => {
    expectProblem(await server.http.delete(`/v1/api-keys/${UNKNOWN_ID}`), 404, 'not-found');
    expectProblem(await server.http.delete('/v1/api-keys/123'), 400, 'validation-error');
  });
});

describe('authentication', () => {
  it('accepts the key as a bearer token or in X-API-Key', async () => {
    const key = await createApiKey(server, { role: 'reader' });
    expect((await server.anon.get('/v1/api-keys').set('authorization', `Bearer ${server.adminKey}`)).status).toBe(200);
    expect((await server.anon.get('/v1/api-keys').set('x-api-key', server.adminKey)).status).toBe(200);
    expect((await server.anon.get('/v1/contacts?limit=1').set('x-api-key', key.key)).status).toBe(200);
  });

  it.each([
    ['an unknown key', { authorization: 'Bearer lr_unknownunknownunknownunknownunknownunknown1' }],
    ['Basic credentials', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a bearer scheme without a token', { authorization: 'Bearer ' }],
    ['an unknown X-API-Key', { 'x-api-key': 'lr_nope' }],
  ])('answers 401 with a challenge for %s, even on a public read', async (_case, headers) => {
    let call = server.anon.get('/v1/bodies');
    for (const [name, value] of Object.entries(headers)) call = call.set(name, value);
    const response = await call;
    expectProblem(response, 401, 'unauthorized');
    expect(response.headers['www-authenticate']).toBe('Bearer realm="liaison-registry", error="invalid_token"');
  });

  it('refuses two different keys in one request', async () => {
    const key = await createApiKey(server, { role: 'reader' });
    const response = await server.http.get('/v1/bodies').set('x-api-key', key.key);
    expectProblem(response, 401, 'unauthorized');
    expect(response.body.detail).toMatch(/different keys/);
  });

  it('answers 401 for an expired key', async () => {
    const key = await createApiKey(server, { role: 'admin', expiresAt: '2099-01-01T00:00:00Z' });
    expect((await key.http.get('/v1/api-keys?limit=1')).status).toBe(200);
    await server.db.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [key.id]);
    const response = await key.http.get('/v1/bodies?limit=1');
    expectProblem(response, 401, 'unauthorized');
    expect(response.body.detail).toBe('The API key has expired.');
  });

  it('answers anonymous reads without any challenge', async () => {
    const response = await server.anon.get('/v1/bodies?limit=1');
    expect(response.status).toBe(200);
    expect(response.headers['www-authenticate']).toBeUndefined();
  });

  it('records the last use at most once a minute', async () => {
    const key = await createApiKey(server, { role: 'reader' });
    const lastUsed = async () =>
      (await server.db.query('SELECT last_used_at FROM api_keys WHERE id = $1', [key.id])).rows[0]
        .last_used_at as Date | null;
    expect(await lastUsed()).toBeNull();
    expect((await key.http.get('/v1/bodies?limit=1')).status).toBe(200);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    for (let i = 0; i < 3; i += 1) expect((await key.http.get('/v1/bodies?limit=1')).status).toBe(200);
    expect(await lastUsed()).toEqual(first);
    // A minute later the next use moves it.
    await server.db.query(`UPDATE api_keys SET last_used_at = now() - interval '61 seconds' WHERE id = $1`, [key.id]);
    expect((await key.http.get('/v1/bodies?limit=1')).status).toBe(200);
    expect((await lastUsed())!.getTime()).toBeGreaterThan(first!.getTime() - 1000);
    expect((await server.http.get(`/v1/api-keys/${key.id}`)).body.lastUsedAt).toEqual(expect.any(String));
  });

  it('never writes a key into the logs', async () => {
    const key = await createApiKey(server, { role: 'reader' });
    await key.http.get('/v1/bodies?limit=1');
    await server.anon.get('/v1/bodies?limit=1').set('x-api-key', key.key);
    // A client that puts its key in the query string by mistake does not get it logged either.
    await server.anon.get(`/v1/bodies?limit=1&api_key=${key.key}`);
    await new Promise((r) => setTimeout(r, 200));
    expect(server.output()).toContain('request completed');
    expect(server.output()).not.toContain(key.key);
    expect(server.output()).not.toContain(server.adminKey);
  });
});
