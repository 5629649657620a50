import { Injectable, type ExecutionContext } from '@nestjs/common';
import { normalizeIp, ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { problems } from '../common/problem/problem.js';

/**
 * Requests per minute per API key, or per client IP address for anonymous callers (and for
 * credentials that fail, so that guessing keys is throttled too). One budget per caller across all
 * routes. Counters live in this process: with several instances each one counts on its own.
 * Not a global guard itself: the access guard calls it between authentication and authorisation.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = (request as unknown as FastifyRequest).principal;
    return Promise.resolve(principal ? `key:${principal.keyId}` : `ip:${normalizeIp(String(request.ip ?? 'unknown'))}`);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  protected override throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    throw problems.tooManyRequests(
      seconds,
      `More than ${detail.limit} requests in ${Math.round(detail.ttl / 1000)} s; retry after ${seconds} s.`,
    );
  }
}
