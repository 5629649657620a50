import type { FastifyRequest } from 'fastify';
import { actorName } from './principal.js';

/**
 * Who made a change, for history records: the authenticated key (`key:<name>`). Writes always
 * need a key, so "anonymous" only appears if a route were ever opened to anonymous writes.
 */
export function actorOf(request: FastifyRequest): string {
  return request.principal ? actorName(request.principal) : 'anonymous';
}
