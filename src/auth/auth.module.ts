import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AccessGuard } from './access.guard.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysService } from './api-keys.service.js';
import { PrincipalContextInterceptor } from './principal-context.interceptor.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { ScopeService } from './scope.service.js';

/** API keys, the access guard (authentication, rate limits, roles and scopes) and the principal context. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          {
            name: 'default',
            ttl: 60_000,
            limit: (context) =>
              context.switchToHttp().getRequest<FastifyRequest>().principal
                ? config.rateLimitPerMinute
                : config.rateLimitAnonymousPerMinute,
          },
        ],
      }),
    }),
  ],
  controllers: [ApiKeysController],
  providers: [
    ApiKeysService,
    ScopeService,
    RateLimitGuard,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: PrincipalContextInterceptor },
  ],
  // For handlers that limit secretariat keys to the records within their scope themselves (webhooks).
  exports: [ScopeService],
})
export class AuthModule {}
