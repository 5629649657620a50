/**
 * Abuse limits: rate limits per key and per address, body size, security headers, CORS, bounded
 * page sizes, and the length limits the OpenAPI document states on every input.
 */
import { randomUUID } from 'node:crypto';
import { createApiKey } from '../support/auth.js';
import { databaseState } from '../support/db-state.js';
import { expectProblem } from '../support/factories.js';
import { alternatives, committedDocument, operationsOf, resolve, type JsonSchema } from '../support/openapi.js';
import { startServer, type TestServer } from '../support/server.js';

describe('rate limits', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ env: { RATE_LIMIT_PER_MINUTE: '8', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '5' } });
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('limit each key on its own, and anonymous callers (bad keys included) by address, with 429 and Retry-After', async () => {
    // Keys are made with the admin key, which uses up its own budget only.
    const first = await createApiKey(server, { role: 'reader' });
    const second = await createApiKey(server, { role: 'reader' });

    for (let i = 0; i < 8; i += 1) {
      const response = await first.http.get('/v1/bodies?limit=1');
      expect(response.status).toBe(200);
      expect(response.headers['x-ratelimit-limit']).toBe('8');
      expect(response.headers['x-ratelimit-remaining']).toBe(String(7 - i));
    }
    const limited = await first.http.get('/v1/bodies?limit=1');
    expectProblem(limited, 429, 'too-many-requests');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(limited.body.retryAfter).toBe(retryAfter);
    // Writes are counted too, and refused before anything is done.
    const before = await databaseState(server.db);
    expectProblem(
      await first.http.post('/v1/bodies').send({ designation: 'LIMITED', name: 'x', kind: 'other' }),
      429,
      'too-many-requests',
    );
    expect(await databaseState(server.db)).toEqual(before);

    // Another key has its own budget.
    expect((await second.http.get('/v1/bodies?limit=1')).status).toBe(200);

    for (let i = 0; i < 5; i += 1) expect((await server.anon.get('/v1/bodies?limit=1')).status).toBe(200);
    expectProblem(await server.anon.get('/v1/bodies?limit=1'), 429, 'too-many-requests');
    // Guessing keys from the same address is throttled like anonymous reads: 429, not another look-up.
    expectProblem(
      await server.anon.get('/v1/bodies?limit=1').set('x-api-key', 'lr_guessguessguessguessguessguessguessguess1'),
      429,
      'too-many-requests',
    );
    // The probes are never limited.
    expect((await server.anon.get('/health/live')).status).toBe(200);
    expect((await server.anon.get('/health/ready')).status).toBe(200);
    expect((await second.http.get('/v1/bodies?limit=1')).status).toBe(200);
  });
});

describe('with the default settings', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ env: { BODY_LIMIT_BYTES: '2048' } });
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('sends security headers on API responses and problems', async () => {
    for (const response of [await server.anon.get('/v1/bodies'), await server.anon.post('/v1/bodies').send({})]) {
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': expect.stringContaining('max-age='),
        'cross-origin-resource-policy': 'same-origin',
      });
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('keeps Swagger UI at /docs working under the content security policy', async () => {
    const page = await server.anon.get('/docs');
    expect(page.status).toBe(200);
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    // Every script the page loads comes from this origin (no inline script the policy would block).
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(inline!.trim()).toBe('');
      const src = /src="([^"]+)"/.exec(attributes!)![1]!;
      expect(src.startsWith('./') || src.startsWith('/')).toBe(true);
      const script = await server.anon.get(new URL(src, `${server.baseUrl}/docs`).pathname);
      expect([src, script.status]).toEqual([src, 200]);
    }
    expect((await server.anon.get('/openapi.json')).status).toBe(200);
  });

  it('answers no CORS headers while CORS_ORIGINS is unset', async () => {
    const preflight = await server.anon
      .options('/v1/bodies')
      .set('origin', 'https://portal.example.org')
      .set('access-control-request-method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const read = await server.anon.get('/v1/bodies').set('origin', 'https://portal.example.org');
    expect(read.status).toBe(200);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses bodies over the limit with 413 on any write, and non-JSON bodies with 415', async () => {
    const before = await databaseState(server.db);
    expectProblem(
      await server.http.post('/v1/contacts').send({ name: 'x'.repeat(3000), email: 'big@example.org' }),
      413,
      'payload-too-large',
    );
    const id = randomUUID();
    expectProblem(
      await server.http
        .delete(`/v1/contacts/${id}`)
        .set('content-type', 'application/json')
        .send('"' + 'x'.repeat(3000) + '"'),
      413,
      'payload-too-large',
    );
    expectProblem(
      await server.http.delete(`/v1/contacts/${id}`).set('content-type', 'text/plain').send('hello'),
      415,
      'unsupported-media-type',
    );
    expect(await databaseState(server.db)).toEqual(before);
  });

  it('answers router-level refusals (malformed URL, over-long path parameter) as problems', async () => {
    const malformed = await server.anon.get('/v1/bodies/%E0%A4%A');
    expectProblem(malformed, 400, 'bad-request');
    const long = await server.http.delete(`/v1/bodies/${'a'.repeat(300)}`);
    expectProblem(long, 400, 'bad-request');
    expect(long.body.detail).toMatch(/longer than 200 characters/);
    // The router answers before any hook: the security headers are set there too.
    for (const response of [malformed, long]) {
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
      });
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    }
  });

  it('bounds the page size of every list', async () => {
    const lists = operationsOf(committedDocument()).filter(
      (o) => o.method === 'get' && o.parameters.some((p) => p.name === 'limit'),
    );
    expect(lists.length).toBeGreaterThanOrEqual(10);
    for (const operation of lists) {
      const limit = operation.parameters.find((p) => p.name === 'limit')!;
      expect([operation.operationId, limit.schema?.minimum, limit.schema?.maximum]).toEqual([
        operation.operationId,
        1,
        200,
      ]);
      const path = operation.path.replace(/\{\w+\}/g, randomUUID());
      const q = operation.parameters.some((p) => p.name === 'q' && p.required) ? '&q=x' : '';
      for (const bad of ['0', '201', '-1', '1e3', 'all']) {
        const response = await server.http.get(`${path}?limit=${bad}${q}`);
        expect([operation.operationId, bad, response.status]).toEqual([operation.operationId, bad, 400]);
      }
    }
  });
});

