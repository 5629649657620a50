/**
 * Typed, validated configuration read from environment variables.
 * Pure: no Nest import, so it is unit-tested directly and used by CLI scripts.
 */
import { isStrongKey } from '../auth/api-key-secret.js';

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
      'must be at least 32 printable characters without spaces (make one with `npm run api-key -- generate`)',
    );
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
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: host(env),
    databaseUrl: databaseUrl(env),
    logLevel: logLevel(env),
    logPretty: logPretty(env, isTty),
    seed: boolean(env, 'SEED', true),
    dataDir: present(env, 'DATA_DIR') ?? '.data',
    embeddedPgPort: embeddedPort === undefined ? undefined : integer(env, 'EMBEDDED_PG_PORT', 0, 1, 65535),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 104_857_600),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    dbPoolSize: integer(env, 'DB_POOL_SIZE', 10, 1, 200),
    adminApiKey: adminApiKey(env),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 10_000_000),
    rateLimitAnonymousPerMinute: integer(env, 'RATE_LIMIT_ANONYMOUS_PER_MINUTE', 120, 1, 10_000_000),
    corsOrigins: corsOrigins(env),
    trustProxyHops: integer(env, 'TRUST_PROXY_HOPS', 0, 0, 10),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
