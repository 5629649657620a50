/**
 * For command-line scripts (seed, migrations): a TypeORM DataSource on DATABASE_URL or on the
 * embedded PostgreSQL (started for the duration of the command, stopped afterwards).
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/config.js';
import { dataSourceOptions } from './data-source-options.js';
import { openDatabase } from './database.js';

export function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

export async function withDataSource<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
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
  const database = await openDatabase(config, say);
  const dataSource = new DataSource(dataSourceOptions({ url: database.url, poolSize: 2 }));
  try {
    await dataSource.initialize();
    return await work(dataSource);
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
