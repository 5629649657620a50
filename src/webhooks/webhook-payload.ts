/**
 * The bodies webhooks carry. Pure: unit-tested.
 */
import { randomUUID } from 'node:crypto';

export const PING_EVENT_TYPE = 'webhook.ping';

/** Field order of a change event as `GET /v1/changes` shows it (jsonb, where payloads are kept, sorts keys its own way). */
const EVENT_FIELDS = ['id', 'sequence', 'type', 'resourceType', 'resourceId', 'occurredAt', 'actor', 'data'];

/** The exact text that is signed and sent: the stored payload with its fields in the documented order. */
export function serializePayload(payload: Record<string, unknown>): string {
  const ordered: Record<string, unknown> = {};
  for (const field of EVENT_FIELDS) if (field in payload) ordered[field] = payload[field];
  for (const [field, value] of Object.entries(payload)) if (!(field in ordered)) ordered[field] = value;
  return JSON.stringify(ordered);
}

/** Body of a test delivery (`POST /v1/webhooks/{id}/test`). */
export function pingPayload(webhookId: string, actor: string, now = new Date()): Record<string, unknown> {
  return {
    id: randomUUID(),
    type: PING_EVENT_TYPE,
    occurredAt: now.toISOString(),
    actor,
    data: { webhookId, message: 'Test delivery from the Liaison Registry.' },
  };
}
