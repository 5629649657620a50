import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { problems, type FieldError } from '../problem/problem.js';

/** Flattens class-validator's error tree into `{ field, message }` pairs with dotted paths. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property)
      ? `${prefix}[${error.property}]`
      : prefix === ''
        ? error.property
        : `${prefix}.${error.property}`;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      out.push({
        field,
        message: constraint === 'whitelistValidation' ? `${field} is not a known field` : message,
      });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/**
 * Whitelisting, forbidden unknown fields, transformation and problem+json failures.
 * Also refuses bodies that are not a JSON object (arrays, strings, nothing at all), which
 * class-validator would otherwise let through.
 */
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      stopAtFirstError: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => problems.validation(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw problems.validation(
          [{ field: 'body', message: 'the request body must be a JSON object' }],
          'The request body must be a JSON object.',
        );
      }
    }
    if (metadata.type === 'query' && value !== null && typeof value === 'object') {
      const repeated = Object.entries(value).filter(([, v]) => Array.isArray(v));
      if (repeated.length > 0) {
        throw problems.validation(
          repeated.map(([key]) => ({ field: key, message: `${key} must be given at most once` })),
          'A query parameter was repeated; give each at most once.',
        );
      }
    }
    return super.transform(value, metadata);
  }
}
