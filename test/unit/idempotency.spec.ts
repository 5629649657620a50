import { ProblemError } from '../../src/common/problem/problem.js';
import { canonicalJson, requestFingerprint, requestTarget } from '../../src/idempotency/fingerprint.js';
import { parseIdempotencyKey } from '../../src/idempotency/idempotency-key.js';
import { ANONYMOUS_PRINCIPAL, principalOf } from '../../src/idempotency/principal.js';

function rejection(header: string | string[]): ProblemError {
  try {
    parseIdempotencyKey(header);
  } catch (error) {
    return error as ProblemError;
  }
  throw new Error(`${JSON.stringify(header)} was accepted`);
}

describe('parseIdempotencyKey', () => {
  it('is undefined without the header', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it('reads a structured-field string and its escapes', () => {
    expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey('"say \\"hi\\" \\\\o/"')).toBe('say "hi" \\o/');
    expect(parseIdempotencyKey('  "with spaces inside"  ')).toBe('with spaces inside');
  });

  it('reads a bare key as the same key', () => {
    expect(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey(' order 42 ')).toBe('order 42');
  });

  it('takes 1 to 255 characters', () => {
    expect(parseIdempotencyKey('k')).toBe('k');
    expect(parseIdempotencyKey('k'.repeat(255))).toHaveLength(255);
    expect(parseIdempotencyKey(`"${'\\"'.repeat(255)}"`)).toBe('"'.repeat(255));
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['empty quotes', '""'],
    ['unterminated', '"abc'],
    ['text after the closing quote', '"abc"def'],
    ['sf parameters', '"abc";a=1'],
    ['an unknown escape', '"a\\bc"'],
    ['a lone quote inside', '"a"b"'],
    ['a control character', 'a\u0001b'],
    ['a tab', 'a\tb'],
    ['non-ASCII', 'clé'],
    ['256 characters', 'k'.repeat(256)],
    ['256 characters quoted', `"${'k'.repeat(256)}"`],
  ])('refuses %s with a 400 naming the header', (_case, header) => {
    const error = rejection(header);
    expect(error).toBeInstanceOf(ProblemError);
    expect(error.toProblem()).toMatchObject({
      status: 400,
      type: '/problems/validation-error',
      errors: [{ field: 'Idempotency-Key', message: expect.any(String) }],
    });
  });

  it('refuses the header given twice', () => {
    expect(rejection(['"a"', '"b"']).status).toBe(400);
  });
});

describe('canonicalJson', () => {
  it('sorts object keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('spells strings and numbers as JSON does, and no body as null', () => {
    expect(canonicalJson({ s: 'é"\n', n: 1.5, t: true })).toBe('{"n":1.5,"s":"é\\"\\n","t":true}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});

describe('requestTarget', () => {
  it('drops a trailing slash and an empty query, keeps a query', () => {
    expect(requestTarget('/v1/bodies')).toBe('/v1/bodies');
    expect(requestTarget('/v1/bodies/')).toBe('/v1/bodies');
    expect(requestTarget('/v1/bodies?')).toBe('/v1/bodies');
    expect(requestTarget('/v1/bodies/?x=1')).toBe('/v1/bodies?x=1');
    expect(requestTarget('/')).toBe('/');
  });
});

describe('requestFingerprint', () => {
  it('is the same for the same request whatever the key order', () => {
    const a = requestFingerprint('POST', '/v1/bodies', { name: 'A', kind: 'other' });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(requestFingerprint('post', '/v1/bodies', { kind: 'other', name: 'A' })).toBe(a);
  });

  it('differs with the body, the path or the method', () => {
    const a = requestFingerprint('POST', '/v1/bodies', { name: 'A' });
    expect(requestFingerprint('POST', '/v1/bodies', { name: 'B' })).not.toBe(a);
    expect(requestFingerprint('POST', '/v1/contacts', { name: 'A' })).not.toBe(a);
    expect(requestFingerprint('PUT', '/v1/bodies', { name: 'A' })).not.toBe(a);
  });
});

describe('principalOf', () => {
  it('is anonymous without credentials', () => {
    expect(principalOf({})).toBe(ANONYMOUS_PRINCIPAL);
  });

  it('is a hash of the credentials, never the credentials themselves', () => {
    const alice = principalOf({ authorization: 'Bearer alice' });
    expect(alice).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(alice).not.toContain('alice');
    expect(principalOf({ authorization: 'Bearer alice' })).toBe(alice);
    expect(principalOf({ authorization: 'Bearer bob' })).not.toBe(alice);
    // The caller is the key, whichever header carries it.
    expect(principalOf({ 'x-api-key': 'alice' })).toBe(alice);
    expect(principalOf({ authorization: 'Bearer alice', 'x-api-key': 'alice' })).toBe(alice);
    // Credentials that cannot be a key are hashed as sent (the guard refuses them anyway).
    const malformed = principalOf({ authorization: 'Basic alice' });
    expect(malformed).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(malformed).not.toBe(alice);
  });
});
