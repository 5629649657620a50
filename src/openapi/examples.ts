/**
 * Request and response bodies get an `example` assembled from the examples of their schemas' fields (which the
 * DTOs carry), so that Swagger UI, mock servers and readers see a whole, valid body. Problem responses get a
 * problem document of their status. Pure; returns a new document.
 */
import { PROBLEM_TYPES, problemTypeUri, type ProblemSlug } from '../common/problem/problem.js';
import {
  arrayAt,
  cloneJson,
  isObject,
  objectAt,
  operationsOf,
  resolvePointer,
  typesOf,
  type JsonObject,
} from './json.js';

const MAX_DEPTH = 12;

/** Values for formatted fields that carry no example of their own. */
const FORMAT_EXAMPLES: Readonly<Record<string, string>> = {
  uuid: '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10',
  date: '2026-04-01',
  'date-time': '2026-04-01T09:30:00.000Z',
  email: 'secretariat@example.org',
  uri: 'https://example.org/',
};

export function isJsonMediaType(mediaType: string): boolean {
  return /^application\/([a-z0-9.+-]+\+)?json(;|$)/i.test(mediaType.trim());
}

/**
 * An example value for `schema`: its own `example`, else `examples[0]`, `const`, the first enum value, `default`,
 * else one assembled from its parts. Undefined when nothing sensible can be said (a free-text field with no
 * example): such a field is left out of an object unless it is required.
 */
export function exampleOf(document: unknown, schema: unknown, depth = 0): unknown {
  if (!isObject(schema) || depth > MAX_DEPTH) return undefined;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum.find((value) => value !== null) ?? null;
  if (schema.default !== undefined) return schema.default;
  if (typeof schema.$ref === 'string') return exampleOf(document, resolvePointer(document, schema.$ref), depth + 1);
  for (const key of ['anyOf', 'oneOf']) {
    const branches = arrayAt(schema[key]).filter(isObject);
    if (branches.length === 0) continue;
    for (const branch of branches) {
      if (branch.type === 'null') continue;
      const value = exampleOf(document, branch, depth + 1);
      if (value !== undefined) return value;
    }
    return branches.some((branch) => branch.type === 'null') ? null : undefined;
  }
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((part) => exampleOf(document, part, depth + 1));
    return parts.every(isObject) ? Object.assign({}, ...parts) : undefined;
  }
  const types = typesOf(schema);
  if (types.includes('object') || isObject(schema.properties)) return objectExample(document, schema, depth);
  if (types.includes('array')) {
    const item = exampleOf(document, schema.items, depth + 1);
    return item === undefined ? [] : [item];
  }
  if (types.includes('string') && typeof schema.format === 'string' && FORMAT_EXAMPLES[schema.format]) {
    return FORMAT_EXAMPLES[schema.format];
  }
  if (types.includes('null')) return null;
  if (types.includes('boolean')) return false;
  if (types.includes('integer') || types.includes('number')) {
    return typeof schema.minimum === 'number' ? schema.minimum : 1;
  }
  return undefined;
}

/** The field states an example value itself (not one derived from its type or format). */
function hasOwnExample(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  return ['example', 'examples', 'const', 'enum', 'default'].some((key) => schema[key] !== undefined);
}

/**
 * Required fields always appear; optional ones only when they state an example of their own, so that a request
 * example shows a plausible request (a transition with its reason, not with every optional part at once).
 */
function objectExample(document: unknown, schema: JsonObject, depth: number): JsonObject {
  const required = new Set(arrayAt(schema.required).filter((name): name is string => typeof name === 'string'));
  const out: JsonObject = {};
  for (const [name, property] of Object.entries(objectAt(schema.properties))) {
    if (!required.has(name) && !hasOwnExample(property)) continue;
    out[name] = exampleOf(document, property, depth + 1) ?? null;
  }
  return out;
}

