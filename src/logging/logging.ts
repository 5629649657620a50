import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Params } from 'nestjs-pino';
import { pino, type Logger as PinoLogger } from 'pino';
import type { AppConfig } from '../config/config.js';
import { redactUrl } from './redact-url.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Reuses a sane incoming `X-Request-Id`, otherwise makes one; cached on the raw request. */
export function requestIdOf(req: IncomingMessage): string {
  const cached = (req as IncomingMessage & { requestId?: string }).requestId;
  if (cached) return cached;
  const header = req.headers['x-request-id'];
  const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
  (req as IncomingMessage & { requestId?: string }).requestId = id;
  return id;
}

function prettyTransport(config: AppConfig): pino.LoggerOptions['transport'] {
  if (!config.logPretty) return undefined;
  try {
    // pino-pretty is a dev dependency: production images log JSON lines.
    createRequire(import.meta.url).resolve('pino-pretty');
    return { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } };
  } catch {
    return undefined;
  }
}

/** The process's one pino logger: JSON lines, or pretty output on a terminal. */
export function createRootLogger(config: AppConfig): PinoLogger {
  return pino({
    level: config.logLevel,
    base: { service: 'liaison-registry' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
      censor: '[redacted]',
    },
    transport: prettyTransport(config),
  });
}

/** nestjs-pino carries the application's own log lines; request lines come from {@link logRequests}. */
export function loggerParams(root: PinoLogger): Params {
  return { pinoHttp: { logger: root, autoLogging: false, genReqId: (req) => requestIdOf(req) } };
}

/**
 * One line per answered request with its id, method, URL (search text redacted), status and duration. A Fastify hook
 * rather than pino-http's middleware: it sees every response, 404s and body-parser errors included.
 */
export function logRequests(fastify: FastifyInstance, root: PinoLogger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : 'info';
    root[level](
      {
        req: { id: request.id, method: request.method, url: redactUrl(request.url) },
        res: { statusCode: status },
        responseTime: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
    done();
  });
}
