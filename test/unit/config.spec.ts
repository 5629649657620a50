import { ConfigError, loadConfig } from '../../src/config/config.js';

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
        IDEMPOTENCY_TTL_HOURS: '48',
        ADMIN_API_KEY: ' lr_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG ',
        RATE_LIMIT_PER_MINUTE: '1000',
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '30',
        CORS_ORIGINS: 'https://portal.example.org, http://localhost:5173,https://portal.example.org',
        TRUST_PROXY_HOPS: '1',
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
      idempotencyTtlMs: 48 * 3_600_000,
      adminApiKey: 'lr_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG',
      rateLimitPerMinute: 1000,
      rateLimitAnonymousPerMinute: 30,
      corsOrigins: ['https://portal.example.org', 'http://localhost:5173'],
      trustProxyHops: 1,
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

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['HOST', 'bad host!'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_URL', 'mysql://u@h/db'],
    ['DATABASE_URL', 'postgres://u@h'],
    ['LOG_LEVEL', 'loud'],
    ['SEED', 'maybe'],
    ['EMBEDDED_PG_PORT', '0'],
    ['BODY_LIMIT_BYTES', '10'],
    ['DB_POOL_SIZE', '0'],
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
    ['RATE_LIMIT_PER_MINUTE', '0'],
    ['RATE_LIMIT_ANONYMOUS_PER_MINUTE', 'lots'],
    ['CORS_ORIGINS', '*'],
    ['CORS_ORIGINS', 'https://portal.example.org/path'],
    ['CORS_ORIGINS', 'ftp://files.example.org'],
    ['TRUST_PROXY_HOPS', '11'],
  ])('names %s when its value %p is invalid', (variable, value) => {
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
