/** Plain-JSON helpers shared by the document transforms and checkers (no Nest import). */

export type JsonObject = Record<string, unknown>;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `value`, or an empty one (read-only use). */
export function objectAt(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

export function arrayAt(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export interface OperationRef {
  path: string;
  method: HttpMethod;
  operation: JsonObject;
  /** `GET /v1/bodies/{id}` */
  label: string;
  /** JSON pointer of the operation. */
  pointer: string;
}

/** RFC 6901 escaping of one pointer token. */
export function pointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function operationsOf(document: unknown): OperationRef[] {
  const out: OperationRef[] = [];
  for (const [path, item] of Object.entries(objectAt(objectAt(document).paths))) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      out.push({
        path,
        method,
        operation,
        label: `${method.toUpperCase()} ${path}`,
        pointer: `#/paths/${pointerToken(path)}/${method}`,
      });
    }
  }
  return out;
}

/** The target of a local `$ref` (`#/components/...`), or undefined. */
export function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** Follows `$ref` chains (at most 20 hops). */
export function deref(document: unknown, node: unknown): unknown {
  let current = node;
  for (let hops = 0; hops < 20 && isObject(current) && typeof current.$ref === 'string'; hops += 1) {
    current = resolvePointer(document, current.$ref);
  }
  return current;
}

/** The parameters of an operation with those declared on its path item, references resolved. */
export function parametersOf(document: unknown, ref: OperationRef): JsonObject[] {
  const item = objectAt(objectAt(objectAt(document).paths)[ref.path]);
  return [...arrayAt(item.parameters), ...arrayAt(ref.operation.parameters)]
    .map((parameter) => deref(document, parameter))
    .filter(isObject);
}

/** The JSON types a schema admits (`type: 'string'` or `type: ['string', 'null']`). */
export function typesOf(schema: JsonObject): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.filter((t): t is string => typeof t === 'string');
  return [];
}

/** Deep copy of plain JSON. */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Every schema object reachable from `node` (not following `$ref`), with its JSON pointer. */
export function* walkSchemas(node: unknown, pointer: string): Generator<{ schema: JsonObject; pointer: string }> {
  if (!isObject(node)) return;
  yield { schema: node, pointer };
  for (const key of ['items', 'not', 'additionalProperties', 'contains', 'if', 'then', 'else']) {
    if (isObject(node[key])) yield* walkSchemas(node[key], `${pointer}/${key}`);
  }
  for (const key of ['properties', 'patternProperties', '$defs']) {
    for (const [name, child] of Object.entries(objectAt(node[key]))) {
      yield* walkSchemas(child, `${pointer}/${key}/${pointerToken(name)}`);
    }
  }
  for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) {
    for (const [index, child] of arrayAt(node[key]).entries()) yield* walkSchemas(child, `${pointer}/${key}/${index}`);
  }
}
