import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/config.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Reuses a sane incoming `X-Request-Id`, otherwise makes one; stored on the raw request for pino-http. */
export function requestIdOf(req: IncomingMessage): string {
  const cached = (req as IncomingMessage & { requestId?: string }).requestId;
  if (cached) return cached;
  const header = req.headers['x-request-id'];
  const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
  (req as IncomingMessage & { requestId?: string }).requestId = id;
  return id;
}

function prettyTransport(config: AppConfig): Params['pinoHttp'] {
  if (!config.logPretty) return {};
  try {
    // pino-pretty is a dev dependency: production images log JSON lines.
    createRequire(import.meta.url).resolve('pino-pretty');
    return { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } };
  } catch {
    return {};
  }
}

export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req) => requestIdOf(req),
      customProps: () => ({ service: 'liaison-registry' }),
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'info',
      ...prettyTransport(config),
    },
  };
}
