/**
 * Reading the SQL trace of a server started with `SQL_TRACE_FILE` (see src/database/sql-trace.ts): which
 * statements each request sent to PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Response } from 'supertest';
import type { HttpAgent } from './server.js';

export interface TracedStatement {
  requestId: string | null;
  method: string | null;
  url: string | null;
  sql: string;
  params: unknown[];
  error?: string;
}

/** A fresh trace file path (the server creates the file on its first statement). */
export function newTraceFile(): string {
  return path.join(os.tmpdir(), `liaison-registry-sql-${randomUUID()}.jsonl`);
}

export function removeTraceFile(file: string): void {
  rmSync(file, { force: true });
}

export function readTrace(file: string): TracedStatement[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as TracedStatement);
}

/** GETs `url` with a request id of its own and returns the response with the statements that request sent. */
export async function tracedGet(
  agent: HttpAgent,
  file: string,
  url: string,
  headers: Record<string, string> = {},
): Promise<{ response: Response; statements: TracedStatement[] }> {
  const requestId = `trace-${randomUUID()}`;
  let call = agent.get(url).set('x-request-id', requestId);
  for (const [name, value] of Object.entries(headers)) call = call.set(name, value);
  const response = await call;
  expect(response.headers['x-request-id']).toBe(requestId);
  return { response, statements: readTrace(file).filter((s) => s.requestId === requestId) };
}
