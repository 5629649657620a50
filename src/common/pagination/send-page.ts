import type { FastifyReply, FastifyRequest } from 'fastify';
import { nextLink, type Page } from './page.js';

/** Sets the RFC 8288 Link header for the next page and returns the body `{ items, nextCursor }`. */
export function sendPage<E, D>(
  request: FastifyRequest,
  reply: FastifyReply,
  page: Page<E>,
  map: (entity: E) => D,
): { items: D[]; nextCursor: string | null } {
  const link = nextLink(request.url, page.nextCursor);
  if (link) void reply.header('link', link);
  return { items: page.items.map(map), nextCursor: page.nextCursor };
}
