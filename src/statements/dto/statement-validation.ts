import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsISO8601, IsString, Matches } from 'class-validator';

/** Free text (summary, text, notes) may span lines and use tabs, but carries no other control characters. */
export const NO_CONTROL_CHARS_MULTILINE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

/**
 * A calendar date written `YYYY-MM-DD` that exists (no 2025-02-30). The type check is registered
 * first so that, with `stopAtFirstError`, a number gets "must be a string" rather than a date message.
 */
export function IsDateOnly(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: ({ property }) => `${property} must be a date as YYYY-MM-DD` }),
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a valid calendar date` }),
  );
}

/** Query strings arrive as text: `true`/`false` become booleans, anything else stays for the validator to reject. */
export function ToBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));
}

/** Trims and collapses whitespace in every string of an array; leaves other values to the validators. */
export function NormalizeEachSpaces(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    Array.isArray(value)
      ? value.map((v: unknown) => (typeof v === 'string' ? v.trim().replace(/\s+/g, ' ') : v))
      : value,
  );
}

/** Identity of a list item for `@ArrayUnique`: ids differing only in case are the same id. */
export function caseInsensitive(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}
