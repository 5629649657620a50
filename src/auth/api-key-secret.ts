/**
 * API key material. Pure (node:crypto only): keys are 32 random bytes written `lr_<43 base64url
 * characters>`; only their SHA-256 is stored, and a short prefix is kept to recognise a key in lists.
 */
import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'lr_';
const RANDOM_BYTES = 32;
/** Characters of a key kept in clear for display: `lr_` and the first 8 random characters. */
const DISPLAY_LENGTH = API_KEY_PREFIX.length + 8;
/** Longest credential worth hashing: anything longer is refused without a database look-up. */
export const MAX_CREDENTIAL_LENGTH = 256;
/** Printable ASCII without spaces: what a presented credential may contain. */
const CREDENTIAL = /^[\x21-\x7e]+$/;

/** A new random key, shown to its owner once and never stored. */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(RANDOM_BYTES).toString('base64url')}`;
}

/** Lowercase hex SHA-256 of the key: what the database stores and looks keys up by. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The part of a key shown in lists (`lr_AbCd1234`): enough to tell keys apart, useless to an attacker. */
export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_LENGTH);
}

/** Whether a presented credential is worth looking up (bounded length, printable, no spaces). */
export function isPlausibleCredential(value: string): boolean {
  return value.length >= 1 && value.length <= MAX_CREDENTIAL_LENGTH && CREDENTIAL.test(value);
}

/**
 * Characters of random data a key supplied by an operator must hold: 43 base64url characters encode 32 bytes, as
 * much as a generated key. After `lr_` the 43 must follow the prefix (the prefix itself is not random).
 */
export const MIN_OPERATOR_KEY_CHARACTERS = 43;
const OPERATOR_KEY = /^(?:lr_|(?!lr_))([A-Za-z0-9_-]+)$/;
/** Fewest different characters in the random part: turns away placeholders (`xxxx…`, `changeme…`), never real keys. */
const MIN_DISTINCT_CHARACTERS = 10;

/**
 * Whether a value is strong enough to be used as a key supplied by an operator (`ADMIN_API_KEY`): a key as
 * `generateApiKey` makes them, or at least 43 base64url characters (`openssl rand -hex 32` qualifies too).
 */
export function isStrongKey(value: string): boolean {
  const random = OPERATOR_KEY.exec(value)?.[1];
  return (
    random !== undefined &&
    random.length >= MIN_OPERATOR_KEY_CHARACTERS &&
    value.length <= MAX_CREDENTIAL_LENGTH &&
    new Set(random).size >= MIN_DISTINCT_CHARACTERS
  );
}
