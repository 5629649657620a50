import type { FastifyRequest } from 'fastify';

const ACTOR = /^[\p{L}\p{N} .,'@_()/-]{1,100}$/u;

/**
 * Who made a change, for history records. Until API keys exist (access-control issue) callers may
 * name themselves in `X-Actor`; anything absent or unreasonable is recorded as "anonymous".
 */
export function actorOf(request: FastifyRequest): string {
  const header = request.headers['x-actor'];
  const value = typeof header === 'string' ? header.trim() : '';
  return ACTOR.test(value) ? value : 'anonymous';
}