/** The problem type an error status most often carries in this API. */
const SLUG_BY_STATUS: Readonly<Record<number, ProblemSlug>> = {
  400: 'validation-error',
  404: 'not-found',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  401: 'unauthorized',
  403: 'forbidden',
  415: 'unsupported-media-type',
  422: 'rule-violation',
  429: 'too-many-requests',
  428: 'precondition-required',
  500: 'internal-error',
  503: 'service-unavailable',
};

const DETAIL_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'The request has invalid fields; see errors.',
  404: 'No resource exists with this id.',
  409: 'The request conflicts with the current state of the resource.',
  412: 'The resource is at version 4, not 3: read it again and retry.',
  413: 'The request body exceeds the size limit.',
  415: 'Send the request body as application/json.',
  422: 'The change breaks a rule of the registry.',
  428: 'This change needs If-Match with the ETag (version) of the resource as you read it.',
  500: 'An unexpected error occurred.',
  503: 'The database is unavailable; retry shortly.',
};

const FIELD_ERROR_EXAMPLES = {
  read: { field: 'limit', message: 'limit must not be greater than 200' },
  write: { field: 'name', message: 'name must be shorter than or equal to 500 characters' },
};

/** An RFC 9457 problem document for `status` on `path` (path parameters filled with an example id). */
export function problemExample(status: number, path: string, method = 'get'): JsonObject {
  const slug = SLUG_BY_STATUS[status] ?? 'http-error';
  return {
    type: problemTypeUri(slug),
    title: PROBLEM_TYPES[slug],
    status,
    detail: DETAIL_BY_STATUS[status] ?? 'The request could not be processed.',
    instance: path.replace(/\{[^}]+\}/g, FORMAT_EXAMPLES.uuid),
    requestId: 'b7d2c1d4-0d8e-4c3a-9b4e-2f1e0c9a8b7d',
    ...(status === 400 ? { errors: [FIELD_ERROR_EXAMPLES[method === 'get' ? 'read' : 'write']] } : {}),
  };
}

function hasExample(media: JsonObject): boolean {
  return media.example !== undefined || (isObject(media.examples) && Object.keys(media.examples).length > 0);
}

/** Adds an `example` to every JSON request and response body that has a schema but no example. */
export function addBodyExamples(document: unknown): unknown {
  const out = cloneJson(document);
  for (const ref of operationsOf(out)) {
    const bodies: { media: JsonObject; mediaType: string; status?: number }[] = [];
    for (const [mediaType, media] of Object.entries(objectAt(objectAt(ref.operation.requestBody).content))) {
      if (isObject(media)) bodies.push({ media, mediaType });
    }
    for (const [status, response] of Object.entries(objectAt(ref.operation.responses))) {
      for (const [mediaType, media] of Object.entries(objectAt(objectAt(response).content))) {
        if (isObject(media)) bodies.push({ media, mediaType, status: Number(status) });
      }
    }
    for (const { media, mediaType, status } of bodies) {
      if (hasExample(media) || !isJsonMediaType(mediaType) || !isObject(media.schema)) continue;
      const example =
        mediaType.startsWith('application/problem+json') && status !== undefined && status >= 400
          ? problemExample(status, ref.path, ref.method)
          : exampleOf(out, media.schema);
      if (example !== undefined) media.example = example;
    }
  }
  return out;
}

const SHARED_RESPONSE_STATUS: Record<string, number> = {
  Unauthorized: 401,
  Forbidden: 403,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  TooManyRequests: 429,
  ServiceUnavailable: 503,
};

/** Examples for the shared responses of `components.responses` (401, 403, 413, 415, 429, 503 of every operation). */
export function addSharedResponseExamples(document: unknown): unknown {
  const doc = document as { components?: { responses?: Record<string, { content?: Record<string, JsonObject> }> } };
  for (const [name, response] of Object.entries(doc.components?.responses ?? {})) {
    const status = SHARED_RESPONSE_STATUS[name];
    if (status === undefined) continue;
    for (const media of Object.values(response.content ?? {})) {
      if (!hasExample(media)) media.example = problemExample(status, '/v1/bodies', status === 401 ? 'get' : 'post');
    }
  }
  return document;
}
