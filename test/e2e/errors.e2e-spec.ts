import { createBody, expectProblem } from '../support/factories.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;

beforeAll(async () => {
  // A small body limit keeps the 413 case cheap.
  server = await startServer({ env: { BODY_LIMIT_BYTES: '4096' } });
});

afterAll(async () => {
  await server?.dispose();
});

async function bodyCount(): Promise<number> {
  const result = await server.db.query('SELECT count(*)::int AS n FROM bodies');
  return result.rows[0].n as number;
}

describe('errors are RFC 9457 problem details', () => {
  it('answers an unknown route with 404', async () => {
    const response = await server.http.get('/no/such/route');
    expectProblem(response, 404, 'route-not-found');
    expect(response.body.instance).toBe('/no/such/route');
    expect(response.body.detail).toBe('No route GET /no/such/route.');
  });

  it('answers an unknown id with 404', async () => {
    const response = await server.http.get('/v1/bodies/3f2504e0-4f89-41d3-9a0c-0305e82c3301');
    expectProblem(response, 404, 'not-found');
    expect(response.body).toMatchObject({ resource: 'body', id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' });
  });

  it.each(['not-a-uuid', '123', '3f2504e0-4f89-41d3-9a0c-0305e82c330', "1' OR '1'='1"])(
    'answers a malformed UUID (%s) with 400 naming the parameter',
    async (id) => {
      const response = await server.http.get(`/v1/bodies/${encodeURIComponent(id)}`);
      expectProblem(response, 400, 'validation-error');
      expect(response.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    },
  );

  it('answers malformed JSON with 400 and writes nothing', async () => {
    const before = await bodyCount();
    const response = await server.http
      .post('/v1/bodies')
      .set('content-type', 'application/json')
      .send('{"designation": ');
    expectProblem(response, 400, 'malformed-json');
    expect(await bodyCount()).toBe(before);
  });

  it('answers an empty JSON body with 400', async () => {
    const response = await server.http.post('/v1/bodies').set('content-type', 'application/json');
    expectProblem(response, 400, 'malformed-json');
  });

  it('answers a __proto__ key with 400', async () => {
    const response = await server.http
      .post('/v1/bodies')
      .set('content-type', 'application/json')
      .send('{"designation":"X","name":"Y","kind":"other","__proto__":{"admin":true}}');
    expectProblem(response, 400, 'malformed-json');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x'])(
    'answers content type %s with 415',
    async (type) => {
      const response = await server.http.post('/v1/bodies').set('content-type', type).send('designation=X');
      expectProblem(response, 415, 'unsupported-media-type');
    },
  );

  it('answers a body over the size limit with 413 and writes nothing', async () => {
    const before = await bodyCount();
    const response = await server.http
      .post('/v1/bodies')
      .send({ designation: 'BIG', name: 'x'.repeat(5000), kind: 'other' });
    expectProblem(response, 413, 'payload-too-large');
    expect(await bodyCount()).toBe(before);
  });

  it.each([
    [
      'an unknown field',
      { designation: 'A1', name: 'n', kind: 'other', colour: 'red' },
      'colour',
      'colour is not a known field',
    ],
    [
      'a wrong-typed field',
      { designation: 42, name: 'n', kind: 'other' },
      'designation',
      'designation must be a string',
    ],
    [
      'an unknown enum value',
      { designation: 'A2', name: 'n', kind: 'committee-ish' },
      'kind',
      expect.stringContaining('kind must be one of'),
    ],
    ['a missing field', { designation: 'A3', kind: 'other' }, 'name', 'name must be a string'],
    [
      'an empty string',
      { designation: '   ', name: 'n', kind: 'other' },
      'designation',
      expect.stringContaining('longer than or equal to 1'),
    ],
    [
      'a too long string',
      { designation: 'D'.repeat(201), name: 'n', kind: 'other' },
      'designation',
      expect.stringContaining('shorter than or equal to 200'),
    ],
    [
      'a control character',
      { designation: 'A\u0000B', name: 'n', kind: 'other' },
      'designation',
      'designation must not contain control characters',
    ],
    [
      'a non-http website',
      { designation: 'A4', name: 'n', kind: 'other', website: 'javascript:alert(1)' },
      'website',
      'website must be an http or https URL',
    ],
    [
      'a malformed parent id',
      { designation: 'A5', name: 'n', kind: 'other', parentId: 'nope' },
      'parentId',
      'parentId must be a UUID',
    ],
    [
      'a nested object',
      { designation: { $gt: '' }, name: 'n', kind: 'other' },
      'designation',
      'designation must be a string',
    ],
  ])('answers %s with 400 and field details, writing nothing', async (_label, payload, field, message) => {
    const before = await bodyCount();
    const response = await server.http.post('/v1/bodies').send(payload);
    expectProblem(response, 400, 'validation-error');
    expect(response.body.errors).toEqual([{ field, message }]);
    expect(await bodyCount()).toBe(before);
  });

  it.each([
    ['an array', '[{"designation":"X"}]'],
    ['a string', '"hello"'],
    ['a number', '42'],
    ['null', 'null'],
  ])('answers a JSON body that is %s with 400', async (_label, raw) => {
    const response = await server.http.post('/v1/bodies').set('content-type', 'application/json').send(raw);
    expectProblem(response, 400, 'validation-error');
    expect(response.body.errors).toEqual([{ field: 'body', message: 'the request body must be a JSON object' }]);
  });

  it('answers a POST without a body with 400', async () => {
    const response = await server.http.post('/v1/bodies');
    expectProblem(response, 400, 'validation-error');
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1.5', 'limit'],
    ['kind=planet', 'kind'],
    ['parentId=x', 'parentId'],
    ['sort=random', 'sort'],
    ['unknown=1', 'unknown'],
    ['limit=1&limit=2', 'limit'],
    [`q=${'q'.repeat(201)}`, 'q'],
  ])('answers a bad query (%s) with 400 naming %s', async (query, field) => {
    const response = await server.http.get(`/v1/bodies?${query}`);
    expectProblem(response, 400, 'validation-error');
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });

  it.each(['garbage', 'eyJmb28iOiJiYXIifQ', 'a'.repeat(300)])('answers a bad cursor (%s) with 400', async (cursor) => {
    const response = await server.http.get(`/v1/bodies?cursor=${cursor}`);
    expectProblem(response, 400, 'invalid-cursor');
  });

  it('answers a duplicate with 409', async () => {
    const body = await createBody(server);
    const response = await server.http
      .post('/v1/bodies')
      .send({ designation: body.designation, name: 'n', kind: 'other' });
    expectProblem(response, 409, 'duplicate-resource');
  });

  it('answers an unexpected failure with a bare 500 that leaks no stack trace or SQL', async () => {
    // Break the schema under the running server: the next query fails in a way no code path expects.
    await server.db.query('ALTER TABLE bodies RENAME COLUMN designation TO designation_broken');
    try {
      const response = await server.http.get('/v1/bodies?limit=1');
      expectProblem(response, 500, 'internal-error');
      expect(response.body.detail).toBe('An unexpected error occurred.');
      const text = JSON.stringify(response.body);
      expect(text).not.toMatch(/designation|SELECT|column|at .*\.js|QueryFailedError|stack/i);
      expect(Object.keys(response.body).sort()).toEqual(['detail', 'instance', 'requestId', 'status', 'title', 'type']);
    } finally {
      await server.db.query('ALTER TABLE bodies RENAME COLUMN designation_broken TO designation');
    }
    // and the full error went to the log, with the request id (the child's output may arrive after the response)
    for (let i = 0; i < 40 && !/unexpected error/.test(server.output()); i += 1)
      await new Promise((r) => setTimeout(r, 50));
    expect(server.output()).toMatch(/unexpected error/);
  });

  it('echoes a sane X-Request-Id and puts it in problems', async () => {
    const response = await server.http.get('/no/where').set('x-request-id', 'trace-abc-123');
    expect(response.headers['x-request-id']).toBe('trace-abc-123');
    expect(response.body.requestId).toBe('trace-abc-123');
    const replaced = await server.http.get('/no/where').set('x-request-id', 'bad id with spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
