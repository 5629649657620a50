/**
 * Maps anything thrown anywhere (Nest HTTP exceptions, Fastify's own errors, PostgreSQL errors,
 * bugs) to a problem document. Unknown errors become a bare 500: no message, stack or SQL leaks.
 */
import { HttpException } from '@nestjs/common';
import { PROBLEM_TYPES, ProblemError, problemTypeUri, type ProblemDetails, type ProblemSlug } from './problem.js';

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

const FASTIFY_CODES: Record<string, { status: number; slug: ProblemSlug; detail: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    slug: 'unsupported-media-type',
    detail: 'Send the request body as application/json.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    slug: 'bad-request',
    detail: 'The Content-Length header does not match the body.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    slug: 'payload-too-large',
    detail: 'The request body exceeds the size limit.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    slug: 'malformed-json',
    detail: 'The body is empty but Content-Type says application/json; send a JSON object.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, slug: 'malformed-json', detail: 'The body is not valid JSON.' },
  FST_ERR_CTP_INSTANCE_ALREADY_STARTED: {
    status: 500,
    slug: 'internal-error',
    detail: 'An unexpected error occurred.',
  },
  FST_ERR_CTP_EMPTY_TYPE: { status: 415, slug: 'unsupported-media-type', detail: 'Content-Type is empty.' },
  FST_ERR_CTP_INVALID_TYPE: { status: 415, slug: 'unsupported-media-type', detail: 'Content-Type is invalid.' },
};

function isFastifyError(error: unknown): error is FastifyLikeError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as FastifyLikeError).code === 'string' &&
    String((error as FastifyLikeError).code).startsWith('FST_')
  );
}

function postgresCode(error: unknown): string | undefined {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = candidate?.driverError?.code ?? candidate?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** TypeORM's own errors when the connection under a transaction died. */
const LOST_CONNECTION_ERRORS = [
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
  'CannotExecuteNotConnectedError',
  'ConnectionIsNotSetError',
];

function isConnectionError(error: unknown): boolean {
  const candidate = error as {
    code?: unknown;
    message?: unknown;
    name?: unknown;
    driverError?: { code?: unknown };
  } | null;
  if (typeof candidate?.name === 'string' && LOST_CONNECTION_ERRORS.includes(candidate.name)) return true;
  const code = candidate?.driverError?.code ?? candidate?.code;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH'].includes(String(code)))
    return true;
  const message = typeof candidate?.message === 'string' ? candidate.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection refused|the database system is (starting up|shutting down)/.test(
    message,
  );
}

function slugForStatus(status: number): ProblemSlug {
  switch (status) {
    case 400:
      return 'bad-request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 405:
      return 'method-not-allowed';
    case 409:
      return 'conflict';
    case 413:
      return 'payload-too-large';
    case 415:
      return 'unsupported-media-type';
    case 429:
      return 'too-many-requests';
    case 503:
      return 'service-unavailable';
    default:
      return status >= 500 ? 'internal-error' : 'http-error';
  }
}

function fromHttpException(error: HttpException, instance: string): ProblemDetails {
  const status = error.getStatus();
  const response = error.getResponse();
  // Nest's router answers unknown routes with "Cannot GET /x".
  if (
    status === 404 &&
    typeof response === 'object' &&
    /^Cannot [A-Z]+ /.test(String((response as { message?: unknown }).message))
  ) {
    return build(
      404,
      'route-not-found',
      `${String((response as { message: string }).message).replace(/^Cannot /, 'No route ')}.`,
      instance,
    );
  }
  const slug = slugForStatus(status);
  let detail: string = error.message;
  const extensions: Record<string, unknown> = {};
  if (typeof response === 'object' && response !== null) {
    const body = response as Record<string, unknown>;
    if (typeof body.message === 'string') detail = body.message;
    else if (Array.isArray(body.message)) detail = body.message.map(String).join('; ');
    // Terminus puts the health report in the exception body; keep it for /health/ready.
    if (body.status === 'error' && typeof body.details === 'object') {
      extensions.checks = body.details;
    }
  }
  if (status >= 500 && status !== 503) detail = 'An unexpected error occurred.';
  return { ...build(status, slug, detail, instance), ...extensions };
}

function build(status: number, slug: ProblemSlug, detail: string, instance: string): ProblemDetails {
  return { type: problemTypeUri(slug), title: PROBLEM_TYPES[slug], status, detail, instance };
}

export function toProblem(error: unknown, instance: string): ProblemDetails {
  if (error instanceof ProblemError) return error.toProblem(instance);
  // Nest wraps Fastify's own 4xx errors (body parsing, content type) in an HttpException.
  if (error instanceof HttpException && isFastifyError(error.cause)) return toProblem(error.cause, instance);
  if (error instanceof HttpException) return fromHttpException(error, instance);
  const fastify = error as FastifyLikeError;
  if (fastify && typeof fastify.code === 'string') {
    const known = FASTIFY_CODES[fastify.code];
    if (known) return build(known.status, known.slug, known.detail, instance);
  }
  // Fastify's JSON parser throws a SyntaxError carrying statusCode 400.
  if (error instanceof SyntaxError && fastify.statusCode === 400) {
    return build(400, 'malformed-json', 'The body is not valid JSON.', instance);
  }
  const pgCode = postgresCode(error);
  if (pgCode === '40P01' || pgCode === '40001') {
    return build(409, 'conflict', 'A concurrent change conflicted with this request; retry it.', instance);
  }
  // Safety net for constraint errors a service did not translate: still the client's problem, never a 500.
  if (pgCode === '23505')
    return build(409, 'duplicate-resource', 'A record with the same unique values already exists.', instance);
  if (pgCode === '23503' || pgCode === '23001') {
    return build(
      409,
      'resource-in-use',
      'The change conflicts with records that refer to this one, or refers to a record that does not exist.',
      instance,
    );
  }
  if (pgCode === '23514' || pgCode === '23502')
    return build(422, 'rule-violation', 'The change breaks a rule of the registry.', instance);
  if (pgCode === '22001' || pgCode === '22P02' || pgCode === '22007' || pgCode === '22008' || pgCode === '22003') {
    return build(400, 'bad-request', 'A value in the request is not valid for its field.', instance);
  }
  if (pgCode === '57014') {
    return build(
      503,
      'service-unavailable',
      'The request took too long in the database and was cancelled; retry later.',
      instance,
    );
  }
  if (
    pgCode?.startsWith('08') ||
    pgCode === '57P01' ||
    pgCode === '57P02' ||
    pgCode === '57P03' ||
    pgCode === '53300' ||
    isConnectionError(error)
  ) {
    return build(503, 'service-unavailable', 'The database is unavailable; retry shortly.', instance);
  }
  if (fastify && typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return build(
      fastify.statusCode,
      slugForStatus(fastify.statusCode),
      'The request could not be processed.',
      instance,
    );
  }
  return build(500, 'internal-error', 'An unexpected error occurred.', instance);
}
