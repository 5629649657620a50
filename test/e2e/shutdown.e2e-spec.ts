/**
 * Graceful shutdown over real connections: on SIGTERM the server stops accepting connections first, lets the
 * requests in flight finish within SHUTDOWN_GRACE_MS (a kept-alive connection's request already on its way
 * included), cuts what still runs after it, and only then closes the application and the pool.
 */
import http from 'node:http';
import { uniqueDesignation } from '../support/factories.js';
import { startSlowRequest, tryConnect } from '../support/raw-http.js';
import { startServer, type TestServer } from '../support/server.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One kept-alive connection (an agent with a single socket), as a client library holds between requests. */
function keptAliveClient(baseUrl: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path: string) =>
    new Promise<{ status: number; connection?: string; reused: boolean }>((resolve, reject) => {
      const request = http.get(`${baseUrl}${path}`, { agent }, (response) => {
        response.resume();
        response.once('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            connection: response.headers.connection,
            reused: request.reusedSocket,
          }),
        );
      });
      request.once('error', reject);
    });
  return { get, agent };
}

/** The lines of the shutdown the application writes, in order. */
function shutdownLines(output: string): string[] {
  return output
    .split('\n')
    .filter((line) =>
      /received: shutting down|no new connections|in-flight requests|grace period over|stopped$/.test(line),
    )
    .map((line) => line.replace(/^\[liaison-registry\] /, '').replace(/\(\d+ ms\)/, '(… ms)'));
}

describe('graceful shutdown', () => {
  it('stops accepting connections on SIGTERM, finishes the request in flight and keeps what it wrote', async () => {
    const server = await startServer();
    let restarted: TestServer | undefined;
    try {
      const designation = uniqueDesignation('IN FLIGHT');
      const slow = await startSlowRequest(
        server.baseUrl,
        'POST',
        '/v1/bodies',
        { designation, name: 'Sent across a SIGTERM', kind: 'other' },
        { Authorization: `Bearer ${server.adminKey}` },
      );
      const client = keptAliveClient(server.baseUrl);
      expect((await client.get('/health/live')).status).toBe(200);
      await sleep(200);

      const exited = server.stop();
      await sleep(100);
      // A request already on its way on a kept-alive connection is answered, and the answer closes the connection.
      const late = await client.get('/health/live');
      expect(late).toEqual({ status: 200, connection: 'close', reused: true });
      await sleep(200);
      expect(await tryConnect(server.baseUrl)).toBe('ECONNREFUSED');

      const response = await slow.finish();
      expect(response.status).toBe(201);
      expect(response.headers.connection).toBe('close');
      const created = JSON.parse(response.body) as { id: string; designation: string; name: string };
      expect(created).toMatchObject({ designation, name: 'Sent across a SIGTERM', kind: 'other' });
      expect(await exited).toBe(0);
      client.agent.destroy();
      expect(shutdownLines(server.output())).toEqual([
        'SIGTERM received: shutting down',
        'no new connections; 1 request(s) in flight, grace period 10000 ms',
        'in-flight requests finished (… ms)',
        'stopped',
      ]);

      restarted = await startServer({ databaseUrl: server.databaseUrl });
      const stored = await restarted.http.get(`/v1/bodies/${created.id}`);
      expect(stored.status).toBe(200);
      expect(stored.body).toMatchObject({ id: created.id, designation, name: 'Sent across a SIGTERM' });
    } finally {
      await restarted?.dispose();
      await server.dispose();
    }
  });

  it('cuts a request still running when the grace period ends, and exits', async () => {
    const server = await startServer({ env: { SHUTDOWN_GRACE_MS: '1000' } });
    try {
      const slow = await startSlowRequest(
        server.baseUrl,
        'POST',
        '/v1/bodies',
        { designation: uniqueDesignation('NEVER SENT'), name: 'Half a body', kind: 'other' },
        { Authorization: `Bearer ${server.adminKey}` },
      );
      await sleep(200);
      const signalledAt = Date.now();
      const exited = server.stop();
      const cut = await slow.closed;
      const cutAfter = Date.now() - signalledAt;
      expect(cut.status).toBe(0);
      expect(cutAfter).toBeGreaterThanOrEqual(900);
      expect(cutAfter).toBeLessThan(3_000);
      expect(await exited).toBe(0);
      expect(Date.now() - signalledAt).toBeLessThan(1_000 + 5_000);
      expect(shutdownLines(server.output())).toEqual([
        'SIGTERM received: shutting down',
        'no new connections; 1 request(s) in flight, grace period 1000 ms',
        'grace period over: 1 request(s) still running were cut',
        'stopped',
      ]);
    } finally {
      await server.dispose();
    }
  });
});
