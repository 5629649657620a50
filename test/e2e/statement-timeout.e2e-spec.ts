import pg from 'pg';
import { expectProblem } from '../support/factories.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ env: { DB_STATEMENT_TIMEOUT_MS: '500' } });
});

afterAll(async () => {
  await server?.dispose();
});

describe('statement timeout', () => {
  it('cancels a statement that waits too long and answers 503 problem+json, not 500, then serves again', async () => {
    const blocker = new pg.Client({ connectionString: server.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE bodies IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const response = await server.http.get('/v1/bodies');
      const elapsed = Date.now() - started;
      expectProblem(response, 503, 'service-unavailable');
      expect(response.headers['retry-after']).toBe('2');
      expect(elapsed).toBeLessThan(3_000);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    expect((await server.http.get('/v1/bodies')).status).toBe(200);
  });
});
