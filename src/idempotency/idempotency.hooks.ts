/**
 * Idempotent POSTs as two Fastify hooks around every route:
 * - `preHandler` (the body is parsed, the controller has not run): a POST carrying `Idempotency-Key` claims the
 *   key, or is answered at once with the stored first response (`Idempotency-Replayed: true`), a 422 when the
 *   key was used for another request, a 409 while the first request is still running, or a 409 naming the
 *   resource when the first request's write committed but its response was never recorded (the write marks the
 *   key in its own transaction: idempotency-context.ts). POSTs that show a secret once take no key (400);
 * - `onSend` (sees the final status, headers and body of every answer, those rendered by the exception filter
 *   included): records the response of a claimed request, or frees the key when the response is a 5xx.
 * Hooks rather than a Nest interceptor because error responses are produced after interceptors, by the filter.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '../common/problem/problem.js';
import { requestFingerprint, requestTarget } from './fingerprint.js';
import { IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey } from './idempotency-key.js';
import type { AppliedResource, Claim, IdempotencyStore, StoredResponse } from './idempotency.store.js';
import { REPLAYED_HEADERS } from './idempotency.store.js';
import { principalOf } from './principal.js';
import { SECRET_BEARING_POSTS, resourcePath } from './secret-routes.js';

/** Set on a response replayed from the store; absent on first responses. */
export const IDEMPOTENCY_REPLAYED_HEADER = 'Idempotency-Replayed';
/** Seconds a client is told to wait before retrying a request whose first copy is still in flight. */
const IN_FLIGHT_RETRY_AFTER = '1';

export interface IdempotencyLog {
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

function inFlight(): ProblemError {
  return new ProblemError(
    409,
    'idempotency-key-in-flight',
    `A request with this ${IDEMPOTENCY_KEY_HEADER} is still being processed; retry it once that one has finished.`,
    { errors: [{ field: IDEMPOTENCY_KEY_HEADER, message: 'a request with this key is in progress' }] },
  );
}

function reused(method: string, path: string): ProblemError {
  return new ProblemError(
    422,
    'idempotency-key-reused',
    `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different request (${method} ${path} with another ` +
      'body); use a new key for a new request.',
    { errors: [{ field: IDEMPOTENCY_KEY_HEADER, message: 'the key was used for a different request' }] },
  );
}

function applied(resource: AppliedResource): ProblemError {
  const location = resourcePath(resource.type, resource.id);
  return new ProblemError(
    409,
    'idempotency-key-applied',
    `The request with this ${IDEMPOTENCY_KEY_HEADER} was applied (${resource.type} ${resource.id}), but its ` +
      'response was not recorded (the instance handling it stopped). It will not be run again: ' +
      (location === undefined ? 'read the resource instead.' : `read ${location} instead.`),
    { resource },
    location === undefined ? {} : { location },
  );
}

function notAccepted(path: string): ProblemError {
  return new ProblemError(
    400,
    'idempotency-key-not-accepted',
    `POST ${path} takes no ${IDEMPOTENCY_KEY_HEADER}: its response shows a secret once, and a replay would have ` +
      'to store and show it again. Send the request without the header.',
    { errors: [{ field: IDEMPOTENCY_KEY_HEADER, message: 'not accepted by this operation' }] },
  );
}

/** The body as sent, when it can be stored as text; undefined for streams. */
function payloadText(payload: unknown): string | null | undefined {
  if (payload === null || payload === undefined) return null;
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload.toString('utf8');
  return undefined;
}

function replayedHeaders(reply: FastifyReply): StoredResponse['headers'] {
  const headers: StoredResponse['headers'] = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (typeof value === 'string') headers[name] = value;
    else if (typeof value === 'number') headers[name] = String(value);
  }
  return headers;
}

export function installIdempotency(fastify: FastifyInstance, store: IdempotencyStore, log: IdempotencyLog): void {
  const claims = new WeakMap<FastifyRequest, Claim>();

  fastify.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || request.is404) return;
    const key = parseIdempotencyKey(request.headers['idempotency-key']);
    if (key === undefined) return;
    if (SECRET_BEARING_POSTS.includes(request.routeOptions.url ?? ''))
      throw notAccepted(request.routeOptions.url ?? '');
    const path = requestTarget(request.url);
    const outcome = await store.claim({
      principal: principalOf(request.headers),
      key,
      method: request.method,
      path,
      fingerprint: requestFingerprint(request.method, path, request.body),
    });
    switch (outcome.kind) {
      case 'claimed':
        claims.set(request, outcome.claim);
        request.idempotencyClaim = outcome.claim;
        return;
      case 'replay': {
        const { status, headers, body } = outcome.response;
        void reply.code(status);
        for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
        void reply.header(IDEMPOTENCY_REPLAYED_HEADER, 'true');
        return reply.send(body ?? undefined);
      }
      case 'mismatch':
        throw reused(outcome.method, outcome.path);
      case 'in-flight':
        void reply.header('retry-after', IN_FLIGHT_RETRY_AFTER);
        throw inFlight();
      case 'applied':
        throw applied(outcome.resource);
    }
  });

  fastify.addHook('onSend', async (request, reply, payload) => {
    const claim = claims.get(request);
    if (claim === undefined) return payload;
    claims.delete(request);
    const body = payloadText(payload);
    try {
      // A 5xx says nothing final about the request (the draft keeps only final responses): free the key so
      // that a retry runs it again. So does a body that cannot be replayed.
      if (reply.statusCode >= 500 || body === undefined) {
        await store.release(claim);
      } else if (!(await store.complete(claim, { status: reply.statusCode, headers: replayedHeaders(reply), body }))) {
        // The request outlived its lock and a retry took the key over: that retry's response is the one kept.
        log.warn({ requestId: request.id }, 'an idempotent request finished after its key was taken over');
      }
    } catch (error) {
      // The client still gets its answer. The key stays claimed until its lock runs out, then is taken over.
      log.error({ err: error, requestId: request.id }, 'could not record the response of an idempotent request');
    }
    return payload;
  });
}
