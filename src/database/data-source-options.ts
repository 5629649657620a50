import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';

// DATE columns stay 'YYYY-MM-DD' strings: turned into JS Dates they would shift with the time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
import { migrations } from '../../migrations/index.js';
import { ApiKeyEntity, ApiKeyScopeEntity } from '../auth/api-key.entity.js';
import { BodyEntity } from '../bodies/body.entity.js';
import { ContactEntity } from '../contacts/contact.entity.js';
import { MembershipEntity } from '../contacts/membership.entity.js';
import { LiaisonEntity } from '../liaisons/liaison.entity.js';
import { StatementEntity } from '../statements/statement.entity.js';
import { WorkItemEntity } from '../work-items/work-item.entity.js';
import { SqlTraceLogger } from './sql-trace.js';

export const entities = [
  BodyEntity,
  ContactEntity,
  MembershipEntity,
  LiaisonEntity,
  WorkItemEntity,
  StatementEntity,
  ApiKeyEntity,
  ApiKeyScopeEntity,
];

export interface DatabaseSettings {
  url: string;
  poolSize?: number;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** Append every statement to this file (diagnostics and tests; see sql-trace.ts). */
  sqlTraceFile?: string;
  /** Run pending migrations when the data source initialises. */
  migrationsRun?: boolean;
}
/** One definition of the connection for the app, the CLI scripts and the tests. */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities,
    migrations,
    migrationsRun: settings.migrationsRun ?? false,
    migrationsTransactionMode: 'each',
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    ...(settings.sqlTraceFile
      ? { logger: new SqlTraceLogger(settings.sqlTraceFile), logging: true }
      : { logging: false }),
    applicationName: 'liaison-registry',
    extra: {
      max: settings.poolSize ?? 10,
      // Bounded waits: with the database gone a request fails fast (503) instead of hanging. Opening a connection,
      // and waiting for a free one in the pool, gives up after 1.5 s: inside the 2 s in which a request that needs an
      // unavailable database gets its 503. A statement already running when PostgreSQL stops, restarts, crashes or
      // fails over fails at once: the server (57P01) or the kernel (a reset) closes its connection.
      connectionTimeoutMillis: settings.connectTimeoutMs ?? 1_500,
      statement_timeout: settings.statementTimeoutMs ?? 5_000,
      // Client-side guard for a server that vanishes without closing anything (a network partition) under a running
      // statement. Until the statement timeout that cannot be told from a slow statement, so no bound shorter than it
      // is possible there; 2 s more lets the server's own timeout (57014, a 503 too) answer first.
      query_timeout: (settings.statementTimeoutMs ?? 5_000) + 2_000,
      idle_in_transaction_session_timeout: 60_000,
      keepAlive: true,
    },
  };
}
