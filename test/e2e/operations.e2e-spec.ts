import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createBody } from '../support/factories.js';
import { committedDocument, operationsOf } from '../support/openapi.js';
import { spawnApp, startServer, type TestServer } from '../support/server.js';

const root = path.resolve(import.meta.dirname, '../..');
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ env: { LOG_LEVEL: 'info' } });
});

afterAll(async () => {
  await server?.dispose();
});

describe('health', () => {
  it('reports liveness without touching the database', async () => {
    const response = await server.http.get('/health/live');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
  });

  it('reports readiness with the database check', async () => {
    const response = await server.http.get('/health/ready');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });
  });
});

describe('probes and scrapes', () => {
  const withoutCredentials = operationsOf(committedDocument()).filter((operation) => !operation.statuses.has(401));

  it('are exactly the operations the document lists without 401', () => {
    expect(withoutCredentials.map((operation) => operation.path).sort()).toEqual([
      '/health/live',
      '/health/ready',
      '/metrics',
    ]);
  });

  it.each(withoutCredentials.map((operation) => [operation.path]))(
    '%s reads no credentials: a bad key is no 401',
    async (path) => {
      for (const headers of [{ authorization: 'Bearer lr_not-a-key' }, { 'x-api-key': 'malformed key' }]) {
        const response = await server.anon.get(path).set(headers);
        expect([path, response.status]).toEqual([path, 200]);
      }
    },
  );
});

describe('metrics', () => {
  it('counts requests by route pattern and status, and records latency', async () => {
    const body = await createBody(server);
    await server.http.get(`/v1/bodies/${body.id}`);
    await server.http.get(`/v1/bodies/${body.id}`);
    await server.http.get('/v1/bodies/00000000-0000-4000-8000-000000000000');
    const response = await server.http.get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toMatch(/^http_requests_total\{method="GET",route="\/v1\/bodies\/:id",status="200"\} 2$/m);
    expect(response.text).toMatch(/^http_requests_total\{method="GET",route="\/v1\/bodies\/:id",status="404"\} 1$/m);
    expect(response.text).toMatch(/^http_requests_total\{method="POST",route="\/v1\/bodies",status="201"\} 1$/m);
    expect(response.text).toMatch(
      /^http_request_duration_seconds_bucket\{le="0.1",method="GET",route="\/v1\/bodies\/:id",status="200"\} \d+$/m,
    );
    expect(response.text).toContain('process_resident_memory_bytes');
  });
});

describe('OpenAPI and Swagger UI', () => {
  it('serves Swagger UI at /docs', async () => {
    const response = await server.http.get('/docs');
    expect(response.status).toBe(200);
    expect(response.text).toMatch(/swagger-ui/i);
  });

  it('serves at /openapi.json exactly the committed openapi/openapi.json', async () => {
    const response = await server.http.get('/openapi.json');
    expect(response.status).toBe(200);
    const committed: unknown = JSON.parse(readFileSync(path.join(root, 'openapi/openapi.json'), 'utf8'));
    expect(response.body).toEqual(committed);
  });

  it('has the committed document up to date with the code (npm run openapi)', () => {
    const result = spawnSync(process.execPath, [path.join(root, 'dist/src/openapi/generate.js'), '--check'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('documents the bodies operations with stable ids, named enums and problem responses', async () => {
    const document = (await server.http.get('/openapi.json')).body;
    expect(document.openapi).toBe('3.1.0');
    const operations: Record<string, { path: string; method: string; responses: Record<string, unknown> }> = {};
    for (const [route, item] of Object.entries(
      document.paths as Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>,
    )) {
      for (const [method, operation] of Object.entries(item)) {
        operations[operation.operationId] = { path: route, method, responses: operation.responses };
      }
    }
    expect(operations).toMatchObject({
      listBodies: { path: '/v1/bodies', method: 'get' },
      createBody: { path: '/v1/bodies', method: 'post' },
      getBody: { path: '/v1/bodies/{id}', method: 'get' },
      updateBody: { path: '/v1/bodies/{id}', method: 'patch' },
      deleteBody: { path: '/v1/bodies/{id}', method: 'delete' },
      listBodyChildren: { path: '/v1/bodies/{id}/children', method: 'get' },
    });
    expect(Object.keys(operations.createBody!.responses).sort()).toEqual([
      '201',
      '400',
      '401',
      '403',
      '409',
      '413',
      '415',
      '422',
      '429',
      '500',
      '503',
    ]);
    expect(operations.getBody!.responses['404']).toEqual({
      description: expect.any(String),
      content: {
        'application/problem+json': {
          schema: { $ref: '#/components/schemas/ProblemDto' },
          example: expect.objectContaining({ type: '/problems/not-found', status: 404 }),
        },
      },
    });
    // Conditional reads (app.factory.ts) are documented on every read: If-None-Match in, ETag and 304 out.
    expect(Object.keys(operations.getBody!.responses).sort()).toEqual([
      '200',
      '304',
      '400',
      '401',
      '404',
      '429',
      '500',
      '503',
    ]);
    // The database may be unavailable: 503 with Retry-After.
    expect(operations.getBody!.responses['503']).toEqual({ $ref: '#/components/responses/ServiceUnavailable' });
    expect(document.components.schemas.BodyKind.enum).toContain('working_group');
    expect(document.components.schemas.BodyStatus.enum).toEqual(['proposed', 'active', 'inactive', 'disbanded']);
    expect(JSON.stringify(document)).not.toContain('"nullable"');
  });
});

describe('logging', () => {
  it('writes structured JSON request logs carrying the request id', async () => {
    await server.http.get('/v1/bodies?limit=1').set('x-request-id', 'log-probe-1');
    await new Promise((r) => setTimeout(r, 200));
    const line = server
      .output()
      .split('\n')
      .find((l) => l.includes('log-probe-1'));
    expect(line).toBeDefined();
    const entry = JSON.parse(line!) as {
      req: { id: string; method: string; url: string };
      res: { statusCode: number };
    };
    expect(entry.req).toEqual({ id: 'log-probe-1', method: 'GET', url: '/v1/bodies?limit=1' });
    expect(typeof (entry as unknown as { responseTime: number }).responseTime).toBe('number');
    expect(entry.res.statusCode).toBe(200);
  });
});

describe('configuration', () => {
  it.each([
    ['PORT', 'not-a-port'],
    ['LOG_LEVEL', 'shouty'],
    ['DATABASE_URL', 'mysql://nope/x'],
  ])('refuses to start with an invalid %s, naming it', async (variable, value) => {
    const { exited, output } = spawnApp({
      [variable]: value,
      DATABASE_URL: server.databaseUrl,
      ...{ [variable]: value },
    });
    expect(await exited).toBe(1);
    expect(output()).toContain(`Invalid configuration: ${variable}`);
  });
});

describe('shutdown', () => {
  it('stops on SIGTERM with exit code 0 and closes its connections', async () => {
    const own = await startServer({ databaseUrl: server.databaseUrl });
    const before = await server.db.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'liaison-registry' AND datname = current_database()",
    );
    expect(before.rows[0].n).toBeGreaterThan(0);
    expect(await own.stop()).toBe(0);
    expect(own.output()).toContain('stopped');
    await own.dispose();
    // the remaining connections are the main test server's only
    const after = await server.db.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'liaison-registry' AND datname = current_database()",
    );
    expect(after.rows[0].n).toBeLessThan(before.rows[0].n);
  });
});
