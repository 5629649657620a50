import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import helmet from 'helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { matchesIfNoneMatch } from './common/http/etag.js';
import { ProblemFilter } from './common/problem/problem.filter.js';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, problemTypeUri } from './common/problem/problem.js';
import { StrictValidationPipe } from './common/validation/validation.js';
import type { AppConfig } from './config/config.js';
import { traceRequests } from './database/sql-trace.js';
import { installIdempotency } from './idempotency/idempotency.hooks.js';
import { IdempotencyStore } from './idempotency/idempotency.store.js';
import { createRootLogger, logRequests, requestIdOf } from './logging/logging.js';
import { HttpMetrics } from './metrics/metrics.js';
import { buildOpenApiDocument } from './openapi/document.js';

/** Longest path parameter the router accepts (ids are UUIDs). */
const MAX_PARAM_LENGTH = 200;

/**
 * A path the router cannot even match: a malformed percent-encoding, or a path parameter longer than
 * `maxParamLength` (no id is that long). Both are the client's malformed request: 400.
 */
function answerRouterErrors(
  setSecurityHeaders: SecurityHeaders,
  error: { code?: string },
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  // No hook runs before the router: the security headers are set here.
  setSecurityHeaders(request.raw, reply.raw, () => undefined);
  const detail =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? `A path parameter is longer than ${MAX_PARAM_LENGTH} characters.`
      : 'The URL is malformed (invalid percent-encoding).';
  void reply
    .status(400)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .header('x-request-id', request.id)
    .send({
      type: problemTypeUri('bad-request'),
      title: PROBLEM_TYPES['bad-request'],
      status: 400,
      detail,
      instance: (request.raw.url ?? '/').split('?')[0]?.slice(0, 2048),
      requestId: request.id,
    });
}

/**
 * Every successful GET gets a strong ETag (a hash of the representation unless the handler set its own from a
 * cheaper validator) and answers 304 with no body to a matching If-None-Match. Authenticated reads are
 * `private`; every read is `no-cache` (revalidate) and varies on the credentials, which change what is shown.
 */
function conditionalGets(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload;
    const authenticated = Boolean(request.headers.authorization ?? request.headers['x-api-key']);
    void reply.header('vary', 'Authorization, X-API-Key');
    if (!reply.hasHeader('cache-control') || authenticated) {
      void reply.header('cache-control', authenticated ? 'private, no-cache' : 'no-cache');
    }
    let etag = reply.getHeader('etag') as string | undefined;
    if (!etag) {
      if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
      etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
      void reply.header('etag', etag);
    }
    if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) {
      void reply.code(304).removeHeader('content-type').removeHeader('content-length');
      return '';
    }
    return payload;
  });
}
/**
 * How long a claimed idempotency key protects its unfinished request. Past it, the instance is presumed dead and a
 * retry may take the key over: longer than any request should take, short enough for clients to recover.
 */
const IDEMPOTENCY_LOCK_MS = 60_000;
/** Each instance deletes expired idempotency keys at most this often (on a POST carrying a key). */
const IDEMPOTENCY_PURGE_INTERVAL_MS = 60_000;

/**
 * Security headers on every response (helmet), and CORS only for the origins configured. The content
 * security policy is strict but lets Swagger UI at /docs run: its scripts and style sheets are served
 * from this origin, it styles with inline styles and draws icons from data: URIs.
 */
type SecurityHeaders = ReturnType<typeof helmet>;

/** helmet's middleware, built once (the @fastify/helmet plugin builds it again on every request). */
function securityHeaders(config: AppConfig): SecurityHeaders {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
      },
    },
    // With CORS on, browsers on the allowed origins must be able to read the responses.
    crossOriginResourcePolicy: { policy: config.corsOrigins.length > 0 ? 'cross-origin' : 'same-origin' },
    frameguard: { action: 'deny' },
  });
}

function installSecurityHeaders(
  app: NestFastifyApplication,
  config: AppConfig,
  setSecurityHeaders: SecurityHeaders,
): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      setSecurityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
    });
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'X-API-Key', 'Content-Type', 'X-Request-Id'],
      exposedHeaders: [
        'Link',
        'Location',
        'Retry-After',
        'WWW-Authenticate',
        'X-Request-Id',
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Reset',
      ],
      maxAge: 600,
    });
  }
}

export interface CreateAppOptions {
  /** Build the module graph without connecting to anything (used to generate the OpenAPI document). */
  preview?: boolean;
}

/** Builds the application (not listening): the same wiring for the server, the OpenAPI generator and tests. */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const metrics = new HttpMetrics();
  const logger = createRootLogger(config);
  const setSecurityHeaders = securityHeaders(config);
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    genReqId: (req: IncomingMessage) => requestIdOf(req),
    forceCloseConnections: 'idle',
    // The server drains its connections before the application closes (common/http/http-drain.ts): requests still
    // arriving on a kept-alive connection during the grace period are served, and the response closes it.
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    // The router refuses a malformed URL or an over-long path parameter before any hook or Nest code
    // runs; answer those as problems too.
    frameworkErrors: (error: { code?: string }, request: FastifyRequest, reply: FastifyReply) =>
      answerRouterErrors(setSecurityHeaders, error, request, reply),
    // Behind a load balancer the client's address (the anonymous rate-limit key) is in X-Forwarded-For.
    trustProxy: config.trustProxyHops > 0 ? (_address: string, hop: number) => hop < config.trustProxyHops : false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, databaseUrl, metrics, logger }),
    adapter,
    // Body parsing is Fastify's own JSON parser (set up below); no form or text parsers.
    { bufferLogs: true, abortOnError: false, preview: options.preview ?? false, bodyParser: false },
  );
  if (!options.preview) app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(new StrictValidationPipe());

  installSecurityHeaders(app, config, setSecurityHeaders);

  const fastify = app.getHttpAdapter().getInstance();
  if (config.sqlTraceFile) traceRequests(fastify);
  // JSON only: any other content type is a 415. PATCH bodies may be sent as JSON merge patch.
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser(
    'application/merge-patch+json',
    { parseAs: 'string' },
    fastify.getDefaultJsonParser('error', 'error'),
  );
  fastify.addHook('onSend', (request, reply, _payload, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  conditionalGets(fastify);
  if (!options.preview) {
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const store = new IdempotencyStore(
      (sql, params) => dataSource.query(sql, params),
      { ttlMs: config.idempotencyTtlMs, lockMs: IDEMPOTENCY_LOCK_MS, purgeIntervalMs: IDEMPOTENCY_PURGE_INTERVAL_MS },
      (error) => logger.warn({ err: error }, 'could not purge expired idempotency keys'),
    );
    installIdempotency(fastify, store, logger);
  }
  metrics.install(fastify);
  logRequests(fastify, logger);

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: '/openapi.json',
    yamlDocumentUrl: '/openapi.yaml',
    customSiteTitle: 'Liaison Registry API',
  });
  return app;
}
