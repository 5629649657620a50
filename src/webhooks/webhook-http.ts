/**
 * One HTTP POST to a webhook target, guarded against server-side request forgery.
 *
 * `node:http` rather than `fetch`: its `lookup` hook lets every address the connection is about to use be checked
 * after DNS resolution, at connection time. A check before `fetch` would resolve the name a second time, and a
 * hostile DNS server could answer with a public address to the check and a private one to the connection
 * (DNS rebinding). IP literals never reach `lookup`, so they are checked up front.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { checkAddress, hostOf, parseTargetUrl, type TargetPolicy } from './webhook-target.js';

export interface PostRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  policy: TargetPolicy;
  /** Aborts the request early (shutdown). */
  signal?: AbortSignal;
}

export interface PostResult {
  statusCode?: number;
  retryAfter?: string;
  /** Why no answer came (connection error, timeout, refused address). */
  error?: unknown;
  /** True when `signal` cut the request short: the attempt does not count. */
  cancelled: boolean;
  durationMs: number;
}

/** DNS resolution that refuses the connection when any resolved address is not allowed. */
export function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
      try {
        for (const { address } of addresses) checkAddress(address, policy, hostname);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, '');
      }
      if (options.all) return callback(null, addresses);
      return callback(null, first.address, first.family);
    });
  };
}

/** Every address a host name resolves to (for the check at subscription time), within `timeoutMs`. */
export async function resolveAll(host: string, timeoutMs = 5_000): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('DNS timeout'), { code: 'ETIMEOUT' })), timeoutMs);
  });
  try {
    const addresses = await Promise.race([dns.promises.lookup(host, { all: true, verbatim: true }), timeout]);
    return addresses.map((a) => a.address);
  } finally {
    clearTimeout(timer);
  }
}

/** Posts `body`; never throws: the outcome, status or error, is in the result. Redirects are not followed. */
export function postWebhook(request: PostRequest): Promise<PostResult> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: Omit<PostResult, 'durationMs' | 'cancelled'>): void => {
      if (settled) return;
      settled = true;
      const cancelled = request.signal?.aborted === true && !timeout.aborted && result.statusCode === undefined;
      resolve({ ...result, cancelled, durationMs: Math.round(performance.now() - started) });
    };
    let url: URL;
    try {
      url = parseTargetUrl(request.url);
      const host = hostOf(url);
      if (isIP(host) !== 0) checkAddress(host, request.policy);
    } catch (error) {
      done({ error });
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const outgoing = client.request(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        agent: false,
        lookup: guardedLookup(request.policy),
        signal,
      },
      (response) => {
        const statusCode = response.statusCode;
        const retryAfter = response.headers['retry-after'];
        // The answer's body is not kept; reading it to the end (within the timeout) lets the connection close cleanly.
        response.resume();
        response.once('end', () => done({ statusCode, retryAfter }));
        response.once('error', () => done({ statusCode, retryAfter }));
        response.once('close', () => done({ statusCode, retryAfter }));
      },
    );
    outgoing.once('error', (error) => done({ error: timeout.aborted ? timeout.reason : error }));
    outgoing.end(request.body);
  });
}
