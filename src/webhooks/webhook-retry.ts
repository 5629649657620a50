/**
 * What happens after a delivery attempt: success, a retry (when and why), or giving up. Pure: unit-tested.
 *
 * Backoff: the configured schedule grows exponentially and is capped (default 5 s … 8 h, 11 retries, about 31.7 h).
 * Each delay is jittered downwards by up to 20 % so that instances and subscriptions that failed together do not
 * retry in lockstep. Full jitter (anywhere between 0 and the delay) would spread retries more, but could shrink the
 * whole schedule to minutes and break the promise that a target has at least 24 hours to come back.
 */

/** Largest downward jitter, as a fraction of the nominal delay. */
export const RETRY_JITTER = 0.2;
/** A `Retry-After` longer than this is capped: the target cannot park a delivery for days. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

export interface AttemptResult {
  /** HTTP status of the answer; undefined when none came (connection error, timeout, refused address). */
  statusCode?: number;
  /** Milliseconds asked for by a `Retry-After` header, if any. */
  retryAfterMs?: number;
}

export type Decision =
  | { kind: 'succeeded' }
  /** Retry after `delayMs`. */
  | { kind: 'retry'; delayMs: number }
  /** The schedule is exhausted. */
  | { kind: 'failed' }
  /** 410 Gone: the target asks never to be called again; the subscription is disabled. */
  | { kind: 'gone' };

/** Nominal delay before attempt `attemptsMade + 1`, jittered; undefined when no retry is left. */
export function retryDelayMs(
  schedule: readonly number[],
  attemptsMade: number,
  random: () => number = Math.random,
): number | undefined {
  const nominal = schedule[attemptsMade - 1];
  if (nominal === undefined) return undefined;
  return Math.round(nominal * (1 - RETRY_JITTER * random()));
}

/** Decides the outcome of attempt number `attemptsMade` (1 for the first attempt). */
export function decide(
  result: AttemptResult,
  attemptsMade: number,
  schedule: readonly number[],
  random: () => number = Math.random,
): Decision {
  const status = result.statusCode;
  if (status !== undefined && status >= 200 && status < 300) return { kind: 'succeeded' };
  if (status === 410) return { kind: 'gone' };
  const delay = retryDelayMs(schedule, attemptsMade, random);
  if (delay === undefined) return { kind: 'failed' };
  const asked = result.retryAfterMs === undefined ? 0 : Math.min(result.retryAfterMs, MAX_RETRY_AFTER_MS);
  return { kind: 'retry', delayMs: Math.max(delay, asked) };
}

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined if invalid. */
export function parseRetryAfter(header: string | undefined, now: Date): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^\d{1,10}$/.test(value)) return Number(value) * 1_000;
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(at - now.getTime(), 0);
}

/** A one-line, bounded description of an error for the attempt log (no control characters, no stack). */
export function describeError(error: unknown, max = 500): string {
  // Not `instanceof Error`: a DOMException (timeouts) may come from another realm.
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    cause?: { code?: unknown };
  };
  const code = e.code ?? e.cause?.code;
  let text = e.name === 'TimeoutError' ? 'The target did not answer in time.' : String(e.message ?? e.name ?? error);
  if (typeof code === 'string' && !text.includes(code)) text = `${text} (${code})`;
  text = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
