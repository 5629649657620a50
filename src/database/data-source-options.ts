import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { BodyEntity } from '../bodies/body.entity.js';

export const entities = [BodyEntity];

export interface DatabaseSettings {
  url: string;
  poolSize?: number;
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
    logging: false,
    applicationName: 'liaison-registry',
    extra: {
      max: settings.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
    },
  };
}
