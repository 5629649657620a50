/**
 * HTTP over a bare TCP socket, for what a client library hides: a request kept in flight for as long as a test
 * wants (its body sent in two halves), and whether a new connection is accepted at all.
 */
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  /** 0 when the connection closed without any response. */
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface SlowRequest {
  /** Sends the rest of the body; resolves with the response once the connection has closed. */
  finish(): Promise<RawResponse>;
  /** Resolves when the connection closes, with what was received (status 0: nothing). */
  closed: Promise<RawResponse>;
}

function parse(raw: string): RawResponse {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return { status: 0, headers: {}, body: '' };
  const [statusLine = '', ...lines] = raw.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body: raw.slice(split + 4) };
}

function open(baseUrl: string): Promise<Socket> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Opens a connection and sends a request with `Connection: keep-alive`, its headers and the first half of its JSON
 * body: the server has the request in flight until `finish()`.
 */
export async function startSlowRequest(
  baseUrl: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<SlowRequest> {
  const socket = await open(baseUrl);
  const payload = Buffer.from(JSON.stringify(body));
  const half = Math.floor(payload.length / 2);
  const head = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${new URL(baseUrl).host}`,
    'Content-Type: application/json',
    `Content-Length: ${payload.length}`,
    'Connection: keep-alive',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
  // A reset (the server cut the connection) also ends in 'close'.
  socket.on('error', () => undefined);
  const closed = new Promise<RawResponse>((resolve) => socket.once('close', () => resolve(parse(received))));
  socket.write(head);
  socket.write(payload.subarray(0, half));
  return {
    closed,
    finish: () => {
      socket.write(payload.subarray(half));
      return closed;
    },
  };
}

/** Tries a new TCP connection: `'accepted'`, or the error code (`ECONNREFUSED` once the server stopped listening). */
export function tryConnect(baseUrl: string): Promise<string> {
  return open(baseUrl).then(
    (socket) => {
      socket.destroy();
      return 'accepted';
    },
    (error: NodeJS.ErrnoException) => error.code ?? 'error',
  );
}
