import { SetMetadata } from '@nestjs/common';

/**
 * Who may call each webhook operation: one decorator per route, read by the access-control guard once API keys
 * exist. Not enforced yet. Subscriptions record their `owner` and `bodyIds` scope for that guard.
 */
export enum WebhookAccess {
  /** Admin keys, and secretariat keys for subscriptions scoped to their own bodies. */
  AdminOrBodySecretariat = 'admin-or-body-secretariat',
}

export const WEBHOOK_ACCESS_METADATA = 'webhooks:access';

export function RequiresWebhookAccess(access: WebhookAccess): MethodDecorator {
  return SetMetadata(WEBHOOK_ACCESS_METADATA, access);
}
