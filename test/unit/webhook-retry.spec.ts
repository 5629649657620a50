import {
  decide,
  describeError,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  retryDelayMs,
} from '../../src/webhooks/webhook-retry.js';

const schedule = [1_000, 10_000, 100_000];

describe('retryDelayMs', () => {
  it('takes the delay of the attempt from the schedule, jittered down by at most 20 %', () => {
    expect(retryDelayMs(schedule, 1, () => 0)).toBe(1_000);
    expect(retryDelayMs(schedule, 1, () => 0.999_999)).toBe(800);
    expect(retryDelayMs(schedule, 2, () => 0.5)).toBe(9_000);
    expect(retryDelayMs(schedule, 3, () => 0)).toBe(100_000);
  });

  it('has no delay left once the schedule is exhausted', () => {
    expect(retryDelayMs(schedule, 4)).toBeUndefined();
    expect(retryDelayMs([], 1)).toBeUndefined();
  });

  it('spreads delays between 80 % and 100 % of the nominal one', () => {
    const delays = Array.from({ length: 500 }, () => retryDelayMs(schedule, 2)!);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(8_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(10_000);
    expect(new Set(delays).size).toBeGreaterThan(50);
  });
});

describe('decide', () => {
  const noJitter = () => 0;

  it.each([200, 201, 202, 204, 299])('treats %i as success', (statusCode) => {
    expect(decide({ statusCode }, 1, schedule, noJitter)).toEqual({ kind: 'succeeded' });
  });

  it.each([undefined, 199, 301, 400, 404, 429, 500, 503])('retries after %p', (statusCode) => {
    expect(decide({ statusCode }, 2, schedule, noJitter)).toEqual({ kind: 'retry', delayMs: 10_000 });
  });

  it('disables on 410 Gone, whatever the attempt', () => {
    expect(decide({ statusCode: 410 }, 1, schedule)).toEqual({ kind: 'gone' });
    expect(decide({ statusCode: 410 }, 9, schedule)).toEqual({ kind: 'gone' });
  });

  it('fails once the schedule is exhausted', () => {
    expect(decide({ statusCode: 500 }, 4, schedule)).toEqual({ kind: 'failed' });
    expect(decide({}, 1, [])).toEqual({ kind: 'failed' });
  });

  it('honours a Retry-After longer than the backoff, capped at a day, and ignores a shorter one', () => {
    expect(decide({ statusCode: 503, retryAfterMs: 60_000 }, 1, schedule, noJitter)).toEqual({
      kind: 'retry',
      delayMs: 60_000,
    });
    expect(decide({ statusCode: 429, retryAfterMs: 10 }, 1, schedule, noJitter)).toEqual({
      kind: 'retry',
      delayMs: 1_000,
    });
    expect(decide({ statusCode: 503, retryAfterMs: 7 * MAX_RETRY_AFTER_MS }, 1, schedule, noJitter)).toEqual({
      kind: 'retry',
      delayMs: MAX_RETRY_AFTER_MS,
    });
  });

  it('does not let Retry-After extend the schedule beyond its last attempt', () => {
    expect(decide({ statusCode: 503, retryAfterMs: 60_000 }, 4, schedule)).toEqual({ kind: 'failed' });
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-11-22T10:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date, never negative', () => {
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });

  it.each([undefined, '', 'soon', '-5', '1.5', 'Sun, 22 Nov 2026 10:01:30', '2026-11-22T10:01:30Z'])(
    'ignores %p',
    (header) => {
      expect(parseRetryAfter(header, now)).toBeUndefined();
    },
  );
});

describe('describeError', () => {
  it('says a timeout in words', () => {
    expect(describeError(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))).toBe(
      'The target did not answer in time.',
    );
  });

  it('adds the error code, strips control characters and bounds the length', () => {
    const error = Object.assign(new Error('connect failed\r\nto 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(describeError(error)).toBe('connect failed to 127.0.0.1:9 (ECONNREFUSED)');
    expect(describeError(new Error('x'.repeat(1_000)), 100)).toHaveLength(100);
    expect(describeError('plain text')).toBe('plain text');
  });
});
