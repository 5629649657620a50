/**
 * The idempotency claim of the request being handled, for the write it runs: `markIdempotentWrite` records the key
 * as applied inside the write's own transaction (called by `recordChange`, which every write runs in its
 * transaction), so that the write and its idempotency record commit together or not at all. No Nest import.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ProblemError } from '../common/problem/problem.js';
import { IdempotencyStore, type AppliedResource, type Claim, type RunQuery } from './idempotency.store.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the idempotency hook when the request claimed an `Idempotency-Key`. */
    idempotencyClaim?: Claim;
  }
}

const storage = new AsyncLocalStorage<Claim | undefined>();

/** Runs `work` (and everything it awaits) on behalf of the request holding `claim` (none: not idempotent). */
export function runWithClaim<T>(claim: Claim | undefined, work: () => T): T {
  return storage.run(claim, work);
}

/**
 * Marks the current request's key as applied to `resource`, in the transaction `run` belongs to. Does nothing for
 * a request without a key. When the key was taken over by a retry (this request outlived its lock), throws so that
 * the write rolls back: the retry's outcome is the one kept.
 */
export async function markIdempotentWrite(run: RunQuery, resource: AppliedResource): Promise<void> {
  const claim = storage.getStore();
  if (claim === undefined) return;
  if (await IdempotencyStore.markCommitted(run, claim, resource)) return;
  throw new ProblemError(
    409,
    'idempotency-key-in-flight',
    'This request outlived the lock on its Idempotency-Key and a retry took the key over; nothing was written ' +
      'by this copy. Retry with the same key to get the outcome of the request.',
    { errors: [{ field: 'Idempotency-Key', message: 'the key was taken over by a retry' }] },
    { 'retry-after': '1' },
  );
}
