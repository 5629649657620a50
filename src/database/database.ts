/**
 * Resolves where the database is: DATABASE_URL, or an embedded PostgreSQL started here.
 */
import path from 'node:path';
import type { AppConfig } from '../config/config.js';
import { EMBEDDED_DATABASE, startEmbeddedPostgres } from './embedded-postgres.js';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /**
   * The server: it handles SIGINT itself and stops the embedded PostgreSQL last, so PostgreSQL runs in a process
   * group of its own, out of reach of a terminal's Ctrl-C. CLI scripts leave it in theirs: Ctrl-C stops both.
   */
  ownProcessGroup?: boolean;
}

export async function openDatabase(
  config: AppConfig,
  log: (message: string) => void,
  options: OpenDatabaseOptions = {},
): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  }
  const clusterDir = path.resolve(config.dataDir, 'postgres');
  log(`no DATABASE_URL: starting the embedded PostgreSQL in ${clusterDir}`);
  const running = await startEmbeddedPostgres({
    clusterDir,
    database: EMBEDDED_DATABASE,
    port: config.embeddedPgPort,
    ownProcessGroup: options.ownProcessGroup ?? false,
    log: (message) => {
      if (config.logLevel === 'debug' || config.logLevel === 'trace') log(`[postgres] ${message}`);
    },
  });
  log(`embedded PostgreSQL listening on 127.0.0.1:${running.port}`);
  return { url: running.url, embedded: true, stop: running.stop };
}
