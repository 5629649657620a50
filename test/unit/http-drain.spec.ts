import http from 'node:http';
import { connect } from 'node:net';
import { HttpDrain, IDLE_LINGER_MS } from '../../src/common/http/http-drain.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A server whose `/slow` answers after `slowMs`, everything else at once. */
async function serve(slowMs: number): Promise<{ server: http.Server; sut: HttpDrain; url: string }> {
  const server = http.createServer((request, response) => {
    const delay = request.url === '/slow' ? slowMs : 0;
    // unref: the handler the last test cuts must not keep Jest waiting.
    setTimeout(() => response.end(`done ${request.url}`), delay).unref();
  });
  const sut = new HttpDrain(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { server, sut, url: `http://127.0.0.1:${address.port}` };
}

function get(url: string, agent?: http.Agent) {
  return new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
    http
      .get(url, { agent }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body, connection: response.headers.connection }),
        );
      })
      .once('error', reject);
  });
}

function connectionRefused(url: string): Promise<boolean> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('HttpDrain', () => {
  it('refuses new connections at once and lets the request in flight finish, closing its connection', async () => {
    const { sut, url } = await serve(300);
    const agent = new http.Agent({ keepAlive: true });
    const inFlight = get(`${url}/slow`, agent);
    await sleep(50);
    expect(sut.inFlight).toBe(1);
    const drained = sut.drain(5_000);
    await sleep(20);
    expect(await connectionRefused(url)).toBe(true);
    expect(await inFlight).toEqual({ status: 200, body: 'done /slow', connection: 'close' });
    const outcome = await drained;
    expect(outcome).toMatchObject({ inFlightAtStart: 1, cut: 0 });
    expect(outcome.ms).toBeLessThan(2_000);
    agent.destroy();
  });

  it('answers a request sent on an idle kept-alive connection during the linger, then closes it', async () => {
    const { sut, url } = await serve(0);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect((await get(`${url}/first`, agent)).connection).toBe('keep-alive');
    const drained = sut.drain(5_000);
    await sleep(IDLE_LINGER_MS / 5);
    expect(await get(`${url}/second`, agent)).toEqual({ status: 200, body: 'done /second', connection: 'close' });
    expect((await drained).cut).toBe(0);
    agent.destroy();
  });

  it('closes idle kept-alive connections after the linger, without waiting for the grace period', async () => {
    const { sut, url } = await serve(0);
    const agent = new http.Agent({ keepAlive: true });
    await get(`${url}/first`, agent);
    const outcome = await sut.drain(10_000);
    expect(outcome.cut).toBe(0);
    expect(outcome.ms).toBeGreaterThanOrEqual(IDLE_LINGER_MS - 5);
    expect(outcome.ms).toBeLessThan(IDLE_LINGER_MS + 1_000);
    agent.destroy();
  });

  it('cuts what still runs when the grace period ends', async () => {
    const { sut, url } = await serve(60_000);
    const inFlight = get(`${url}/slow`).then(
      () => 'answered',
      (error: NodeJS.ErrnoException) => error.code,
    );
    await sleep(50);
    const outcome = await sut.drain(300);
    expect(outcome).toMatchObject({ inFlightAtStart: 1, cut: 1 });
    expect(outcome.ms).toBeLessThan(1_500);
    expect(await inFlight).toBe('ECONNRESET');
  });

  it('answers a connection the kernel accepted before the drain began, though Node had not taken it yet', async () => {
    const { sut, url } = await serve(0);
    const { port, hostname } = new URL(url);
    let drained!: Promise<unknown>;
    const answer = await new Promise<string>((resolve) => {
      setTimeout(() => {
        // In the timers phase: the handshake completes in the kernel while this callback holds the event loop, so
        // the connection waits in the listen backlog when the drain begins (as it does on a busy server).
        const socket = connect(Number(port), hostname);
        let received = '';
        socket.once('connect', () => socket.write('GET /early HTTP/1.1\r\nHost: x\r\n\r\n'));
        socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
        socket.once('close', () => resolve(received.split('\r\n')[0] ?? ''));
        const until = Date.now() + 30;
        while (Date.now() < until);
        drained = sut.drain(2_000);
      }, 0);
    });
    expect(answer).toBe('HTTP/1.1 200 OK');
    expect((await drained) as { cut: number }).toMatchObject({ cut: 0 });
  });

  it('returns at once when the server was not listening', async () => {
    const server = http.createServer();
    const outcome = await new HttpDrain(server).drain(5_000);
    expect(outcome).toMatchObject({ inFlightAtStart: 0, cut: 0 });
    expect(outcome.ms).toBeLessThan(100);
  });
});
