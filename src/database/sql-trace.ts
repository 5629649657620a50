/**
 * A diagnostic trace of every SQL statement the application sends, attributed to the HTTP request that caused
 * it: one JSON line per statement `{ requestId, method, url, sql, params }` appended to `SQL_TRACE_FILE`. Off
 * unless that variable is set (the test suite sets it to count statements per request and to EXPLAIN list
 * queries). Statements of background work (webhook worker, start-up) have `requestId: null`. Parameters may hold
 * personal data: never point it at a shared location in production.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Logger as TypeOrmLogger } from 'typeorm';

interface TracedRequest {
  requestId: string;
  method: string;
  url: string;
}

const storage = new AsyncLocalStorage<TracedRequest>();

/** Runs the rest of each request (hooks, guards, handler) in a context the trace logger can read. */
export function traceRequests(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    storage.run({ requestId: String(request.id), method: request.method, url: request.url }, done);
  });
}

/** A TypeORM logger that appends each statement to the trace file. */
export class SqlTraceLogger implements TypeOrmLogger {
  constructor(private readonly file: string) {}

  logQuery(sql: string, parameters?: unknown): void {
    this.write(sql, parameters);
  }

  logQueryError(error: string | Error, sql: string, parameters?: unknown): void {
    this.write(sql, parameters, error instanceof Error ? error.message : error);
  }

  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}

  private write(sql: string, parameters: unknown, error?: string): void {
    const request = storage.getStore();
    const line = {
      requestId: request?.requestId ?? null,
      method: request?.method ?? null,
      url: request?.url ?? null,
      sql,
      params: parameters ?? [],
      ...(error === undefined ? {} : { error }),
    };
    appendFileSync(this.file, `${JSON.stringify(line)}\n`);
  }
}
