/**
 * Typed, validated configuration read from environment variables.
 * Pure: no Nest import, so it is unit-tested directly and used by CLI scripts.
 */
import { isStrongKey } from '../auth/api-key-secret.js';
import { appendableFileProblem, writableFolderProblem } from './paths.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  port: number;
  host: string;
  /** Set when an external PostgreSQL is used; absent means "start the embedded one". */
  databaseUrl: string | undefined;
  logLevel: LogLevel;
  /** Pretty, human-readable logs instead of JSON lines. */
  logPretty: boolean;
  seed: boolean;
  /** Folder holding local state (the embedded PostgreSQL cluster lives in `<dataDir>/postgres`). */
  dataDir: string;
  /** Fixed port for the embedded PostgreSQL; undefined picks a free one. */
  embeddedPgPort: number | undefined;
  bodyLimitBytes: number;
  shutdownGraceMs: number;
  dbPoolSize: number;
  /** Bound on opening a database connection (and on waiting for a free one in the pool). */
  dbConnectTimeoutMs: number;
  /** Per-statement timeout: one pathological query cannot hold a connection for ever. */
  dbStatementTimeoutMs: number;
  /** Seconds change-feed clients are asked to wait between polls (`X-Poll-Interval`). */
  changesPollIntervalSeconds: number;
  /** How long a response recorded under an `Idempotency-Key` is replayed (IDEMPOTENCY_TTL_HOURS, in ms). */
  idempotencyTtlMs: number;
  /** Run the webhook delivery worker in this instance. */
  webhooksEnabled: boolean;
  /** Milliseconds between two rounds of the webhook worker (fan-out, then sending what is due). */
  webhookPollMs: number;
  /** Milliseconds a webhook target has to answer one delivery attempt. */
  webhookTimeoutMs: number;
  /** Delays (milliseconds) before the 2nd, 3rd, ... attempt of a failed delivery; exhausted: the delivery fails. */
  webhookRetrySchedule: number[];
  /** Allow webhook targets on private, loopback, link-local and other non-public addresses (tests, closed networks). */
  webhookAllowPrivateTargets: boolean;
  /** A key that start-up makes sure exists as an admin key (bootstrap of a new install). */
  adminApiKey: string | undefined;
  /** Requests per minute of one API key. */
  rateLimitPerMinute: number;
  /** Requests per minute of one client IP address without a (valid) key. */
  rateLimitAnonymousPerMinute: number;
  /** Origins allowed to call the API from a browser; empty: CORS off. */
  corsOrigins: string[];
  /** Trust `X-Forwarded-For` from this many proxies in front (0: use the connection's address). */
  trustProxyHops: number;
  /** Diagnostics: append every SQL statement, with the request that caused it, to this file (unset: off). */
  sqlTraceFile: string | undefined;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function present(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) {
    throw new ConfigError(name, `must be an integer between ${min} and ${max} (got "${raw}")`);
  }
  const value = Number(raw);
  if (value < min || value > max) {
    throw new ConfigError(name, `must be an integer between ${min} and ${max} (got "${raw}")`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  const lower = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lower)) return true;
  if (['false', '0', 'no', 'off'].includes(lower)) return false;
  throw new ConfigError(name, `must be true or false (got "${raw}")`);
}

const HOUR_MS = 3_600_000;

/** Hours, fractions allowed (0.5 is half an hour), from one second to one year. */
function idempotencyTtlMs(env: Env): number {
  const name = 'IDEMPOTENCY_TTL_HOURS';
  const raw = present(env, name);
  if (raw === undefined) return 24 * HOUR_MS;
  const message = `must be a number of hours, fractions allowed (24, 0.5), from one second to 8760 (got "${raw}")`;
  if (!/^\d{1,4}(\.\d{1,9})?$/.test(raw)) throw new ConfigError(name, message);
  const ms = Math.round(Number(raw) * HOUR_MS);
  if (ms < 1000 || ms > 8760 * HOUR_MS) throw new ConfigError(name, message);
  return ms;
}

/**
 * Default retry schedule: 11 retries, growing from 5 s to 8 h (capped), about 31.7 h in all. Each delay is jittered
 * down by at most 20 %, so the retry window is never shorter than about 25 h.
 */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE = ['5s', '30s', '2m', '10m', '30m', '1h', '2h', '4h', '8h', '8h', '8h'];

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const MAX_RETRY_DELAY_MS = 7 * 24 * 3_600_000;

/** A comma-separated list of durations: `500ms`, `5s`, `10m`, `2h`, or a bare number of seconds. */
export function parseDurationList(name: string, raw: string): number[] {
  const parts = raw.split(',').map((part) => part.trim());
  if (parts.length > 50) throw new ConfigError(name, `must list at most 50 delays (got ${parts.length})`);
  return parts.map((part) => {
    const match = /^(\d{1,9})(ms|s|m|h)?$/.exec(part);
    const value = match ? Number(match[1]) * DURATION_UNITS[match[2] ?? 's']! : Number.NaN;
    if (!match || value > MAX_RETRY_DELAY_MS) {
      throw new ConfigError(
        name,
        `must be a comma-separated list of delays such as "5s,30s,2m,1h" (ms, s, m or h; at most 7 days each; got "${raw}")`,
      );
    }
    return value;
  });
}

