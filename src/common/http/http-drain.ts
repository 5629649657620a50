/**
 * The HTTP half of a graceful shutdown, on Node's own server (below Fastify and Nest): no new connections, the
 * requests in flight finish within a grace period, and whatever still runs when it ends is cut.
 *
 * Nest's `app.close()` cannot do this in the right order: it runs the `beforeApplicationShutdown` hooks (the
 * webhook worker's drain) before its HTTP adapter closes the listener, and Fastify's own close waits for in-flight
 * requests without any bound. So the server calls `drain()` first, then `app.close()`.
 */
import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';

export interface DrainOutcome {
  /** Requests in flight when the drain began. */
  inFlightAtStart: number;
  /** Requests still running when the grace period ended: their connections were closed under them. */
  cut: number;
  /** How long the drain took. */
  ms: number;
}

/**
 * A kept-alive connection with nothing in flight stays open this long after the drain begins: a request the
 * client has just sent on it is answered rather than lost to a reset. The next response closes it.
 */
export const IDLE_LINGER_MS = 500;
const POLL_MS = 25;
/** After the grace period: time for the sockets destroyed under cut requests to report that they closed. */
const CUT_SETTLE_MS = 1_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks Node to close the connection once this response is sent (`Connection: close`), when it still can. */
function lastOnItsConnection(response: ServerResponse): void {
  if (!response.headersSent) response.setHeader('connection', 'close');
}

export class HttpDrain {
  private readonly responses = new Set<ServerResponse>();
  private draining = false;

  /** Install before the server listens: every request from then on is tracked until its response closes. */
  constructor(private readonly server: Server) {
    server.on('request', (_request, response: ServerResponse) => this.track(response));
  }

  /** Requests received whose response has not been sent yet. */
  get inFlight(): number {
    return this.responses.size;
  }

  private track(response: ServerResponse): void {
    this.responses.add(response);
    if (this.draining) lastOnItsConnection(response);
    response.once('close', () => this.responses.delete(response));
  }

  /**
   * Stops accepting connections at once; lets the requests in flight finish, each response closing its connection,
   * for up to `graceMs`; then closes every connection left, cutting the requests still running on them.
   */
  async drain(graceMs: number): Promise<DrainOutcome> {
    const started = Date.now();
    this.draining = true;
    const inFlightAtStart = this.responses.size;
    for (const response of this.responses) lastOnItsConnection(response);
    // Connections the kernel completed before the signal may still wait in the listen backlog (the event loop was
    // busy); closing the listener would reset them. One turn of the loop first, and Node accepts them: they are
    // clients that came before the shutdown, and get their answer.
    await new Promise<void>((resolve) => setImmediate(resolve));
    // net.Server's close, not http.Server's: the latter also destroys every idle kept-alive connection at once,
    // and a request a client has just written on one would get a reset instead of an answer (IDLE_LINGER_MS).
    // The callback runs once the last connection has closed (at once when the server was not listening).
    let closed = false;
    const allClosed = new Promise<void>((resolve) =>
      NetServer.prototype.close.call(this.server, () => {
        closed = true;
        resolve();
      }),
    );
    const deadline = started + graceMs;
    const lingerUntil = started + Math.min(IDLE_LINGER_MS, graceMs);
    while (!closed && Date.now() < deadline) {
      // Connections with no request in flight (a response whose headers went out before the drain leaves its
      // connection kept alive).
      if (Date.now() >= lingerUntil) this.server.closeIdleConnections();
      await sleep(Math.max(1, Math.min(POLL_MS, deadline - Date.now())));
    }
    const cut = closed ? 0 : this.responses.size;
    if (!closed) {
      this.server.closeAllConnections();
      await Promise.race([allClosed, sleep(CUT_SETTLE_MS)]);
    }
    return { inFlightAtStart, cut, ms: Date.now() - started };
  }
}
