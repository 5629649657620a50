/**
 * Writing and reading the change feed (see migrations/1763800500000-ChangeFeed.ts for why it is gap-free).
 * No Nest import: services call `recordChange` inside their own transactions.
 */
import type { EntityManager } from 'typeorm';
import { markIdempotentWrite } from '../idempotency/idempotency-context.js';

export type ResourceType = 'body' | 'liaison' | 'workItem' | 'contact' | 'membership' | 'statement';

export interface NewChange {
  /** e.g. `liaison.created`, `liaison.transitioned`, `workItem.updated`, `membership.deleted`. */
  type: string;
  resourceType: ResourceType;
  resourceId: string;
  actor: string;
  /** The resource as it is after the change, as the API shows it; `{ id }` for a deletion. */
  data: unknown;
  /**
   * The bodies the change concerns directly: those of the resource after the change, and before it when the change
   * moved it (or deleted it); see concerned-bodies.ts. Their ancestors are added when the event is written. Nulls
   * (an absent parent, say) are ignored.
   */
  bodyIds: readonly (string | null | undefined)[];
}

export interface ChangeEvent {
  id: string;
  sequence: number;
  type: string;
  resourceType: ResourceType;
  resourceId: string;
  occurredAt: Date;
  actor: string;
  data: unknown;
}

/** Bodies nest a few levels deep; the bound only stops a corrupted (cyclic) hierarchy from looping. */
const MAX_DEPTH = 32;

/**
 * Appends an event; must run in the transaction of the change it describes. Also marks the request's idempotency key
 * (if any) as applied, in the same transaction. `body_ids` holds the bodies the change
 * concerns and all their ancestors as the hierarchy stands in this transaction, so that a subscription scoped to a
 * body matches the events of its whole subtree with an array overlap. A body that no longer exists (the one just
 * deleted) is kept as given; its callers pass its parent too, whose ancestors are then found.
 */
export async function recordChange(manager: EntityManager, change: NewChange): Promise<void> {
  const direct = [...new Set(change.bodyIds.filter((id): id is string => typeof id === 'string'))];
  await manager.query(
    `WITH RECURSIVE direct(id) AS (SELECT unnest($6::uuid[])),
       up(id, parent_id, depth) AS (
         SELECT b.id, b.parent_id, 0 FROM bodies b JOIN direct d ON d.id = b.id
         UNION ALL
         SELECT b.id, b.parent_id, up.depth + 1 FROM up JOIN bodies b ON b.id = up.parent_id
          WHERE up.depth < ${MAX_DEPTH})
     INSERT INTO changes (type, resource_type, resource_id, actor, data, body_ids)
     SELECT $1::text, $2::text, $3::uuid, $4::text, $5::jsonb,
            ARRAY(SELECT id FROM direct UNION SELECT id FROM up ORDER BY 1)`,
    [change.type, change.resourceType, change.resourceId, change.actor, JSON.stringify(change.data), direct],
  );
  // The request's Idempotency-Key (if any) commits with the change: a retry can never run the write again.
  await markIdempotentWrite((sql, params) => manager.query(sql, params), {
    type: change.resourceType,
    id: change.resourceId,
  });
}

/** Lock key of the publisher: one instance at a time assigns positions; the others read what is published. */
const PUBLISH_LOCK = 7_340_005;

/**
 * Gives feed positions to the events of every transaction that has finished, oldest transaction first, in one
 * statement (the `publish_changes` function of migration 1763800900000). Returns how many it published (0 when
 * another instance holds the publisher lock) and the newest published position.
 */
export async function publishFeed(manager: EntityManager, batch = 5_000): Promise<{ published: number; head: number }> {
  const [row] = (await manager.query('SELECT published, head FROM publish_changes($1, $2)', [batch, PUBLISH_LOCK])) as {
    published: string;
    head: string;
  }[];
  return { published: Number(row?.published ?? 0), head: Number(row?.head ?? 0) };
}

/** `publishFeed`, for callers that only need to know how many events were published. */
export async function publishChanges(manager: EntityManager, batch = 5_000): Promise<number> {
  return (await publishFeed(manager, batch)).published;
}

export interface FeedQuery {
  after: number;
  limit: number;
  types?: string[];
  resourceType?: ResourceType;
}

function toEvent(row: Record<string, unknown>): ChangeEvent {
  return {
    id: row.id as string,
    sequence: Number(row.position),
    type: row.type as string,
    resourceType: row.resource_type as ResourceType,
    resourceId: row.resource_id as string,
    occurredAt: row.occurred_at as Date,
    actor: row.actor as string,
    data: row.data,
  };
}

/**
 * Published events after `after`, in order, in one statement. The returned `last` is the position the next poll
 * starts after: the last event read, or — when filters skip events — the newest position the statement saw, so
 * that filtered polls move on too; unchanged when nothing new is published.
 */
export async function readFeed(
  manager: EntityManager,
  query: FeedQuery,
): Promise<{ events: ChangeEvent[]; last: number }> {
  const params: unknown[] = [query.after];
  const filters: string[] = [];
  if (query.types?.length) {
    params.push(query.types);
    filters.push(`type = ANY($${params.length}::text[])`);
  }
  if (query.resourceType) {
    params.push(query.resourceType);
    filters.push(`resource_type = $${params.length}`);
  }
  params.push(query.limit);
  const limit = `$${params.length}`;
  // The head comes from the same snapshot as the events: every position up to it has been examined.
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT e.*, h.head
       FROM (SELECT coalesce(max(position), 0) AS head FROM changes) h
       LEFT JOIN LATERAL (
         SELECT * FROM changes WHERE position > $1 ${filters.map((f) => `AND ${f}`).join(' ')}
          ORDER BY position LIMIT ${limit}) e ON true`,
    params,
  );
  const head = Number(rows[0]?.head ?? 0);
  const events = rows.filter((row) => row.id !== null).map(toEvent);
  if (events.length === query.limit || filters.length === 0) {
    return { events, last: events.at(-1)?.sequence ?? query.after };
  }
  return { events, last: Math.max(head, query.after) };
}
