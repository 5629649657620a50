import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const root = path.resolve(import.meta.dirname, '../..');
const aFile = path.join(root, 'package.json');
const KEY_43 = 'Zk3pQ9aBc1d2e3f4g5h6i7j8k9l0m1n2o3p4q5r6s7t';

/** Each variable with values that must stop start-up. `.env.example` lists no variable missing here. */
const BAD_VALUES: [string, string][] = [
  ['PORT', 'abc'],
  ['PORT', '70000'],
  ['PORT', '-1'],
  ['HOST', 'bad host!'],
  ['DATABASE_URL', 'not a url'],
  ['DATABASE_URL', 'mysql://u@h/db'],
  ['DATABASE_URL', 'postgres://u@h'],
  ['DATA_DIR', aFile],
  ['DATA_DIR', path.join(aFile, 'data')],
  ['LOG_LEVEL', 'loud'],
  ['LOG_PRETTY', 'sometimes'],
  ['SEED', 'maybe'],
  ['EMBEDDED_PG_PORT', '0'],
  ['BODY_LIMIT_BYTES', '10'],
  ['DB_POOL_SIZE', '0'],
  ['DB_CONNECT_TIMEOUT_MS', '50'],
  ['DB_CONNECT_TIMEOUT_MS', 'soon'],
  ['DB_STATEMENT_TIMEOUT_MS', '99'],
  ['DB_STATEMENT_TIMEOUT_MS', '600001'],
  ['CHANGES_POLL_INTERVAL_SECONDS', '0'],
  ['CHANGES_POLL_INTERVAL_SECONDS', '2.5'],
  ['SHUTDOWN_GRACE_MS', '1.5'],
  ['IDEMPOTENCY_TTL_HOURS', '0'],
  ['IDEMPOTENCY_TTL_HOURS', '0.0002'],
  ['IDEMPOTENCY_TTL_HOURS', '8761'],
  ['IDEMPOTENCY_TTL_HOURS', '-1'],
  ['IDEMPOTENCY_TTL_HOURS', '1e3'],
  ['IDEMPOTENCY_TTL_HOURS', '.5'],
  ['IDEMPOTENCY_TTL_HOURS', '24h'],
  ['WEBHOOKS_ENABLED', 'sometimes'],
  ['WEBHOOK_POLL_MS', '5'],
  ['WEBHOOK_TIMEOUT_MS', '600000'],
  ['WEBHOOK_RETRY_SCHEDULE', '5s,,1m'],
  ['WEBHOOK_RETRY_SCHEDULE', '5 minutes'],
  ['WEBHOOK_RETRY_SCHEDULE', '-5s'],
  ['WEBHOOK_RETRY_SCHEDULE', '8d'],
  ['WEBHOOK_RETRY_SCHEDULE', '200h'],
  ['WEBHOOK_RETRY_SCHEDULE', Array.from({ length: 51 }, () => '1s').join(',')],
  ['WEBHOOK_ALLOW_PRIVATE_TARGETS', 'maybe'],
  ['ADMIN_API_KEY', 'too-short'],
  ['ADMIN_API_KEY', 'has spaces in it but is long enough to pass the length'],
  // what passed before: 32 printable characters
  ['ADMIN_API_KEY', 'Zk3pQ9aBc1d2e3f4g5h6i7j8k9l0m1n2'],
  // the prefix is not random: 43 characters must follow it
  ['ADMIN_API_KEY', `lr_${KEY_43.slice(3)}`],
  // standard base64 (`openssl rand -base64 32`), not base64url
  ['ADMIN_API_KEY', 'q1Zk3pQ9aBc+d2e3f4g5h6i7j8k9l0m1n2o3p4q5r6s/t8U='],
  // a placeholder, however long
  ['ADMIN_API_KEY', 'x'.repeat(43)],
  ['ADMIN_API_KEY', 'changeme'.repeat(8)],
  ['RATE_LIMIT_PER_MINUTE', '0'],
  ['RATE_LIMIT_ANONYMOUS_PER_MINUTE', 'lots'],
  ['TRUST_PROXY_HOPS', '11'],
  ['CORS_ORIGINS', '*'],
  ['CORS_ORIGINS', 'https://portal.example.org/path'],
  ['CORS_ORIGINS', 'ftp://files.example.org'],
  ['SQL_TRACE_FILE', path.join(root, 'no-such-folder', 'trace.jsonl')],
  ['SQL_TRACE_FILE', root],
];

