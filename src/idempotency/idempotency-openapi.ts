/**
 * Documents idempotent POSTs in the OpenAPI document: a pure transform (no Nest import) applied after the
 * document is generated, so every POST operation, present and future, gets it without a decorator to forget.
 */
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_MAX_LENGTH } from './idempotency-key.js';
import { SECRET_BEARING_POSTS } from './secret-routes.js';

type Json = Record<string, unknown>;

const PROBLEM_SCHEMA_REF = '#/components/schemas/ProblemDto';
const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PARAMETER_NAME = 'IdempotencyKey';
const REPLAYED_HEADER_NAME = 'IdempotencyReplayed';

const KEY_PARAMETER: Json = {
  name: IDEMPOTENCY_KEY_HEADER,
  in: 'header',
  required: false,
  description:
    'Makes the request safe to retry (draft-ietf-httpapi-idempotency-key-header). A key of 1 to ' +
    `${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters, sent as a structured-field string ` +
    '(`"…"`, with `\\"` and `\\\\` escaped) or bare; a fresh UUID per logical request is a good choice. The first ' +
    'final response (any status but 5xx) is kept for the configured time (24 h by default) and replayed, with its ' +
    'status, body and `Location`, to a retry from the same caller with the same key, method, path and body, ' +
    'marked `Idempotency-Replayed: true`, and nothing is written again. The same key with a different request is ' +
    '422; while the first request is still being processed, 409 with `Retry-After`. A 5xx frees the key, unless ' +
    'the write had committed: a write and its key commit in one transaction, so a request is never run twice; ' +
    'when its response was lost (the instance stopped), a retry gets 409 `idempotency-key-applied` naming the ' +
    'resource (and its `Location`).',
  schema: { type: 'string', minLength: 1, maxLength: 2 * IDEMPOTENCY_KEY_MAX_LENGTH + 2 },
  example: '"8e03978e-40d5-43e8-bc93-6894a57f9324"',
};

const REPLAYED_HEADER: Json = {
  description: 'Present (`true`) when this response is the stored answer to an earlier request with the same key.',
  schema: { type: 'string', const: 'true' },
};

/** The answers idempotency adds: on their own, or appended to an operation's own description of the status. */
const IDEMPOTENCY_RESPONSES: Record<string, { alone: string; also: string }> = {
  '400': {
    alone: 'The `Idempotency-Key` header is malformed.',
    also: 'Also when the `Idempotency-Key` header is malformed.',
  },
  '409': {
    alone:
      'A request with the same `Idempotency-Key` is still being processed (retry after `Retry-After` seconds), or ' +
      'it was applied but its response was lost (`idempotency-key-applied`, with the resource and its `Location`).',
    also:
      'Also when a request with the same `Idempotency-Key` is still being processed (retry after `Retry-After`), ' +
      'or was applied but its response was lost (`idempotency-key-applied`).',
  },
  '422': {
    alone: 'The `Idempotency-Key` was already used for a different request.',
    also: 'Also when the `Idempotency-Key` was already used for a different request.',
  },
};

function problemResponse(description: string): Json {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: PROBLEM_SCHEMA_REF } } } };
}

function documentOperation(operation: Json): Json {
  const parameters = Array.isArray(operation.parameters) ? [...(operation.parameters as unknown[])] : [];
  parameters.push({ $ref: `#/components/parameters/${PARAMETER_NAME}` });

  const responses: Record<string, Json> = { ...((operation.responses as Record<string, Json> | undefined) ?? {}) };
  for (const [status, { alone, also }] of Object.entries(IDEMPOTENCY_RESPONSES)) {
    const existing = responses[status];
    responses[status] =
      existing === undefined
        ? problemResponse(alone)
        : { ...existing, description: `${String(existing.description ?? '')} ${also}`.trim() };
  }
  for (const [status, response] of Object.entries(responses)) {
    if (!/^2\d\d$/.test(status)) continue;
    const headers = { ...((response.headers as Json | undefined) ?? {}) };
    headers['Idempotency-Replayed'] = { $ref: `#/components/headers/${REPLAYED_HEADER_NAME}` };
    responses[status] = { ...response, headers };
  }
  // Statuses in numeric order, whatever order they were added in: the document stays stable.
  const ordered = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
  return { ...operation, parameters, responses: ordered };
}

/** A POST that shows a secret once takes no key: its 400 says so. */
function refuseKey(operation: Json): Json {
  const responses: Record<string, Json> = { ...((operation.responses as Record<string, Json> | undefined) ?? {}) };
  const existing = responses['400'];
  const note = 'an `Idempotency-Key` header is sent: this operation shows a secret once, so it is not replayable.';
  responses['400'] =
    existing === undefined
      ? problemResponse(`Sent when ${note}`)
      : { ...existing, description: `${String(existing.description ?? '')} Also when ${note}`.trim() };
  return { ...operation, responses };
}

/**
 * Adds the `Idempotency-Key` parameter, the 409/422 answers and the replay header to every POST operation but those
 * that show a secret once (secret-routes.ts).
 */
export function documentIdempotentPosts<T>(document: T): T {
  const source = document as Json;
  const paths = (source.paths as Record<string, Json> | undefined) ?? {};
  const documentedPaths: Record<string, Json> = {};
  for (const [route, item] of Object.entries(paths)) {
    const post = item.post as Json | undefined;
    if (post === undefined) documentedPaths[route] = item;
    else if (SECRET_BEARING_POSTS.includes(route)) documentedPaths[route] = { ...item, post: refuseKey(post) };
    else documentedPaths[route] = { ...item, post: documentOperation(post) };
  }
  const components = (source.components as Json | undefined) ?? {};
  return {
    ...source,
    paths: documentedPaths,
    components: {
      ...components,
      parameters: { ...((components.parameters as Json | undefined) ?? {}), [PARAMETER_NAME]: KEY_PARAMETER },
      headers: { ...((components.headers as Json | undefined) ?? {}), [REPLAYED_HEADER_NAME]: REPLAYED_HEADER },
    },
  } as T;
}
