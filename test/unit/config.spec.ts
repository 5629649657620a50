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
      adminApiKey: 'lr_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG',
      rateLimitPerMinute: 1000,
      rateLimitAnonymousPerMinute: 30,
      corsOrigins: ['https://portal.example.org', 'http://localhost:5173'],
      trustProxyHops: 1,
    });
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
