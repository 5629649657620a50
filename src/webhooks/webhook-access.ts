import { applyDecorators, SetMetadata } from '@nestjs/common';
import { AdminOnly } from '../auth/access.decorators.js';

/**
 * Who may call each webhook operation: one decorator per route. Today every webhook operation (reads included:
 * target URLs are not public) needs an admin key; subscriptions already record their `owner` and `bodyIds` so
 * that secretariat keys can later be given subscriptions scoped to their own bodies.
 */
export enum WebhookAccess {
  /** Admin keys (secretariat keys for their own bodies: not yet). */
  AdminOrBodySecretariat = 'admin-or-body-secretariat',
}

export const WEBHOOK_ACCESS_METADATA = 'webhooks:access';

export function RequiresWebhookAccess(access: WebhookAccess): MethodDecorator {
  return applyDecorators(SetMetadata(WEBHOOK_ACCESS_METADATA, access), AdminOnly());
}
