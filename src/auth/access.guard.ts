import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../common/http/principal.js';
import { problems } from '../common/problem/problem.js';
import { ACCESS_METADATA, PROBE_METADATA } from './access.decorators.js';
import { decide, defaultAccess, type Access } from './access-rules.js';
import { ApiKeysService } from './api-keys.service.js';
import { presentedCredentials } from './credentials.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { ScopeService } from './scope.service.js';

/**
 * The one global guard, in a fixed order: identify the caller from its key, count the request
 * against the caller's rate limit (a failing key counts against its IP address), answer 401 for
 * bad credentials (on public reads too: a client sending a wrong key must learn it), then decide
 * from the route's access metadata and, for a secretariat, its scope.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly rateLimit: RateLimitGuard,
    private readonly scopes: ScopeService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // Probes and scrapes are public and must not depend on the database (a key lookup would).
    if (
      this.reflector.getAllAndOverride<boolean | undefined>(PROBE_METADATA, [context.getHandler(), context.getClass()])
    ) {
      request.principal = null;
      return true;
    }
    const identity = await this.identify(request);
    request.principal = 'principal' in identity ? identity.principal : null;
    await this.rateLimit.canActivate(context);
    if ('failure' in identity) throw problems.unauthorized(identity.failure, true);

    const access =
      this.reflector.getAllAndOverride<Access | undefined>(ACCESS_METADATA, [
        context.getHandler(),
        context.getClass(),
      ]) ?? defaultAccess(request.method);
    const decision = decide(access, request.principal);
    switch (decision.outcome) {
      case 'allow':
        return true;
      case 'deny':
        if (decision.status === 401) throw problems.unauthorized(decision.detail, false);
        throw problems.forbidden(decision.detail, { requiredRoles: decision.requiredRoles });
      case 'check-scope': {
        const principal = request.principal as Principal;
        const verdict = await this.scopes.check(principal, decision.target, request);
        if (verdict.ok) return true;
        throw problems.forbidden(
          `The key "${principal.name}" is scoped to other bodies: ${verdict.failed.describes} must be one of its bodies or below one of them.`,
          {
            requiredScope: verdict.failed.describes,
            outOfScopeBodyIds: verdict.failed.candidates,
            keyBodyIds: principal.bodyIds,
          },
        );
      }
    }
  }

  private async identify(request: FastifyRequest): Promise<{ principal: Principal | null } | { failure: string }> {
    const presented = presentedCredentials(request.headers);
    switch (presented.kind) {
      case 'none':
        return { principal: null };
      case 'malformed':
        return { failure: presented.detail };
      case 'key':
        return this.apiKeys.authenticate(presented.key);
    }
  }
}
