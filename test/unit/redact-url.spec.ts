import { redactUrl } from '../../src/logging/redact-url.js';

describe('redactUrl', () => {
  it('keeps URLs without a query as they are', () => {
    expect(redactUrl('/v1/contacts')).toBe('/v1/contacts');
  });

  it('replaces the value of free-text search, which may hold an e-mail address', () => {
    expect(redactUrl('/v1/contacts?q=dryden%40iso.org&limit=5')).toBe('/v1/contacts?q=[redacted]&limit=5');
    expect(redactUrl('/v1/search?limit=5&q=a+b&q=c')).toBe('/v1/search?limit=5&q=[redacted]&q=[redacted]');
  });

  it('also hides keys a client put in the query string by mistake', () => {
    expect(redactUrl('/v1/bodies?api_key=lr_secret&token=t&KEY=k')).toBe(
      '/v1/bodies?api_key=[redacted]&token=[redacted]&KEY=[redacted]',
    );
  });

  it('keeps other parameters, valueless ones and malformed encodings intact', () => {
    expect(redactUrl('/v1/bodies?kind=subcommittee&q&x=%E0%A4%A')).toBe('/v1/bodies?kind=subcommittee&q&x=%E0%A4%A');
    expect(redactUrl('/v1/bodies?%71=secret')).toBe('/v1/bodies?%71=[redacted]');
  });
});
