import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module.js';
import { BodiesModule } from './bodies/bodies.module.js';
import { ChangesModule } from './changes/changes.module.js';
import { ContactsModule } from './contacts/contacts.module.js';
import { LiaisonsModule } from './liaisons/liaisons.module.js';
import { SearchModule } from './search/search.module.js';
import { StatementsModule } from './statements/statements.module.js';
import { WorkItemsModule } from './work-items/work-items.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { HealthModule } from './health/health.module.js';
import type { Logger as PinoLogger } from 'pino';
import { loggerParams } from './logging/logging.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { HttpMetrics } from './metrics/metrics.js';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  metrics: HttpMetrics;
  logger: PinoLogger;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, metrics, logger }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot(loggerParams(logger)),
        TypeOrmModule.forRoot({
          ...dataSourceOptions({
            url: databaseUrl,
            poolSize: config.dbPoolSize,
            connectTimeoutMs: config.dbConnectTimeoutMs,
            statementTimeoutMs: config.dbStatementTimeoutMs,
            sqlTraceFile: config.sqlTraceFile,
          }),
          // Start-up fails fast with a clear error instead of retrying silently for half a minute.
          retryAttempts: 0,
        }),
        HealthModule,
        BodiesModule,
        LiaisonsModule,
        WorkItemsModule,
        ContactsModule,
        StatementsModule,
        SearchModule,
        ChangesModule,
        WebhooksModule,
        // Its guard and interceptor are global (APP_GUARD, APP_INTERCEPTOR) whatever the position here.
        AuthModule,
      ],
      controllers: [MetricsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: HttpMetrics, useValue: metrics },
      ],
      exports: [APP_CONFIG],
    };
  }
}
