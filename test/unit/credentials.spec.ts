import { presentedCredentials } from '../../src/auth/credentials.js';

const KEY = 'lr_Zk3pQ9aBc1d2e3f4g5h6i7j8k9l0m1n2o3p4q5r6s7t';

describe('presentedCredentials', () => {
  it('reads a bearer token, whatever the case of the scheme', () => {
    expect(presentedCredentials({ authorization: `Bearer ${KEY}` })).toEqual({ kind: 'key', key: KEY });
    expect(presentedCredentials({ authorization: `bearer   ${KEY}  ` })).toEqual({ kind: 'key', key: KEY });
  });

  it('reads X-API-Key', () => {
    expect(presentedCredentials({ 'x-api-key': ` ${KEY} ` })).toEqual({ kind: 'key', key: KEY });
  });

  it('is anonymous without credentials or with empty headers', () => {
    expect(presentedCredentials({})).toEqual({ kind: 'none' });
    expect(presentedCredentials({ authorization: '', 'x-api-key': '  ' })).toEqual({ kind: 'none' });
  });

  it('accepts both headers when they carry the same key, and refuses two different keys', () => {
    expect(presentedCredentials({ authorization: `Bearer ${KEY}`, 'x-api-key': KEY })).toEqual({
      kind: 'key',
      key: KEY,
    });
    expect(presentedCredentials({ authorization: `Bearer ${KEY}`, 'x-api-key': `${KEY}x` })).toMatchObject({
      kind: 'malformed',
      detail: expect.stringContaining('different keys'),
    });
  });

  it.each([
    ['Basic credentials', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a scheme without a token', { authorization: 'Bearer' }],
    ['a token with spaces', { authorization: `Bearer ${KEY} extra` }],
    ['a control character', { 'x-api-key': `${KEY}\u0007` }],
    ['non-ASCII', { 'x-api-key': `${KEY}é` }],
    ['an absurdly long key', { 'x-api-key': 'k'.repeat(300) }],
    ['a repeated header', { 'x-api-key': [KEY, KEY] }],
  ])('refuses %s without a database look-up', (_case, headers) => {
    expect(presentedCredentials(headers)).toMatchObject({ kind: 'malformed' });
  });
});
