/** The committed OpenAPI document, read the way the auth matrix and the hostile-input suite walk it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export type JsonSchema = Record<string, unknown> & {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  maxLength?: number;
  minLength?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  operationId: string;
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  parameters: Parameter[];
  /** Schema of the JSON request body, if the operation takes one. */
  requestBody?: JsonSchema;
  /** Documented response statuses. */
  statuses: Set<number>;
  access: { roles: string[]; scope?: string };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, JsonSchema> };
}

export function committedDocument(): OpenApiDocument {
  return JSON.parse(readFileSync(path.join(root, 'openapi', 'openapi.json'), 'utf8')) as OpenApiDocument;
}

const METHODS = ['get', 'post', 'patch', 'put', 'delete'] as const;

export function operationsOf(document: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [route, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as Record<string, unknown> | undefined;
      if (!operation) continue;
      const content = (operation.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)
        ?.content;
      out.push({
        operationId: operation.operationId as string,
        method,
        path: route,
        parameters: (operation.parameters as Parameter[] | undefined) ?? [],
        requestBody: content?.['application/json']?.schema,
        statuses: new Set(Object.keys(operation.responses as object).map(Number)),
        access: operation['x-access'] as Operation['access'],
      });
    }
  }
  return out;
}

/** Follows a `$ref` (also one wrapped in a one-element `allOf`) into the document's schemas. */
export function resolve(document: OpenApiDocument, schema: JsonSchema | undefined): JsonSchema | undefined {
  if (schema?.$ref) return resolve(document, document.components.schemas[schema.$ref.split('/').pop()!]);
  if (schema?.allOf?.length === 1) return resolve(document, schema.allOf[0]);
  return schema;
}

/** The alternatives of a schema (`oneOf` / `anyOf`), or the schema itself. */
export function alternatives(schema: JsonSchema): JsonSchema[] {
  return schema.oneOf ?? schema.anyOf ?? [schema];
}

/** `/v1/bodies/{id}/roster/{membershipId}` with the values given, URL-encoded. */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? ''));
}
