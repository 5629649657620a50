import { Transform } from 'class-transformer';
import { ValidateIf } from 'class-validator';

/** The field may be left out, but when it is sent it must not be null. */
export function IsOptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

/** The field may be left out or sent as null (to clear it). */
export function IsOptionalNullable(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined && value !== null);
}

/** Trims strings and collapses internal runs of whitespace; leaves other types to the validators. */
export function NormalizeSpaces(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value,
  );
}

/** Trims strings; leaves other types to the validators. */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
}

/** Query strings arrive as text: turn a decimal integer into a number, anything else stays for the validator to reject. */
export function ToInteger(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value,
  );
}

/** Matches ASCII control characters (except none): text fields refuse them. */
export const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f]*$/;
