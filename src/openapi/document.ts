import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { documentIdempotentPosts } from '../idempotency/idempotency-openapi.js';
import { documentCrossCutting } from './cross-cutting.js';
import { toOpenApi31Nullable } from './nullable.js';
import { finalizeDocument } from './finalize.js';

export const API_VERSION = '1.0.0';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Liaison Registry API')
    .setDescription(
      'Liaison relationships between standards bodies: bodies, liaisons and their categories, shared work items, ' +
        'contact rosters, liaison statements and correspondence groups. Errors are RFC 9457 problem details ' +
        '(`application/problem+json`); lists are cursor-paginated (`nextCursor` and an RFC 8288 `Link` header). ' +
        'Every POST accepts an `Idempotency-Key` header that makes retrying it safe. ' +
        "Reads are public (contacts' e-mail addresses need an API key); writes need an API key, sent as " +
        '`Authorization: Bearer <key>` or `X-API-Key`, whose role (`reader`, `secretariat` scoped to bodies, ' +
        '`admin`) allows them. Requests are rate-limited per key, or per IP address without one (429 with ' +
        '`Retry-After`).',
    )
    .setVersion(API_VERSION)
    .setLicense('UNLICENSED', 'https://example.invalid/license')
    .addTag('bodies', 'Standards bodies and their hierarchy')
    .addTag('liaisons', 'Directed liaisons between a committee and a partner body, with their categories')
    .addTag('work-items', 'Work items of a body, with their stage history and the liaisons they matter to')
    .addTag('contacts', 'People and the roles they hold in bodies (e-mail addresses are personal data)')
    .addTag('rosters', 'Roles held in a body: chairs, convenors, committee managers, officers, delegates, ...')
    .addTag('statements', 'Liaison statements between bodies, with deadlines, replies and actions taken')
    .addTag('changes', 'The change feed: every committed change, in a gap-free order')
    .addTag('webhooks', 'Signed deliveries of change events to subscribers (Standard Webhooks)')
    .addTag('search', 'Full-text search across the registry')
    .addTag('api-keys', 'API keys: who may write, and who may read e-mail addresses (admin only)')
    .addTag('operations', 'Health and metrics')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
  return finalizeDocument(
    documentIdempotentPosts(documentCrossCutting(toOpenApi31Nullable(document))) as OpenAPIObject,
  ) as OpenAPIObject;
}
