import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { runAs } from '../common/http/principal.js';
import { runWithClaim } from '../idempotency/idempotency-context.js';

/**
 * Runs the handler with the caller (set by the access guard) as the current principal, so that
 * response mappers such as the contact DTO can ask who is calling without every service passing it
 * along; and with the request's idempotency claim, which its write commits with (idempotency-context.ts). Nest binds the handler's async scope when `handle()` is called, so calling it inside
 * `runAs` carries the principal through everything the handler awaits.
 */
@Injectable()
export class PrincipalContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.getType() === 'http' ? context.switchToHttp().getRequest<FastifyRequest>() : undefined;
    return runAs(request?.principal ?? null, () => runWithClaim(request?.idempotencyClaim, () => next.handle()));
  }
}
