/**
 * The `Idempotency-Key` request header (draft-ietf-httpapi-idempotency-key-header). Pure: no Nest import.
 *
 * The draft makes the value a structured-field string (`"8e03978e-40d5-43e8-bc93-6894a57f9324"`). Clients that
 * send the bare key are common, so both spellings are accepted and name the same key:
 * - quoted: an sf-string, printable ASCII with `\"` and `\\` as the only escapes, nothing after the closing quote;
 * - bare: printable ASCII (spaces allowed inside, surrounding whitespace ignored).
 * The key itself is 1 to 255 characters. Anything else (empty, too long, control or non-ASCII characters, an
 * unterminated or trailing-garbage quoted string, the header given twice) is a 400.
 */
import { problems } from '../common/problem/problem.js';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

const PRINTABLE = /^[\x20-\x7e]+$/;

function invalid(message: string): never {
  throw problems.validation(
    [{ field: IDEMPOTENCY_KEY_HEADER, message }],
    `The ${IDEMPOTENCY_KEY_HEADER} header is invalid.`,
  );
}

/** Decodes an sf-string (the value starts with `"`); undefined when it is not a well-formed one. */
function decodeQuoted(value: string): string | undefined {
  let out = '';
  for (let i = 1; i < value.length; i += 1) {
    const c = value[i]!;
    if (c === '\\') {
      const next = value[i + 1];
      if (next !== '"' && next !== '\\') return undefined;
      out += next;
      i += 1;
    } else if (c === '"') {
      return i === value.length - 1 ? out : undefined;
    } else {
      out += c;
    }
  }
  return undefined;
}

/** The key named by the header, undefined when the header is absent; a 400 problem when it is malformed. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header)) return invalid(`${IDEMPOTENCY_KEY_HEADER} must be given once`);
  const value = header.trim();
  if (value === '') return invalid(`${IDEMPOTENCY_KEY_HEADER} must not be empty`);
  if (!PRINTABLE.test(value)) return invalid(`${IDEMPOTENCY_KEY_HEADER} must be printable ASCII`);
  const key = value.startsWith('"') ? decodeQuoted(value) : value;
  if (key === undefined) {
    return invalid(`${IDEMPOTENCY_KEY_HEADER} must be a string in double quotes (escape " and \\ with \\)`);
  }
  if (key.length < 1 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    return invalid(`${IDEMPOTENCY_KEY_HEADER} must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} characters long`);
  }
  return key;
}
