import 'reflect-metadata';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createApp } from './app.factory.js';
import { ensureEnvAdminKey } from './auth/api-key.store.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { openDatabase, type DatabaseHandle } from './database/database.js';
import { EmbeddedPostgresError } from './database/embedded-postgres.js';
import { migrateWithLock } from './database/migrate.js';
import { describeSeedReport, loadSeed, registryIsEmpty } from './seed/seed.js';
import { WebhookWorker } from './webhooks/webhook-worker.js';

function say(message: string): void {
  process.stderr.write(`[liaison-registry] ${message}\n`);
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      say(error.message);
      process.exit(1);
    }
    throw error;
  }

  let database: DatabaseHandle | undefined;
  let shuttingDown = false;
  let app: Awaited<ReturnType<typeof createApp>> | undefined;

  // Shutdown order: stop accepting and finish in-flight requests, close the pool, then stop PostgreSQL.
  const shutdown = async (signal: string): Promise<void> => {
    if (shuttingDown) {
      say(`${signal} again: exiting now`);
      process.exit(1);
    }
    shuttingDown = true;
    say(`${signal} received: shutting down`);
    const force = setTimeout(() => {
      say(`shutdown took longer than ${config.shutdownGraceMs} ms: exiting`);
      process.exit(1);
    }, config.shutdownGraceMs + 5_000);
    force.unref();
    try {
      await app?.close();
    } catch (error) {
      say(`error while closing the application: ${(error as Error).message}`);
    }
    await database?.stop().catch((error: Error) => say(`error while stopping PostgreSQL: ${error.message}`));
    say('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    database = await openDatabase(config, say);
    app = await createApp(config, database.url);
    await app.init();
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const applied = await migrateWithLock(dataSource);
    if (applied.length > 0) say(`migrations applied: ${applied.map((m) => m.name).join(', ')}`);
    if (config.adminApiKey !== undefined) {
      const outcome = await ensureEnvAdminKey(dataSource.manager, config.adminApiKey);
      if (outcome === 'created') say('ADMIN_API_KEY: admin key created');
      if (outcome === 'unusable') {
        say(
          'ADMIN_API_KEY: a key with this value exists but is revoked, expired or not an admin key; it is left as is',
        );
      }
    }
    if (config.seed && (await registryIsEmpty(dataSource))) {
      const report = await loadSeed(dataSource);
      say(`seed registry loaded into the empty database: ${describeSeedReport(report)}`);
    }
    if (shuttingDown) return;
    // Once the schema is there; it stops with the application (beforeApplicationShutdown).
    app.get(WebhookWorker).start();
    await app.listen({ port: config.port, host: config.host });
    say(
      `serving on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (Swagger UI at /docs)`,
    );
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) say(error.message);
    else say(`start-up failed: ${(error as Error).stack ?? String(error)}`);
    await app?.close().catch(() => undefined);
    await database?.stop().catch(() => undefined);
    process.exit(1);
  }
}

void main();
