import { ApiKeyRole } from '../../src/auth/api-key-role.js';
import {
  API_KEY_NAME,
  apiKeyStatus,
  ApiKeyStatus,
  expiryViolation,
  scopeRuleViolation,
  unusableReason,
} from '../../src/auth/api-key-rules.js';
import {
  displayPrefix,
  generateApiKey,
  hashApiKey,
  isPlausibleCredential,
  isStrongKey,
} from '../../src/auth/api-key-secret.js';

const BODY = '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10';
const NOW = new Date('2026-11-22T10:00:00Z');

describe('API key material', () => {
  it('makes keys of 32 random bytes written lr_ and 43 base64url characters, all different', () => {
    const keys = Array.from({ length: 50 }, generateApiKey);
    for (const key of keys) {
      expect(key).toMatch(/^lr_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(key.slice(3), 'base64url')).toHaveLength(32);
    }
    expect(new Set(keys).size).toBe(50);
  });

  it('stores a SHA-256 in hex, and shows only the first 11 characters', () => {
    const key = 'lr_Zk3pQ9aBc1d2e3f4g5h6i7j8k9l0m1n2o3p4q5r6s7t';
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).toBe(hashApiKey(key));
    expect(hashApiKey(key)).not.toBe(hashApiKey(`${key}x`));
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(displayPrefix(key)).toBe('lr_Zk3pQ9aB');
  });

  it('judges presented credentials and operator-supplied keys', () => {
    expect(isPlausibleCredential('lr_abc')).toBe(true);
    expect(isPlausibleCredential('')).toBe(false);
    expect(isPlausibleCredential('has space')).toBe(false);
    expect(isPlausibleCredential('x'.repeat(257))).toBe(false);
    expect(isStrongKey(generateApiKey())).toBe(true);
    for (let i = 0; i < 200; i += 1) expect(isStrongKey(generateApiKey())).toBe(true);
    expect(isStrongKey(generateApiKey().slice(0, -1))).toBe(false);
    expect(isStrongKey(generateApiKey().slice(3))).toBe(true);
    expect(isStrongKey(`${generateApiKey()} `)).toBe(false);
    expect(isStrongKey('x'.repeat(43))).toBe(false);
    expect(isStrongKey('0123456789'.repeat(4) + 'abc')).toBe(true);
    expect(isStrongKey(generateApiKey().repeat(5))).toBe(true);
    expect(isStrongKey(generateApiKey().repeat(6))).toBe(false);
  });
});

describe('API key rules', () => {
  it('needs bodies for a secretariat key and none for the other roles', () => {
    expect(scopeRuleViolation(ApiKeyRole.Secretariat, [BODY])).toBeUndefined();
    expect(scopeRuleViolation(ApiKeyRole.Secretariat, [])).toMatch(/at least one body/);
    expect(scopeRuleViolation(ApiKeyRole.Admin, [])).toBeUndefined();
    expect(scopeRuleViolation(ApiKeyRole.Reader, [BODY])).toMatch(/reader key is not scoped/);
    expect(scopeRuleViolation(ApiKeyRole.Admin, [BODY])).toMatch(/admin key is not scoped/);
  });

  it('needs an expiry in the future', () => {
    expect(expiryViolation(null, NOW)).toBeUndefined();
    expect(expiryViolation(new Date('2026-11-22T10:00:01Z'), NOW)).toBeUndefined();
    expect(expiryViolation(NOW, NOW)).toMatch(/future/);
  });

  it('tells active, expired and revoked keys apart, revocation first', () => {
    const past = new Date('2026-01-01T00:00:00Z');
    const future = new Date('2027-01-01T00:00:00Z');
    expect(apiKeyStatus({ revokedAt: null, expiresAt: null }, NOW)).toBe(ApiKeyStatus.Active);
    expect(apiKeyStatus({ revokedAt: null, expiresAt: future }, NOW)).toBe(ApiKeyStatus.Active);
    expect(apiKeyStatus({ revokedAt: null, expiresAt: past }, NOW)).toBe(ApiKeyStatus.Expired);
    expect(apiKeyStatus({ revokedAt: past, expiresAt: past }, NOW)).toBe(ApiKeyStatus.Revoked);
    expect(unusableReason({ revokedAt: null, expiresAt: future }, NOW)).toBeUndefined();
    expect(unusableReason({ revokedAt: null, expiresAt: past }, NOW)).toMatch(/expired/);
    expect(unusableReason({ revokedAt: past, expiresAt: null }, NOW)).toMatch(/revoked/);
  });

  it('accepts plain names and refuses markup or control characters', () => {
    for (const name of ['ops', 'ETSI TC MTS secretariat', 'ci_bot-2', 'Müller (DIN)', 'a@b.org']) {
      expect(API_KEY_NAME.test(name)).toBe(true);
    }
    for (const name of ['', ' leading', '<script>', 'tab\there', 'semi;colon', '-dash-first']) {
      expect(API_KEY_NAME.test(name)).toBe(false);
    }
  });
});