describe('with CORS_ORIGINS set', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ env: { CORS_ORIGINS: 'https://portal.example.org' } });
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('answers preflights from the listed origins only, allowing keys and exposing paging and limits', async () => {
    const preflight = await server.anon
      .options('/v1/bodies')
      .set('origin', 'https://portal.example.org')
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'authorization,content-type');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://portal.example.org');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/X-API-Key/);
    const read = await server.anon.get('/v1/bodies?limit=1').set('origin', 'https://portal.example.org');
    expect(read.headers['access-control-allow-origin']).toBe('https://portal.example.org');
    expect(read.headers['access-control-expose-headers']).toMatch(/Link/);
    expect(read.headers['access-control-expose-headers']).toMatch(/Retry-After/);
    expect(read.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const other = await server.anon
      .options('/v1/bodies')
      .set('origin', 'https://evil.example.com')
      .set('access-control-request-method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('input length limits', () => {
  const document = committedDocument();

  /** Every string and array a client can send, with where it is. */
  function inputs(): { where: string; schema: JsonSchema }[] {
    const out: { where: string; schema: JsonSchema }[] = [];
    const visit = (schema: JsonSchema | undefined, where: string, seen: Set<string>) => {
      if (!schema) return;
      if (schema.$ref) {
        if (seen.has(schema.$ref)) return;
        return visit(resolve(document, schema), where, new Set([...seen, schema.$ref]));
      }
      for (const option of [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]) {
        visit(option, where, seen);
      }
      const types = ([] as unknown[]).concat(schema.type ?? []);
      if ((types.includes('string') && !schema.enum) || types.includes('array')) out.push({ where, schema });
      if (types.includes('array')) visit(schema.items, `${where}[]`, seen);
      for (const [name, property] of Object.entries(schema.properties ?? {})) visit(property, `${where}.${name}`, seen);
    };
    for (const operation of operationsOf(document)) {
      for (const parameter of operation.parameters) {
        visit(parameter.schema, `${operation.operationId} ${parameter.in} ${parameter.name}`, new Set());
      }
      visit(operation.requestBody, `${operation.operationId} body`, new Set());
    }
    return out;
  }

  it('are documented on every string (maxLength) and array (maxItems) of every operation', () => {
    const found = inputs();
    expect(found.length).toBeGreaterThan(100);
    const unbounded = found
      .filter(({ schema }) => {
        const types = ([] as unknown[]).concat(schema.type ?? []);
        return types.includes('array') ? schema.maxItems === undefined : schema.maxLength === undefined;
      })
      .map(({ where }) => where);
    expect(unbounded).toEqual([]);
  });

  describe('are enforced', () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await startServer();
    });

    afterAll(async () => {
      await server?.dispose();
    });

    it('on every top-level body field: one character or item too many is a 400 naming the field', async () => {
      const checked: string[] = [];
      const before = await databaseState(server.db);
      for (const operation of operationsOf(document).filter((o) => o.requestBody)) {
        const body = resolve(document, operation.requestBody)!;
        const path = operation.path.replace(/\{\w+\}/g, randomUUID());
        for (const [field, raw] of Object.entries(body.properties ?? {})) {
          const schema = resolve(document, alternatives(raw)[0])!;
          const types = ([] as unknown[]).concat(schema.type ?? []);
          let value: unknown;
          if (types.includes('array') && schema.maxItems !== undefined) {
            const item = resolve(document, schema.items) ?? {};
            value = Array.from({ length: schema.maxItems + 1 }, (_v, i) =>
              item.format === 'uuid' ? randomUUID() : item.properties ? {} : `item ${i}`,
            );
          } else if (types.includes('string') && !schema.enum && schema.maxLength !== undefined && !schema.format) {
            value = 'x'.repeat(schema.maxLength + 1);
          } else continue;
          const response = await server.http[operation.method](path).send({ [field]: value });
          expect([operation.operationId, field, response.status]).toEqual([operation.operationId, field, 400]);
          const fields = (response.body.errors as { field: string }[]).map((e) => e.field);
          expect([
            operation.operationId,
            fields.some((f) => f === field || f.startsWith(`${field}[`) || f.startsWith(`${field}.`)),
          ]).toEqual([operation.operationId, true]);
          checked.push(`${operation.operationId}.${field}`);
        }
      }
      expect(checked.length).toBeGreaterThan(40);
      expect(await databaseState(server.db)).toEqual(before);
    });
  });
});
