/**
 * Responses every operation shares, documented from the rules that produce them rather than by hand
 * on each route (pure: unit-tested without Nest):
 * - access control, the access guard's rule: reads are public unless marked otherwise, writes need a
 *   key (admin unless marked otherwise), a bad key is 401 anywhere but on the probes, which read no
 *   credentials, and everything but the probes is rate-limited. Route decorators state the exceptions as
 *   `x-access`, `x-credentials: ignored` and `x-rate-limited: false`;
 * - the database: every operation that needs it answers 503 with `Retry-After` while it is unavailable or
 *   when a statement exceeds the statement timeout (`x-database: false` on those that do not need it);
 * - request bodies: any write may be sent a body (a DELETE too), so any write may answer 413 (too
 *   large) and 415 (not JSON);
 * - input lengths: free text states its own `maxLength`; a UUID or a date has the length its
 *   format implies (the validators accept nothing else), stated here for every input.
 */

type Json = Record<string, unknown>;

export const SECURITY_SCHEMES = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key (`lr_…`) in `Authorization: Bearer <key>`.',
  },
  apiKeyHeader: {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description: 'The same API key, for tools that cannot set `Authorization`.',
  },
} as const;

const KEY_REQUIRED = [{ bearerAuth: [] }, { apiKeyHeader: [] }];
/** `{}` first: calling without credentials is allowed. */
const KEY_OPTIONAL = [{}, { bearerAuth: [] }, { apiKeyHeader: [] }];
/** Probes: credentials are not read at all. */
const NO_CREDENTIALS = [{}];

const PROBLEM = { $ref: '#/components/schemas/ProblemDto' };
const problemResponse = (description: string, headers?: Json): Json => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/problem+json': { schema: PROBLEM } },
});

/** Shared responses, defined once under `components.responses` and referenced by every operation. */
const SHARED_RESPONSES = {
  Unauthorized: problemResponse(
    'Missing, malformed, unknown, expired or revoked API key (on a public read: a key was sent but is not valid).',
    {
      'WWW-Authenticate': {
        description: 'The challenge: `Bearer realm="liaison-registry"` (with `error="invalid_token"` for a bad key).',
        schema: { type: 'string', maxLength: 200 },
      },
    },
  ),
  Forbidden: problemResponse(
    "The key's role does not allow the operation, or the bodies it touches are outside a secretariat key's scope; `requiredRoles` or `requiredScope` says which.",
  ),
  PayloadTooLarge: problemResponse('Request body too large.'),
  UnsupportedMediaType: problemResponse('Unsupported media type: send application/json.'),
  TooManyRequests: problemResponse('Too many requests for this key (or, without a key, this IP address).', {
    'Retry-After': {
      description: 'Seconds to wait before retrying.',
      schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 3600 },
    },
  }),
  ServiceUnavailable: problemResponse(
    'The database is unavailable (stopped, restarting, unreachable) or a statement exceeded the statement ' +
      'timeout. Retry after `Retry-After` seconds: a write is all or nothing, and a POST is safe to retry with ' +
      'the same `Idempotency-Key`.',
    {
      'Retry-After': {
        description: 'Seconds to wait before retrying.',
        schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 3600 },
      },
    },
  ),
} as const;

const ref = (name: keyof typeof SHARED_RESPONSES) => ({ $ref: `#/components/responses/${name}` });

const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options'] as const;
const READS = new Set<string>(['get', 'head', 'options']);

const PROBE_ACCESS = '**Access:** anyone; credentials are not read.';

function describeAccess(roles: string[], scope: string | undefined): string {
  if (roles.length === 0) return '**Access:** anyone; an API key is optional.';
  const list = roles.map((r) => `\`${r}\``).join(' or ');
  return scope
    ? `**Access:** API key with the role ${list}; a \`secretariat\` key only when its bodies (or bodies above them) include ${scope}.`
    : `**Access:** API key with the role ${list}.`;
}

function sortedResponses(responses: Json): Json {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

/** Longest text a validated value of the format can be. */
const FORMAT_LENGTHS: Record<string, number> = { uuid: 36, date: 10 };

/** Adds the implied `maxLength` to fixed-format strings of an input schema, following `$ref`s once. */
function boundFormats(schema: unknown, schemas: Record<string, Json>, seen: Set<string>): void {
  if (schema === null || typeof schema !== 'object') return;
  const node = schema as Json;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.split('/').pop() ?? '';
    if (seen.has(name)) return;
    seen.add(name);
    boundFormats(schemas[name], schemas, seen);
    return;
  }
  const types = ([] as unknown[]).concat(node.type ?? []);
  const implied = typeof node.format === 'string' ? FORMAT_LENGTHS[node.format] : undefined;
  if (types.includes('string') && implied !== undefined && node.maxLength === undefined) node.maxLength = implied;
  for (const key of ['items', 'oneOf', 'anyOf', 'allOf', 'properties'] as const) {
    const child = node[key];
    if (Array.isArray(child)) child.forEach((c) => boundFormats(c, schemas, seen));
    else if (key === 'properties' && child && typeof child === 'object') {
      Object.values(child).forEach((c) => boundFormats(c, schemas, seen));
    } else boundFormats(child, schemas, seen);
  }
}

export function documentCrossCutting<T>(document: T): T {
  const doc = structuredClone(document) as Json & { paths?: Record<string, Json>; components?: Json };
  doc.components = {
    ...(doc.components ?? {}),
    responses: { ...((doc.components?.responses as Json | undefined) ?? {}), ...SHARED_RESPONSES },
    securitySchemes: { ...((doc.components?.securitySchemes as Json | undefined) ?? {}), ...SECURITY_SCHEMES },
  };
  const schemas = ((doc.components as { schemas?: Record<string, Json> }).schemas ??= {});
  const inputs = new Set<string>();
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      for (const parameter of (operation.parameters as Json[] | undefined) ?? []) {
        boundFormats(parameter.schema, schemas, inputs);
      }
      const content = (operation.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)
        ?.content;
      for (const media of Object.values(content ?? {})) boundFormats(media.schema, schemas, inputs);
      const declared = operation['x-access'] as { roles: string[]; scope?: string } | undefined;
      const read = READS.has(method);
      const access = declared ?? { roles: read ? [] : ['admin'] };
      const credentialsIgnored = operation['x-credentials'] === 'ignored';
      operation['x-access'] = access;
      operation.security = credentialsIgnored
        ? NO_CREDENTIALS
        : access.roles.length === 0
          ? KEY_OPTIONAL
          : KEY_REQUIRED;
      const responses = { ...((operation.responses as Json | undefined) ?? {}) };
      if (!credentialsIgnored) responses['401'] ??= ref('Unauthorized');
      if (access.roles.length > 0) responses['403'] ??= ref('Forbidden');
      if (operation['x-rate-limited'] !== false) responses['429'] ??= ref('TooManyRequests');
      if (!read) {
        responses['413'] ??= ref('PayloadTooLarge');
        responses['415'] ??= ref('UnsupportedMediaType');
      }
      if (operation['x-database'] !== false) responses['503'] ??= ref('ServiceUnavailable');
      operation.responses = sortedResponses(responses);
      const sentence = credentialsIgnored ? PROBE_ACCESS : describeAccess(access.roles, access.scope);
      const description = typeof operation.description === 'string' ? operation.description : '';
      operation.description = description === '' ? sentence : `${description}\n\n${sentence}`;
    }
  }
  return doc as T;
}
