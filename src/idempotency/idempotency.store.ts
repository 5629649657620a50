/**
 * Idempotency keys in PostgreSQL, shared by every instance on the database. Each step is one atomic
 * statement, so two instances racing for one key cannot both win it.
 */
import { randomUUID } from 'node:crypto';

/** Runs one statement and resolves to its rows (TypeORM's `DataSource.query` for SELECT and INSERT). */
export type RunQuery = (sql: string, params: unknown[]) => Promise<unknown>;

/** The identity of a request under a key. */
export interface IdempotentRequest {
  principal: string;
  key: string;
  method: string;
  path: string;
  fingerprint: string;
}

/** The response headers replayed with a stored response. */
export const REPLAYED_HEADERS = ['content-type', 'location', 'etag'] as const;

export interface StoredResponse {
  status: number;
  headers: Partial<Record<(typeof REPLAYED_HEADERS)[number], string>>;
  /** The exact bytes of the first response's body (UTF-8 text), null when it had none. */
  body: string | null;
}

/** A claim on a key: only its holder may record the response or release the key. */
export interface Claim {
  principal: string;
  key: string;
  token: string;
}

/** The resource an idempotent write changed, recorded with the write itself. */
export interface AppliedResource {
  type: string;
  id: string;
}

export type ClaimOutcome =
  | { kind: 'claimed'; claim: Claim }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch'; method: string; path: string }
  | { kind: 'in-flight' }
  /** The first request's write committed but its response was never recorded (its instance died in between). */
  | { kind: 'applied'; resource: AppliedResource };

export interface IdempotencyStoreOptions {
  /** How long a completed response is kept, counted from the moment it was recorded. */
  ttlMs: number;
  /** How long a claim protects an unfinished request before another instance may take the key over. */
  lockMs: number;
  /** Smallest interval between two purges of expired keys by this instance. */
  purgeIntervalMs: number;
}

interface KeyRow {
  state: 'in_flight' | 'committed' | 'completed';
  fingerprint: string;
  method: string;
  path: string;
  response_status: number | null;
  response_headers: StoredResponse['headers'] | null;
  response_body: string | null;
  resource_type: string | null;
  resource_id: string | null;
  reusable: boolean;
  locked: boolean;
}

/**
 * Inserts the claim, or takes the row over when it is free: expired (and not locked), or an unfinished request
 * for the same fingerprint whose lock ran out (its instance died). Otherwise nothing changes and no row returns.
 */
const CLAIM = `
  INSERT INTO idempotency_keys AS k
    (principal, key, method, path, fingerprint, state, claim_token, created_at, expires_at, locked_until)
  VALUES ($1, $2, $3, $4, $5, 'in_flight', $6, now(),
          now() + $7::double precision * interval '1 millisecond',
          now() + $8::double precision * interval '1 millisecond')
  ON CONFLICT (principal, key) DO UPDATE SET
    method = EXCLUDED.method, path = EXCLUDED.path, fingerprint = EXCLUDED.fingerprint, state = 'in_flight',
    claim_token = EXCLUDED.claim_token, response_status = NULL, response_headers = NULL, response_body = NULL,
    created_at = EXCLUDED.created_at, completed_at = NULL, expires_at = EXCLUDED.expires_at,
    locked_until = EXCLUDED.locked_until
  WHERE k.locked_until <= now()
    AND (k.expires_at <= now() OR (k.state = 'in_flight' AND k.fingerprint = EXCLUDED.fingerprint))
  RETURNING k.claim_token`;

const READ = `
  SELECT state, fingerprint, method, path, response_status, response_headers, response_body, resource_type,
         resource_id, (expires_at <= now() AND locked_until <= now()) AS reusable, locked_until > now() AS locked
  FROM idempotency_keys WHERE principal = $1 AND key = $2`;

/**
 * Run by the write itself, in its transaction: the key and the change commit together, or neither does. A claim
 * that was taken over in the meantime matches no row, and the write must then roll back.
 */
const MARK_COMMITTED = `
  WITH marked AS (
    UPDATE idempotency_keys
    SET state = 'committed', resource_type = coalesce(resource_type, $4), resource_id = coalesce(resource_id, $5::uuid)
    WHERE principal = $1 AND key = $2 AND claim_token = $3 AND state IN ('in_flight', 'committed')
    RETURNING 1)
  SELECT count(*)::int AS n FROM marked`;

