import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsISO8601, IsString, Matches } from 'class-validator';

/** Free text may span lines: tabs and line breaks are allowed, other control characters are not. */
export const NO_CONTROL_CHARS_EXCEPT_NEWLINES = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

/**
 * A calendar date written `YYYY-MM-DD` (no time, no other ISO 8601 form). The checks run in the
 * order given, so a non-string fails on its type first.
 */
export function IsDateOnly(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date written YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: '$property must be a valid calendar date' }),
  );
}

/** UUIDs are compared as text in a few places (self-liaison, duplicates in a list): make their case irrelevant. */
export function LowercaseUuid(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value === 'string') return value.toLowerCase();
    if (Array.isArray(value)) return value.map((v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v));
    return value;
  });
}

/** Trims every string of an array and collapses internal runs of spaces; leaves other values to the validators. */
export function NormalizeSpacesEach(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    Array.isArray(value)
      ? value.map((v: unknown) => (typeof v === 'string' ? v.trim().replace(/\s+/g, ' ') : v))
      : value,
  );
}