function databaseUrl(env: Env): string | undefined {
  const raw = present(env, 'DATABASE_URL');
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'must be a URL such as postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `must use the postgres:// or postgresql:// scheme (got "${url.protocol}")`);
  }
  if (url.pathname.length <= 1) {
    throw new ConfigError('DATABASE_URL', 'must name a database, e.g. postgres://host:5432/liaison_registry');
  }
  return raw;
}

function logLevel(env: Env): LogLevel {
  const raw = present(env, 'LOG_LEVEL')?.toLowerCase() ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')} (got "${raw}")`);
  }
  return raw as LogLevel;
}

function host(env: Env): string {
  const raw = present(env, 'HOST') ?? '0.0.0.0';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(raw)) {
    throw new ConfigError('HOST', `must be a host name or IP address (got "${raw}")`);
  }
  return raw;
}

function logPretty(env: Env, isTty: boolean): boolean {
  const raw = present(env, 'LOG_PRETTY');
  if (raw === undefined || raw.toLowerCase() === 'auto') return isTty;
  return boolean(env, 'LOG_PRETTY', isTty);
}

function adminApiKey(env: Env): string | undefined {
  const raw = present(env, 'ADMIN_API_KEY');
  if (raw === undefined) return undefined;
  // The value is a secret: the message never repeats it.
  if (!isStrongKey(raw)) {
    throw new ConfigError(
      'ADMIN_API_KEY',
      'must be a key made by `npm run api-key -- generate` (lr_ and 43 characters), or at least 43 random ' +
        'base64url characters (A-Z a-z 0-9 - _), such as `openssl rand -hex 32`',
    );
  }
  return raw;
}

/**
 * The embedded PostgreSQL keeps its cluster in `<DATA_DIR>/postgres`; checked only when it will be used (no
 * DATABASE_URL), so an image with a read-only file system and an external database is not turned away.
 */
function dataDir(env: Env, embedded: boolean): string {
  const raw = present(env, 'DATA_DIR') ?? '.data';
  const problem = embedded ? writableFolderProblem(raw) : undefined;
  if (problem !== undefined) {
    throw new ConfigError(
      'DATA_DIR',
      `must be a folder this user can write to (or create), for the embedded PostgreSQL: ${problem} (got "${raw}")`,
    );
  }
  return raw;
}

function sqlTraceFile(env: Env): string | undefined {
  const raw = present(env, 'SQL_TRACE_FILE');
  const problem = raw === undefined ? undefined : appendableFileProblem(raw);
  if (problem !== undefined) {
    throw new ConfigError('SQL_TRACE_FILE', `must be a file this user can append to: ${problem} (got "${raw}")`);
  }
  return raw;
}

function corsOrigins(env: Env): string[] {
  const raw = present(env, 'CORS_ORIGINS');
  if (raw === undefined) return [];
  const origins = raw
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin) {
      throw new ConfigError(
        'CORS_ORIGINS',
        `must be a comma-separated list of origins such as https://portal.example.org (got "${origin}")`,
      );
    }
  }
  return [...new Set(origins)];
}

export function loadConfig(env: Env = process.env, isTty = Boolean(process.stdout.isTTY)): AppConfig {
  const embeddedPort = present(env, 'EMBEDDED_PG_PORT');
  const url = databaseUrl(env);
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: host(env),
    databaseUrl: url,
    logLevel: logLevel(env),
    logPretty: logPretty(env, isTty),
    seed: boolean(env, 'SEED', true),
    dataDir: dataDir(env, url === undefined),
    embeddedPgPort: embeddedPort === undefined ? undefined : integer(env, 'EMBEDDED_PG_PORT', 0, 1, 65535),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 104_857_600),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    dbPoolSize: integer(env, 'DB_POOL_SIZE', 10, 1, 200),
    dbConnectTimeoutMs: integer(env, 'DB_CONNECT_TIMEOUT_MS', 1_500, 100, 60_000),
    dbStatementTimeoutMs: integer(env, 'DB_STATEMENT_TIMEOUT_MS', 5_000, 100, 600_000),
    changesPollIntervalSeconds: integer(env, 'CHANGES_POLL_INTERVAL_SECONDS', 5, 1, 3600),
    idempotencyTtlMs: idempotencyTtlMs(env),
    webhooksEnabled: boolean(env, 'WEBHOOKS_ENABLED', true),
    webhookPollMs: integer(env, 'WEBHOOK_POLL_MS', 1_000, 10, 60_000),
    webhookTimeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
    webhookRetrySchedule: parseDurationList(
      'WEBHOOK_RETRY_SCHEDULE',
      present(env, 'WEBHOOK_RETRY_SCHEDULE') ?? DEFAULT_WEBHOOK_RETRY_SCHEDULE.join(','),
    ),
    webhookAllowPrivateTargets: boolean(env, 'WEBHOOK_ALLOW_PRIVATE_TARGETS', false),
    adminApiKey: adminApiKey(env),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 10_000_000),
    rateLimitAnonymousPerMinute: integer(env, 'RATE_LIMIT_ANONYMOUS_PER_MINUTE', 120, 1, 10_000_000),
    corsOrigins: corsOrigins(env),
    trustProxyHops: integer(env, 'TRUST_PROXY_HOPS', 0, 0, 10),
    sqlTraceFile: sqlTraceFile(env),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
