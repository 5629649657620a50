/**
 * Sending deliveries: claim what is due, post it signed, record the attempt and decide what comes next.
 *
 * A claim is a lease in the database (`claimed_by`, `claimed_until`, and `next_attempt_at` moved to the end of the
 * lease), taken with `FOR UPDATE SKIP LOCKED`: instances never claim the same delivery, and the delivery of an
 * instance that died becomes due again when its lease ends. Outcomes are written only by the lease holder.
 * Delivery is at-least-once: an instance that dies after the target answered but before the outcome is written
 * leaves the delivery to be sent again; receivers deduplicate on `webhook-id`, which is the same on every attempt.
 */
import { STATUS_CODES } from 'node:http';
import { Webhook } from 'standardwebhooks';
import type { DataSource } from 'typeorm';
import { postWebhook } from './webhook-http.js';
import { PING_EVENT_TYPE, serializePayload } from './webhook-payload.js';
import { decide, describeError, parseRetryAfter, type Decision } from './webhook-retry.js';
import type { TargetPolicy } from './webhook-target.js';

export interface SenderOptions {
  instanceId: string;
  timeoutMs: number;
  retrySchedule: readonly number[];
  policy: TargetPolicy;
}

export interface ClaimedDelivery {
  id: string;
  subscriptionId: string;
  messageId: string;
  eventType: string;
  payload: Record<string, unknown>;
  attempts: number;
  url: string;
  secret: string;
  active: boolean;
}

/** What one attempt gave, ready to be written. */
export interface AttemptOutcome {
  delivery: ClaimedDelivery;
  attemptedAt: Date;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  decision: Decision;
}

const USER_AGENT = 'liaison-registry-webhooks/1';