const COMPLETE = `
  WITH done AS (
    UPDATE idempotency_keys
    SET state = 'completed', response_status = $4, response_headers = $5::jsonb, response_body = $6,
        completed_at = now(), expires_at = now() + $7::double precision * interval '1 millisecond',
        locked_until = now()
    WHERE principal = $1 AND key = $2 AND claim_token = $3 AND state IN ('in_flight', 'committed')
    RETURNING 1)
  SELECT count(*)::int AS n FROM done`;

const RELEASE = `
  WITH gone AS (
    DELETE FROM idempotency_keys
    WHERE principal = $1 AND key = $2 AND claim_token = $3 AND state = 'in_flight' RETURNING 1)
  SELECT count(*)::int AS n FROM gone`;

const PURGE = `
  WITH gone AS (DELETE FROM idempotency_keys WHERE expires_at <= now() AND locked_until <= now() RETURNING 1)
  SELECT count(*)::int AS n FROM gone`;

/** A key can change hands between our two statements (expiry, purge); a few rounds settle it. */
const CLAIM_ATTEMPTS = 3;

export class IdempotencyStore {
  private lastPurge = 0;

  constructor(
    private readonly run: RunQuery,
    private readonly options: IdempotencyStoreOptions,
    private readonly onPurgeError: (error: unknown) => void,
  ) {}

  /** Claims the key for this request, or says what the first request with the key became. */
  async claim(request: IdempotentRequest): Promise<ClaimOutcome> {
    this.purgeNowAndThen();
    for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt += 1) {
      const token = randomUUID();
      const claimed = (await this.run(CLAIM, [
        request.principal,
        request.key,
        request.method,
        request.path,
        request.fingerprint,
        token,
        this.options.ttlMs,
        this.options.lockMs,
      ])) as { claim_token: string }[];
      if (claimed.length > 0)
        return { kind: 'claimed', claim: { principal: request.principal, key: request.key, token } };

      const [row] = (await this.run(READ, [request.principal, request.key])) as KeyRow[];
      if (row === undefined || row.reusable) continue;
      if (row.fingerprint !== request.fingerprint) return { kind: 'mismatch', method: row.method, path: row.path };
      if (row.state === 'committed' && !row.locked && row.resource_type !== null && row.resource_id !== null)
        return { kind: 'applied', resource: { type: row.resource_type, id: row.resource_id } };
      if (row.state !== 'completed' || row.response_status === null) return { kind: 'in-flight' };
      return {
        kind: 'replay',
        response: { status: row.response_status, headers: row.response_headers ?? {}, body: row.response_body },
      };
    }
    // Only reachable when the key keeps expiring and being re-claimed under us: let the client retry.
    return { kind: 'in-flight' };
  }

  /** Records the final response of a claimed request; false when the claim was lost (taken over). */
  async complete(claim: Claim, response: StoredResponse): Promise<boolean> {
    const [row] = (await this.run(COMPLETE, [
      claim.principal,
      claim.key,
      claim.token,
      response.status,
      JSON.stringify(response.headers),
      response.body,
      this.options.ttlMs,
    ])) as { n: number }[];
    return (row?.n ?? 0) > 0;
  }

  /**
   * Marks the key as applied by a write, in that write's transaction (`run` is the transaction's query); false when
   * the claim was taken over meanwhile, and the write must not commit.
   */
  static async markCommitted(run: RunQuery, claim: Claim, resource: AppliedResource): Promise<boolean> {
    const [row] = (await run(MARK_COMMITTED, [
      claim.principal,
      claim.key,
      claim.token,
      resource.type,
      resource.id,
    ])) as {
      n: number;
    }[];
    return (row?.n ?? 0) > 0;
  }

  /**
   * Frees the key (the response is not one to replay, e.g. a 5xx): a retry runs the request again. A key whose
   * write committed is never freed: a retry is told the request was applied.
   */
  async release(claim: Claim): Promise<boolean> {
    const [row] = (await this.run(RELEASE, [claim.principal, claim.key, claim.token])) as { n: number }[];
    return (row?.n ?? 0) > 0;
  }

  /** Deletes every expired key; returns how many went. */
  async purgeExpired(): Promise<number> {
    const [row] = (await this.run(PURGE, [])) as { n: number }[];
    return row?.n ?? 0;
  }

  /** At most one purge per interval per instance, in the background: claiming never waits for it. */
  private purgeNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastPurge < this.options.purgeIntervalMs) return;
    this.lastPurge = now;
    this.purgeExpired().catch(this.onPurgeError);
  }
}