describe('loadConfig', () => {
  it('has working defaults with an empty environment', () => {
    const sut = loadConfig({}, false);
    expect(sut).toEqual({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      logLevel: 'info',
      logPretty: false,
      seed: true,
      dataDir: '.data',
      embeddedPgPort: undefined,
      bodyLimitBytes: 1_048_576,
      shutdownGraceMs: 10_000,
      dbPoolSize: 10,
      dbConnectTimeoutMs: 1500,
      dbStatementTimeoutMs: 5000,
      changesPollIntervalSeconds: 5,
      idempotencyTtlMs: 24 * 3_600_000,
      webhooksEnabled: true,
      webhookPollMs: 1_000,
      webhookTimeoutMs: 10_000,
      webhookRetrySchedule: [
        5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 28_800_000,
        28_800_000,
      ],
      webhookAllowPrivateTargets: false,
      adminApiKey: undefined,
      corsOrigins: [],
      rateLimitAnonymousPerMinute: 120,
      rateLimitPerMinute: 600,
      trustProxyHops: 0,
    });
  });

  it('retries webhooks over at least 24 hours by default, even with every delay jittered down by 20 %', () => {
    const schedule = loadConfig({}, false).webhookRetrySchedule;
    const total = schedule.reduce((sum, delay) => sum + delay, 0);
    expect(total * 0.8).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(schedule).toEqual([...schedule].sort((x, y) => x - y));
  });

  it('reads webhook settings, with units in the retry schedule', () => {
    const sut = loadConfig(
      {
        WEBHOOKS_ENABLED: 'false',
        WEBHOOK_POLL_MS: '50',
        WEBHOOK_TIMEOUT_MS: '2500',
        WEBHOOK_RETRY_SCHEDULE: '250ms, 3, 10s,2m,1h',
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      },
      false,
    );
    expect(sut).toMatchObject({
      webhooksEnabled: false,
      webhookPollMs: 50,
      webhookTimeoutMs: 2_500,
      webhookRetrySchedule: [250, 3_000, 10_000, 120_000, 3_600_000],
      webhookAllowPrivateTargets: true,
      adminApiKey: undefined,
      rateLimitPerMinute: 600,
      rateLimitAnonymousPerMinute: 120,
      corsOrigins: [],
      trustProxyHops: 0,
    });
  });

  it('reads every variable', () => {
    const sut = loadConfig(
      {
        PORT: '8080',
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgres://u:p@db:5432/registry',
        LOG_LEVEL: 'DEBUG',
        LOG_PRETTY: 'true',
        SEED: 'false',
        DATA_DIR: '/var/lib/registry',
        EMBEDDED_PG_PORT: '54329',
        BODY_LIMIT_BYTES: '2048',
        SHUTDOWN_GRACE_MS: '500',
        DB_POOL_SIZE: '4',
        DB_CONNECT_TIMEOUT_MS: '800',
        DB_STATEMENT_TIMEOUT_MS: '20000',
        CHANGES_POLL_INTERVAL_SECONDS: '30',
        IDEMPOTENCY_TTL_HOURS: '48',
        ADMIN_API_KEY: ' lr_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG ',
        RATE_LIMIT_PER_MINUTE: '1000',
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '30',
        CORS_ORIGINS: 'https://portal.example.org, http://localhost:5173,https://portal.example.org',
        TRUST_PROXY_HOPS: '1',
        SQL_TRACE_FILE: path.join(os.tmpdir(), 'registry-trace.jsonl'),
      },
      false,
    );
    expect(sut).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://u:p@db:5432/registry',
      logLevel: 'debug',
      logPretty: true,
      seed: false,
      dataDir: '/var/lib/registry',
      embeddedPgPort: 54329,
      bodyLimitBytes: 2048,
      shutdownGraceMs: 500,
      dbPoolSize: 4,
      dbConnectTimeoutMs: 800,
      dbStatementTimeoutMs: 20_000,
      changesPollIntervalSeconds: 30,
      idempotencyTtlMs: 48 * 3_600_000,
      adminApiKey: 'lr_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG',
      rateLimitPerMinute: 1000,
      rateLimitAnonymousPerMinute: 30,
      corsOrigins: ['https://portal.example.org', 'http://localhost:5173'],
      trustProxyHops: 1,
      sqlTraceFile: path.join(os.tmpdir(), 'registry-trace.jsonl'),
    });
  });

  it('takes fractions of an hour for IDEMPOTENCY_TTL_HOURS, down to one second', () => {
    expect(loadConfig({ IDEMPOTENCY_TTL_HOURS: '0.5' }, false).idempotencyTtlMs).toBe(1_800_000);
    expect(loadConfig({ IDEMPOTENCY_TTL_HOURS: '0.0005' }, false).idempotencyTtlMs).toBe(1_800);
    expect(loadConfig({ IDEMPOTENCY_TTL_HOURS: ' 8760 ' }, false).idempotencyTtlMs).toBe(8760 * 3_600_000);
  });

  it('pretty-prints on a terminal unless told otherwise', () => {
    expect(loadConfig({}, true).logPretty).toBe(true);
    expect(loadConfig({ LOG_PRETTY: 'false' }, true).logPretty).toBe(false);
  });

  it.each(BAD_VALUES)('names %s when its value %p is invalid', (variable, value) => {
    let caught: unknown;
    try {
      loadConfig({ [variable]: value }, false);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
  });

  it('has a bad value for every variable that .env.example lists', () => {
    const listed = [
      ...readFileSync(path.join(root, '.env.example'), 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm),
    ].map((match) => match[1]);
    expect(listed.length).toBeGreaterThan(20);
    const tested = new Set(BAD_VALUES.map(([variable]) => variable));
    expect(listed.filter((variable) => !tested.has(variable))).toEqual([]);
  });

  it('takes a DATA_DIR relative to the current directory, missing folders included', () => {
    expect(loadConfig({ DATA_DIR: 'some/new/folder' }, false).dataDir).toBe('some/new/folder');
    expect(loadConfig({ DATA_DIR: os.tmpdir() }, false).dataDir).toBe(os.tmpdir());
  });

  it('names DATA_DIR and the reason when it is a file or below one', () => {
    expect(() => loadConfig({ DATA_DIR: aFile }, false)).toThrow(
      `Invalid configuration: DATA_DIR must be a folder this user can write to (or create), for the embedded PostgreSQL: ${aFile} exists but is not a directory (got "${aFile}")`,
    );
    expect(() => loadConfig({ DATA_DIR: path.join(aFile, 'data') }, false)).toThrow(
      `${path.join(aFile, 'data')} cannot be created: ${aFile} exists but is not a directory`,
    );
  });

  it('leaves DATA_DIR alone when DATABASE_URL is set (no embedded PostgreSQL to keep there)', () => {
    expect(loadConfig({ DATA_DIR: aFile, DATABASE_URL: 'postgres://db:5432/registry' }, false).dataDir).toBe(aFile);
  });

  // Root writes anywhere (permission bits do not apply to it), so this case needs an ordinary user.
  (process.getuid?.() === 0 ? it.skip : it)('names DATA_DIR when its folder is read-only', async () => {
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'registry-config-'));
    try {
      await chmod(scratch, 0o500);
      expect(() => loadConfig({ DATA_DIR: scratch }, false)).toThrow(`the directory ${scratch} is not writable`);
      expect(() => loadConfig({ DATA_DIR: path.join(scratch, 'data') }, false)).toThrow(/cannot be created/);
    } finally {
      await chmod(scratch, 0o700);
      await rm(scratch, { recursive: true, force: true });
    }
  });

  it('takes ADMIN_API_KEY values as the key generator makes them, or 43+ base64url characters', () => {
    const generated = `lr_${KEY_43}`;
    expect(loadConfig({ ADMIN_API_KEY: generated }, false).adminApiKey).toBe(generated);
    expect(loadConfig({ ADMIN_API_KEY: KEY_43 }, false).adminApiKey).toBe(KEY_43);
    const hex = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    expect(loadConfig({ ADMIN_API_KEY: hex }, false).adminApiKey).toBe(hex);
  });

  it('never repeats the value of ADMIN_API_KEY in its message', () => {
    const secret = 'secret-but-short';
    let message = '';
    try {
      loadConfig({ ADMIN_API_KEY: secret }, false);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration: ADMIN_API_KEY /);
    expect(message).not.toContain(secret);
  });
});
