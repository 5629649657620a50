/**
 * Fan-out: turns published change events into one delivery per matching subscription.
 *
 * One instance at a time (a transaction-scoped advisory lock; the others skip the step), reading the feed after a
 * high-water mark kept in `webhook_dispatch_state` and advancing it in the same transaction as the inserted
 * deliveries: a crash before the commit leaves both untouched, and `ON CONFLICT DO NOTHING` on
 * (subscription, change) makes a repeated step harmless anyway. Only published events (with a position) are read,
 * so nothing is skipped when transactions commit out of order (see change-feed.ts).
 */
import type { EntityManager } from 'typeorm';
import { publishChanges } from '../changes/change-feed.js';

/** Lock key of the dispatcher (the change-feed publisher uses 7_340_005). */
const DISPATCH_LOCK = 7_340_006;

/**
 * The payload of a change event, exactly as `GET /v1/changes` shows it (`occurredAt` with milliseconds, UTC).
 * Built in SQL so that the whole step is two statements whatever the batch size.
 */
const EVENT_PAYLOAD = `jsonb_build_object(
  'id', c.id, 'sequence', c.position, 'type', c.type, 'resourceType', c.resource_type,
  'resourceId', c.resource_id,
  'occurredAt', to_char(c.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'actor', c.actor, 'data', c.data)`;

/**
 * Which subscriptions get an event: active ones created before the event occurred, whose event types are empty
 * (everything), name the type, or name its resource with a wildcard (`liaison.*`), and whose bodies are not
 * restricted (null) or include a body the event concerns. `c.body_ids` holds the concerned bodies with all their
 * ancestors (see concerned-bodies.ts and recordChange), so the overlap matches the subscription's whole subtrees;
 * an event without recorded bodies (NULL, older than them) overlaps nothing.
 */
const MATCHES = `s.active AND s.created_at <= c.occurred_at AND (
  cardinality(s.event_types) = 0 OR c.type = ANY (s.event_types)
  OR split_part(c.type, '.', 1) || '.*' = ANY (s.event_types))
  AND (s.body_ids IS NULL OR s.body_ids && c.body_ids)`;

export interface DispatchResult {
  /** False when another instance holds the dispatcher lock. */
  ran: boolean;
  events: number;
  deliveries: number;
}

/** One batch of the fan-out. Call again while `events === batch` to catch up. */
export async function dispatchBatch(manager: EntityManager, batch = 500): Promise<DispatchResult> {
  await publishChanges(manager);
  return manager.transaction(async (tx) => {
    const [lock] = (await tx.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [DISPATCH_LOCK])) as {
      locked: boolean;
    }[];
    if (!lock?.locked) return { ran: false, events: 0, deliveries: 0 };
    const [state] = (await tx.query('SELECT last_position FROM webhook_dispatch_state WHERE id = 1')) as {
      last_position: string;
    }[];
    const after = Number(state?.last_position ?? 0);
    const [range] = (await tx.query(
      `SELECT count(*)::int AS n, max(position) AS upto
         FROM (SELECT position FROM changes WHERE position > $1 ORDER BY position LIMIT $2) b`,
      [after, batch],
    )) as { n: number; upto: string | null }[];
    if (!range || range.n === 0 || range.upto === null) return { ran: true, events: 0, deliveries: 0 };
    const upto = Number(range.upto);
    const inserted: unknown[] = await tx.query(
      `INSERT INTO webhook_deliveries (subscription_id, change_id, sequence, event_type, payload, next_attempt_at)
       SELECT s.id, c.id, c.position, c.type, ${EVENT_PAYLOAD}, now()
         FROM changes c JOIN webhook_subscriptions s ON ${MATCHES}
        WHERE c.position > $1 AND c.position <= $2
        ORDER BY c.position, s.id
       ON CONFLICT (subscription_id, change_id) DO NOTHING
       RETURNING 1`,
      [after, upto],
    );
    await tx.query('UPDATE webhook_dispatch_state SET last_position = $1, updated_at = now() WHERE id = 1', [upto]);
    return { ran: true, events: range.n, deliveries: inserted.length };
  });
}
