/**
 * RFC 9457 problem details: the one error shape of the API. Pure (no Nest import), so
 * services, the exception filter and tests share the same vocabulary.
 */

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types; `type` URIs are `/problems/<slug>` relative to the API root. */
export const PROBLEM_TYPES = {
  'bad-request': 'Bad request',
  'validation-error': 'Request validation failed',
  'malformed-json': 'Malformed JSON body',
  'unsupported-media-type': 'Unsupported media type',
  'payload-too-large': 'Request body too large',
  'invalid-cursor': 'Invalid pagination cursor',
  'not-found': 'Resource not found',
  'route-not-found': 'No such route',
  'method-not-allowed': 'Method not allowed',
  conflict: 'Conflict',
  'duplicate-resource': 'Duplicate resource',
  'resource-in-use': 'Resource in use',
  'unknown-reference': 'Unknown reference',
  'rule-violation': 'Business rule violated',
  'transition-not-allowed': 'Transition not allowed',
  'precondition-failed': 'Precondition failed',
  'precondition-required': 'Precondition required',
  'idempotency-key-in-flight': 'A request with this idempotency key is still being processed',
  'idempotency-key-reused': 'Idempotency key reused for a different request',
  'idempotency-key-applied': 'The request with this idempotency key was applied; its response was not recorded',
  'idempotency-key-not-accepted': 'This operation takes no idempotency key',
  unauthorized: 'Authentication required',
  forbidden: 'Forbidden',
  'too-many-requests': 'Too many requests',
  'service-unavailable': 'Service unavailable',
  'internal-error': 'Internal server error',
  'http-error': 'HTTP error',
} as const;

export type ProblemSlug = keyof typeof PROBLEM_TYPES;

/** The `WWW-Authenticate` challenge of every 401. */
export const AUTH_CHALLENGE = 'Bearer realm="liaison-registry"';

export interface FieldError {
  /** Path of the offending input: `designation`, `objectives[2]`, `query.limit`. */
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** Field-level details of a validation failure. */
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function problemTypeUri(slug: ProblemSlug): string {
  return `/problems/${slug}`;
}

/** Thrown by services and pipes; the exception filter renders it as-is. */
export class ProblemError extends Error {
  override name = 'ProblemError';

  constructor(
    readonly status: number,
    readonly slug: ProblemSlug,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
    /** Response headers that go with the problem (`WWW-Authenticate`, `Retry-After`). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
  }

  toProblem(instance?: string): ProblemDetails {
    return {
      type: problemTypeUri(this.slug),
      title: PROBLEM_TYPES[this.slug],
      status: this.status,
      detail: this.detail,
      ...(instance === undefined ? {} : { instance }),
      ...this.extensions,
    };
  }
}

export const problems = {
  notFound: (resource: string, id: string): ProblemError =>
    new ProblemError(404, 'not-found', `No ${resource} with id ${id} exists.`, { resource, id }),
  validation: (errors: FieldError[], detail = 'The request has invalid fields; see errors.'): ProblemError =>
    new ProblemError(400, 'validation-error', detail, { errors }),
  duplicate: (detail: string, extensions: Record<string, unknown> = {}): ProblemError =>
    new ProblemError(409, 'duplicate-resource', detail, extensions),
  inUse: (detail: string, extensions: Record<string, unknown> = {}): ProblemError =>
    new ProblemError(409, 'resource-in-use', detail, extensions),
  unknownReference: (field: string, detail: string): ProblemError =>
    new ProblemError(422, 'unknown-reference', detail, { errors: [{ field, message: detail }] }),
  ruleViolation: (field: string, detail: string): ProblemError =>
    new ProblemError(422, 'rule-violation', detail, { errors: [{ field, message: detail }] }),
  invalidCursor: (detail: string): ProblemError =>
    new ProblemError(400, 'invalid-cursor', detail, { errors: [{ field: 'cursor', message: detail }] }),
  /** 401 with the RFC 6750 challenge; `invalidToken` when credentials were sent but are not valid. */
  unauthorized: (detail: string, invalidToken: boolean): ProblemError =>
    new ProblemError(
      401,
      'unauthorized',
      detail,
      {},
      { 'www-authenticate': `${AUTH_CHALLENGE}${invalidToken ? ', error="invalid_token"' : ''}` },
    ),
  forbidden: (detail: string, extensions: Record<string, unknown> = {}): ProblemError =>
    new ProblemError(403, 'forbidden', detail, extensions),
  tooManyRequests: (retryAfterSeconds: number, detail: string): ProblemError =>
    new ProblemError(
      429,
      'too-many-requests',
      detail,
      { retryAfter: retryAfterSeconds },
      {
        'retry-after': String(retryAfterSeconds),
      },
    ),
};
