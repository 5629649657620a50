import 'reflect-metadata';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createApp } from './app.factory.js';
import { ensureEnvAdminKey } from './auth/api-key.store.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { HttpDrain } from './common/http/http-drain.js';
import { openDatabase, type DatabaseHandle } from './database/database.js';
import { EmbeddedPostgresError } from './database/embedded-postgres.js';
import { migrateWithLock } from './database/migrate.js';
import { describeSeedReport, loadSeed, registryIsEmpty } from './seed/seed.js';
import { createShutdown } from './shutdown.js';
import { WebhookWorker } from './webhooks/webhook-worker.js';

/**
 * Beyond the grace period of the requests, the rest of a shutdown: the webhook worker's drain (at most 5 s), giving
 * back its claims and closing the pool (each bounded by the connect and statement timeouts), stopping the embedded
 * PostgreSQL. Past it the shutdown is forced. Orchestrators must wait longer before they kill (compose: 25 s).
 */
const SHUTDOWN_MARGIN_MS = 10_000;
/** npm forwards the terminal's Ctrl-C to the application, which got it already: one request, not two. */
const REPEATED_SIGNAL_WINDOW_MS = 1_000;
/** The forced path still stops the embedded PostgreSQL (fast, then immediate shutdown), at most this long. */
const FORCED_DATABASE_STOP_MS = 20_000;

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

  let opening: Promise<DatabaseHandle> | undefined;
  let database: DatabaseHandle | undefined;
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  let drain: HttpDrain | undefined;
  let shuttingDown = false;

  // Shutdown order: stop accepting connections, let the requests in flight finish (SHUTDOWN_GRACE_MS), finish or
  // give back the webhook deliveries, close the pool, and stop the embedded PostgreSQL last.
  const shutdown = createShutdown(
    {
      drainHttp: async () => {
        if (!drain || !app?.getHttpServer().listening) return;
        say(`no new connections; ${drain.inFlight} request(s) in flight, grace period ${config.shutdownGraceMs} ms`);
        const outcome = await drain.drain(config.shutdownGraceMs);
        say(
          outcome.cut === 0
            ? `in-flight requests finished (${outcome.ms} ms)`
            : `grace period over: ${outcome.cut} request(s) still running were cut`,
        );
      },
      closeApp: async () => {
        await app?.close();
      },
      stopDatabase: async () => {
        // A signal during start-up: PostgreSQL may still be starting; stop it once it has.
        await (await opening?.catch(() => undefined))?.stop();
      },
    },
    {
      deadlineMs: config.shutdownGraceMs + SHUTDOWN_MARGIN_MS,
      repeatWindowMs: REPEATED_SIGNAL_WINDOW_MS,
      forcedStopMs: FORCED_DATABASE_STOP_MS,
      log: say,
      exit: (code) => process.exit(code),
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      shuttingDown = true;
      void shutdown(signal);
    });
  }

  try {
    opening = openDatabase(config, say, { ownProcessGroup: true });
    database = await opening;
    if (shuttingDown) return;
    app = await createApp(config, database.url);
    drain = new HttpDrain(app.getHttpServer());
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
    if (shuttingDown) return;
    if (error instanceof EmbeddedPostgresError) say(error.message);
    else say(`start-up failed: ${(error as Error).stack ?? String(error)}`);
    await app?.close().catch(() => undefined);
    await database?.stop().catch(() => undefined);
    process.exit(1);
  }
}

void main();
