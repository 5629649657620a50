import { ScopedRecords } from '../auth/access.decorators.js';

/**
 * Who may call each webhook operation: one decorator per route. Target URLs are not public, so reads need a key too.
 * Admin keys reach every subscription. Secretariat keys reach the subscriptions whose `bodyIds` all lie within their
 * scope (their bodies and the bodies below them); the service enforces it (see webhook-scope.ts), answering 404 for
 * the other subscriptions exactly as for unknown ids.
 */
export enum WebhookAccess {
  /** Creating: a secretariat key must send `bodyIds`, every one within its scope (403 otherwise). */
  CreateForOwnBodies = 'create-for-own-bodies',
  /** Listing: a secretariat key sees only the subscriptions within its scope. */
  ListOwnBodies = 'list-own-bodies',
  /** One subscription, its deliveries and test pings: a secretariat key only within its scope (404 otherwise). */
  OwnBodies = 'own-bodies',
}

/** Completes the access sentence of the description: "a `secretariat` key only when its bodies … include …". */
const SCOPES: Record<WebhookAccess, string> = {
  [WebhookAccess.CreateForOwnBodies]:
    'every body of `bodyIds`, which such a key must send (422 `rule-violation` without it: only admin keys ' +
    'subscribe to every event; 403 naming the bodies outside its scope in `outOfScopeBodyIds`)',
  [WebhookAccess.ListOwnBodies]:
    "every body of a subscription's `bodyIds`: such a key lists only those subscriptions, whoever made them, and " +
    'none with `bodyIds` null',
  [WebhookAccess.OwnBodies]:
    "every body of the subscription's `bodyIds` (and of new `bodyIds` sent, 403 otherwise); any other " +
    'subscription, unrestricted ones included, answers 404 to such a key, exactly as an unknown id does, so that ' +
    'ids cannot be probed',
};

export function RequiresWebhookAccess(access: WebhookAccess): MethodDecorator {
  return ScopedRecords(SCOPES[access]);
}
