/** Rules of API keys that need no database. Pure: unit-tested directly. */
import { ApiKeyRole } from './api-key-role.js';

export enum ApiKeyStatus {
  Active = 'active',
  Expired = 'expired',
  Revoked = 'revoked',
}

/** Letters, digits, spaces and a little punctuation; starts with a letter or digit. */
export const API_KEY_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._@()/:+-]*$/u;
export const API_KEY_NAME_RULE =
  'start with a letter or digit and contain only letters, digits, spaces and . _ @ ( ) / : + -';
export const MAX_API_KEY_NAME_LENGTH = 100;
export const MAX_SCOPE_BODIES = 50;

/** A secretariat key needs at least one body; the other roles are not scoped. */
export function scopeRuleViolation(role: ApiKeyRole, bodyIds: readonly string[]): string | undefined {
  if (role === ApiKeyRole.Secretariat && bodyIds.length === 0) {
    return 'a secretariat key needs at least one body in bodyIds';
  }
  if (role !== ApiKeyRole.Secretariat && bodyIds.length > 0) {
    return `a ${role} key is not scoped to bodies: leave bodyIds out`;
  }
  return undefined;
}

export function expiryViolation(expiresAt: Date | null, now: Date): string | undefined {
  return expiresAt !== null && expiresAt.getTime() <= now.getTime() ? 'expiresAt must be in the future' : undefined;
}

export function apiKeyStatus(key: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): ApiKeyStatus {
  if (key.revokedAt !== null) return ApiKeyStatus.Revoked;
  if (key.expiresAt !== null && key.expiresAt.getTime() <= now.getTime()) return ApiKeyStatus.Expired;
  return ApiKeyStatus.Active;
}

/** Why a stored key cannot be used, or undefined when it can. */
export function unusableReason(key: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): string | undefined {
  switch (apiKeyStatus(key, now)) {
    case ApiKeyStatus.Active:
      return undefined;
    case ApiKeyStatus.Expired:
      return 'The API key has expired.';
    case ApiKeyStatus.Revoked:
      return 'The API key has been revoked.';
  }
}
