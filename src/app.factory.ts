import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { ProblemFilter } from './common/problem/problem.filter.js';
import { StrictValidationPipe } from './common/validation/validation.js';
import type { AppConfig } from './config/config.js';
import { createRootLogger, logRequests, requestIdOf } from './logging/logging.js';
import { HttpMetrics } from './metrics/metrics.js';
import { buildOpenApiDocument } from './openapi/document.js';

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
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    genReqId: (req: IncomingMessage) => requestIdOf(req),
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
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

  const fastify = app.getHttpAdapter().getInstance();
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
