/**
 * Logs on a terminal: `LOG_PRETTY` (on by default when stdout is a TTY) turns the JSON lines into one readable line
 * per entry, and credentials never reach the log in either form.
 */
import { randomApiKey, startServer, type TestServer } from '../support/server.js';
import { waitFor } from '../support/webhook-receiver.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ env: { LOG_LEVEL: 'info', LOG_PRETTY: 'true' } });
});

afterAll(async () => {
  await server?.dispose();
});

describe('readable logs (LOG_PRETTY=true)', () => {
  it('writes one human-readable line per request, with time, level, request id, method, URL and status', async () => {
    const forged = randomApiKey();
    const response = await server.anon
      .get('/v1/bodies?limit=1')
      .set('x-request-id', 'pretty-probe-1')
      .set('x-api-key', forged);
    expect(response.status).toBe(401);
    const line = await waitFor('the request line', () =>
      server
        .output()
        .split('\n')
        .find((l) => l.includes('pretty-probe-1')),
    );
    // Not a JSON line: pino-pretty's single-line form, `[hh:mm:ss.mmm] INFO (…): request completed {…}`.
    expect(() => JSON.parse(line) as unknown).toThrow();
    expect(line).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO/);
    expect(line).toContain('request completed');
    expect(line).toContain('"GET"');
    expect(line).toContain('/v1/bodies?limit=1');
    expect(line).toContain('401');
    // The key the request presented is nowhere in the output.
    expect(server.output()).not.toContain(forged);
    expect(server.output()).not.toContain(forged.slice(3));
  });
});
