/**
 * A webhook receiver for tests: an HTTP server on 127.0.0.1 (free port) that records every request and answers
 * what the test tells it to. Signatures are checked with the `standardwebhooks` package, as a subscriber would.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedRequest {
  /** 1 for the first request this receiver got. */
  n: number;
  at: number;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
}

export interface Receiver {
  url: string;
  received: ReceivedRequest[];
  /** Requests whose `webhook-signature` verifies with `secret`, parsed. Throws on any that does not. */
  verified(secret: string): { request: ReceivedRequest; payload: Record<string, unknown> }[];
  close(): Promise<void>;
}

/** Starts a receiver; `answer` decides the response to the n-th request (default: 204). */
export async function startReceiver(answer: (n: number) => Answer = () => ({ status: 204 })): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const n = received.length + 1;
      received.push({
        n,
        at: Date.now(),
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const reply = answer(n);
      const send = () => {
        if (response.destroyed) return;
        response.writeHead(reply.status, reply.headers ?? {});
        response.end();
      };
      if (!reply.delayMs) return send();
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, reply.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    verified(secret) {
      const webhook = new Webhook(secret);
      return received.map((request) => ({
        request,
        payload: webhook.verify(request.body, request.headers as Record<string, string>) as Record<string, unknown>,
      }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface CreatedWebhook {
  id: string;
  url: string;
  secret: string;
  eventTypes: string[];
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  [field: string]: unknown;
}
