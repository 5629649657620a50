import { applyDecorators } from '@nestjs/common';
import { IsISO8601, IsString, Matches } from 'class-validator';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A calendar date written `YYYY-MM-DD` (no time, no week or ordinal forms) that exists.
 * The type check is registered first: with `stopAtFirstError` it then runs first.
 */
export function IsDateOnly(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a valid date (YYYY-MM-DD)` }),
    Matches(DATE_ONLY, { message: ({ property }) => `${property} must be a date written YYYY-MM-DD` }),
  );
}
