/**
 * For command-line scripts (seed, migrations, api-key, backup): a TypeORM DataSource on DATABASE_URL or on the
 * embedded PostgreSQL of DATA_DIR: the one already running there (`npm start` is up: used, and left running), or
 * one started for the duration of the command and stopped afterwards.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { type AppConfig, ConfigError, loadConfig } from '../config/config.js';
import { dataSourceOptions } from './data-source-options.js';
import { type DatabaseHandle, openDatabase } from './database.js';
import { embeddedClusterDir, findRunningInstance, RunningInstanceError } from './running-instance.js';

export function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** The embedded PostgreSQL already running on DATA_DIR, as a handle whose stop() leaves it running. */
async function runningEmbeddedDatabase(config: AppConfig): Promise<DatabaseHandle | undefined> {
  if (config.databaseUrl) return undefined;
  const clusterDir = embeddedClusterDir(config.dataDir);
  const running = await findRunningInstance(clusterDir).catch((error: unknown) => {
    throw error instanceof RunningInstanceError ? new CliExit(error.message, 1) : error;
  });
  if (!running) return undefined;
  say(
    `the embedded PostgreSQL in ${clusterDir} is already running (pid ${running.pid}, port ${running.port}): ` +
      'using it, and leaving it running',
  );
  return { url: running.url, embedded: true, stop: async () => undefined };
}

export async function withDataSource<T>(
  work: (dataSource: DataSource, database: DatabaseHandle) => Promise<T>,
): Promise<T> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      say(error.message);
      process.exit(1);
    }
    throw error;
  }
  const database = (await runningEmbeddedDatabase(config)) ?? (await openDatabase(config, say));
  const dataSource = new DataSource(dataSourceOptions({ url: database.url, poolSize: 2 }));
  try {
    await dataSource.initialize();
    return await work(dataSource, database);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop();
  }
}

/** An expected outcome that ends a command with a message and an exit code other than 0 (no stack trace). */
export class CliExit extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliExit';
  }
}

/** Runs a CLI entry point: exit code 0 on success, 1 with the message on failure (or the code of a CliExit). */
export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      if (error instanceof CliExit) {
        say(error.message);
        process.exit(error.exitCode);
      }
      say(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    },
  );
}
