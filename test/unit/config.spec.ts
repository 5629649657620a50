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
});