export class WebhookSender {
  /** Lease of a claim: the longest an attempt can take, with a wide margin for a slow outcome write. */
  readonly leaseMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: SenderOptions,
  ) {
    this.leaseMs = options.timeoutMs + 60_000;
  }

  /** Claims up to `limit` due deliveries; those of inactive subscriptions are abandoned, not returned. */
  async claim(limit: number): Promise<ClaimedDelivery[]> {
    if (limit <= 0) return [];
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `WITH due AS (
         SELECT id FROM webhook_deliveries
          WHERE status IN ('pending', 'delivering') AND next_attempt_at <= now()
          ORDER BY next_attempt_at, sequence NULLS FIRST
          LIMIT $3
          FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE webhook_deliveries d
            SET status = 'delivering', claimed_by = $1,
                claimed_until = now() + $2::double precision * interval '1 millisecond',
                next_attempt_at = now() + $2::double precision * interval '1 millisecond'
           FROM due WHERE d.id = due.id
         RETURNING d.id, d.subscription_id, d.message_id, d.event_type, d.payload, d.attempts, d.sequence)
       SELECT c.*, s.url, s.secret, s.active
         FROM claimed c JOIN webhook_subscriptions s ON s.id = c.subscription_id
        ORDER BY c.sequence NULLS FIRST`,
      [this.options.instanceId, this.leaseMs, limit],
    );
    const claimed = rows.map((row): ClaimedDelivery => ({
      id: row.id as string,
      subscriptionId: row.subscription_id as string,
      messageId: row.message_id as string,
      eventType: row.event_type as string,
      payload: row.payload as Record<string, unknown>,
      attempts: row.attempts as number,
      url: row.url as string,
      secret: row.secret as string,
      active: row.active as boolean,
    }));
    // A test delivery goes out even to an inactive subscription: it is how a receiver is checked before reactivating.
    const dropped = claimed.filter((d) => !d.active && d.eventType !== PING_EVENT_TYPE).map((d) => d.id);
    if (dropped.length > 0) {
      await this.dataSource.query(
        `UPDATE webhook_deliveries
            SET status = 'abandoned', next_attempt_at = NULL, claimed_by = NULL, claimed_until = NULL,
                completed_at = now(), last_error = 'The subscription is inactive.'
          WHERE id = ANY ($1::uuid[]) AND claimed_by = $2`,
        [dropped, this.options.instanceId],
      );
    }
    return claimed.filter((d) => !dropped.includes(d.id));
  }

  /** Posts one claimed delivery. Resolves to undefined when `signal` cancelled it (the attempt does not count). */
  async send(delivery: ClaimedDelivery, signal?: AbortSignal): Promise<AttemptOutcome | undefined> {
    const attemptedAt = new Date();
    const body = serializePayload(delivery.payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'webhook-id': delivery.messageId,
      'webhook-timestamp': String(Math.floor(attemptedAt.getTime() / 1000)),
      'webhook-signature': new Webhook(delivery.secret).sign(delivery.messageId, attemptedAt, body),
    };
    const result = await postWebhook({
      url: delivery.url,
      body,
      headers,
      timeoutMs: this.options.timeoutMs,
      policy: this.options.policy,
      signal,
    });
    if (result.cancelled) return undefined;
    const statusCode = result.statusCode ?? null;
    const decision = decide(
      { statusCode: result.statusCode, retryAfterMs: parseRetryAfter(result.retryAfter, new Date()) },
      delivery.attempts + 1,
      this.options.retrySchedule,
    );
    let error: string | null = null;
    if (result.error !== undefined) error = describeError(result.error);
    else if (decision.kind !== 'succeeded')
      error = `The target answered ${statusCode} ${STATUS_CODES[statusCode ?? 0] ?? ''}`.trim() + '.';
    return { delivery, attemptedAt, statusCode, durationMs: result.durationMs, error, decision };
  }

  /**
   * Writes the attempt and the delivery's next state in one transaction; on 410 also disables the subscription
   * and abandons its other queued deliveries. Returns false when the lease was lost (nothing written).
   */
  async record(outcome: AttemptOutcome): Promise<boolean> {
    const { delivery, decision } = outcome;
    const status = nextStatus(decision);
    const delayMs = decision.kind === 'retry' ? decision.delayMs : null;
    return this.dataSource.transaction(async (tx) => {
      const written: unknown[] = await tx.query(
        `WITH updated AS (
           UPDATE webhook_deliveries
              SET status = $3, attempts = attempts + 1,
                  next_attempt_at = CASE WHEN $3 = 'pending' THEN now() + $4::double precision * interval '1 millisecond' END,
                  claimed_by = NULL, claimed_until = NULL,
                  last_status_code = $5, last_error = $6,
                  completed_at = CASE WHEN $3 = 'pending' THEN NULL ELSE now() END
            WHERE id = $1 AND claimed_by = $2 AND status = 'delivering'
           RETURNING attempts)
         INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, duration_ms, error, sent_by)
         SELECT $1, attempts, $7, $5, $8, $6, $2 FROM updated
         RETURNING attempt`,
        [
          delivery.id,
          this.options.instanceId,
          status,
          delayMs,
          outcome.statusCode,
          outcome.error,
          outcome.attemptedAt,
          outcome.durationMs,
        ],
      );
      if (written.length === 0) return false;
      if (decision.kind === 'gone') {
        await tx.query(
          `UPDATE webhook_subscriptions
              SET active = false, version = version + 1, updated_at = now(),
                  disabled_reason = 'The target answered 410 Gone on ' || to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '.'
            WHERE id = $1 AND active`,
          [delivery.subscriptionId],
        );
        await abandonQueued(
          tx,
          delivery.subscriptionId,
          'The subscription was disabled: the target answered 410 Gone.',
        );
      }
      return true;
    });
  }

  /** Gives back every claim of this instance (shutdown): the deliveries are due again at once, for any instance. */
  async release(): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries
          SET status = 'pending', next_attempt_at = now(), claimed_by = NULL, claimed_until = NULL
        WHERE claimed_by = $1 AND status = 'delivering'`,
      [this.options.instanceId],
    );
  }
}

function nextStatus(decision: Decision): 'succeeded' | 'pending' | 'failed' {
  switch (decision.kind) {
    case 'succeeded':
      return 'succeeded';
    case 'retry':
      return 'pending';
    case 'failed':
    case 'gone':
      return 'failed';
  }
}

/** Queued (not in-flight) deliveries of a subscription that will no longer be sent. */
export async function abandonQueued(
  manager: { query: DataSource['query'] },
  subscriptionId: string,
  reason: string,
): Promise<void> {
  await manager.query(
    `UPDATE webhook_deliveries
        SET status = 'abandoned', next_attempt_at = NULL, completed_at = now(), last_error = $2
      WHERE subscription_id = $1 AND status = 'pending' AND event_type <> $3`,
    [subscriptionId, reason, PING_EVENT_TYPE],
  );
}
