/**
 * Documents the HTTP behaviour every operation shares (implemented once in `app.factory.ts` and
 * `common/http/write-context.ts`), so that the document states it without a decorator on each handler:
 * conditional reads (ETag, If-None-Match, 304), the If-Match precondition on changes, and the Link header of lists.
 * Pure; returns a new document.
 */
import { arrayAt, cloneJson, deref, isObject, objectAt, operationsOf, type JsonObject } from './json.js';

/** Matches `write-context.ts`: `"3"`, `W/"3"`, `3` or `*`. */
const IF_MATCH_SCHEMA = {
  type: 'string',
  maxLength: 13,
  pattern: '^(\\*|(W/)?"[0-9]{1,9}"|[0-9]{1,9})$',
  example: '"3"',
};

const IF_MATCH_PARAMETER = {
  name: 'If-Match',
  in: 'header',
  required: true,
  description:
    'The version you read, as an entity tag (`"3"`; the `version` field of the resource), or `*` for whatever ' +
    'version is current. Missing: 428; not the current version: 412.',
  schema: IF_MATCH_SCHEMA,
};

const IF_NONE_MATCH_PARAMETER = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description:
    'The `ETag` of the representation you hold (or a list of them): answers 304 with no body while it is current.',
  schema: { type: 'string', maxLength: 1024, example: '"Zk2mR0n6xY1kqB3cP9sVb8wQdLh"' },
};

const ETAG_HEADER = {
  description: 'Strong entity tag of this representation; send it back in `If-None-Match` to revalidate.',
  schema: { type: 'string', maxLength: 64, example: '"Zk2mR0n6xY1kqB3cP9sVb8wQdLh"' },
};

const LINK_HEADER = {
  description: 'RFC 8288 link to the next page (`<…>; rel="next"`), absent on the last page.',
  schema: { type: 'string', maxLength: 4096, example: '</v1/bodies?limit=50&cursor=eyJrIjpbIklTTyJdfQ>; rel="next"' },
};

function findParameter(document: unknown, operation: JsonObject, name: string): JsonObject | undefined {
  return arrayAt(operation.parameters)
    .map((parameter) => deref(document, parameter))
    .filter(isObject)
    .find((p) => p.in === 'header' && typeof p.name === 'string' && p.name.toLowerCase() === name.toLowerCase());
}

/** Adds the header parameter, or completes the schema of one declared by hand with the shared limits. */
function ensureHeaderParameter(document: unknown, operation: JsonObject, parameter: JsonObject): void {
  const existing = findParameter(document, operation, String(parameter.name));
  if (existing) {
    existing.schema = { ...objectAt(parameter.schema), ...objectAt(existing.schema) };
    if (existing.description === undefined) existing.description = parameter.description;
    return;
  }
  operation.parameters = [...arrayAt(operation.parameters), cloneJson(parameter)];
}

function ensureResponseHeader(response: JsonObject, name: string, header: JsonObject): void {
  const headers = objectAt(response.headers);
  if (Object.keys(headers).some((key) => key.toLowerCase() === name.toLowerCase())) return;
  response.headers = { ...headers, [name]: cloneJson(header) };
}

function isPage(document: unknown, response: JsonObject): boolean {
  return Object.values(objectAt(response.content)).some((media) => {
    const schema = objectAt(deref(document, objectAt(media).schema));
    return 'nextCursor' in objectAt(schema.properties) && 'items' in objectAt(schema.properties);
  });
}

/**
 * Every successful GET of the API (`/v1/...`) carries a strong `ETag` and answers a matching `If-None-Match`
 * with 304; lists carry a `Link` to the next page; an operation that can answer 428 requires `If-Match`.
 */
export function documentHttpHeaders(document: unknown, options: { apiPrefix?: string } = {}): unknown {
  const apiPrefix = options.apiPrefix ?? '/v1/';
  const out = cloneJson(document);
  for (const ref of operationsOf(out)) {
    const responses = objectAt(ref.operation.responses);
    const ok = responses['200'];
    if (ref.method === 'get' && ref.path.startsWith(apiPrefix) && isObject(ok)) {
      ensureHeaderParameter(out, ref.operation, IF_NONE_MATCH_PARAMETER);
      ensureResponseHeader(ok, 'ETag', ETAG_HEADER);
      // Lists paged with `cursor` link their next page (the change feed pages with `after` and has no Link).
      const usesCursor = arrayAt(ref.operation.parameters).some((p) => objectAt(deref(out, p)).name === 'cursor');
      if (usesCursor && isPage(out, ok)) ensureResponseHeader(ok, 'Link', LINK_HEADER);
      if (responses['304'] === undefined) {
        responses['304'] = {
          description: 'Not modified: the representation still has the `ETag` sent in `If-None-Match` (no body).',
          headers: { ETag: cloneJson(ETAG_HEADER) },
        };
      }
      ref.operation.responses = responses;
    }
    if (responses['428'] !== undefined) ensureHeaderParameter(out, ref.operation, IF_MATCH_PARAMETER);
  }
  return out;
}
