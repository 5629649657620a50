import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

export const API_VERSION = '1.0.0';

type Json = unknown;

/**
 * OpenAPI 3.1 spells "nullable" as a type union; @nestjs/swagger emits the 3.0 `nullable: true`.
 * Rewrite it everywhere so the document uses one idiom.
 */
export function toOpenApi31Nullable(node: Json): Json {
  if (Array.isArray(node)) return node.map(toOpenApi31Nullable);
  if (node === null || typeof node !== 'object') return node;
  const source = node as Record<string, Json>;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key !== 'nullable') out[key] = toOpenApi31Nullable(value);
  }
  if (source.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    } else if (typeof out.$ref === 'string' || Array.isArray(out.allOf)) {
      const { description, ...schema } = out;
      return { ...(description === undefined ? {} : { description }), oneOf: [schema, { type: 'null' }] };
    }
  }
  return out;
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Liaison Registry API')
    .setDescription(
      'Liaison relationships between standards bodies: bodies, liaisons and their categories, shared work items, ' +
        'contact rosters, liaison statements and correspondence groups. Errors are RFC 9457 problem details ' +
        '(`application/problem+json`); lists are cursor-paginated (`nextCursor` and an RFC 8288 `Link` header).',
    )
    .setVersion(API_VERSION)
    .setLicense('UNLICENSED', 'https://example.invalid/license')
    .addTag('bodies', 'Standards bodies and their hierarchy')
    .addTag('operations', 'Health and metrics')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
  return toOpenApi31Nullable(document) as OpenAPIObject;
}
