/**
 * Which webhook subscriptions a caller reaches, and which bodies it may give them. Pure: unit-tested.
 *
 * - Admin keys reach every subscription and may give it any bodies, or none (`bodyIds` null: every event).
 * - A secretariat key reaches the subscriptions whose bodies all lie within its scope (its bodies and the bodies
 *   below them). Every other subscription, unrestricted ones included, does not exist for it: 404, as for an
 *   unknown id, so that it cannot probe ids. It must give its subscriptions bodies (422 without: only admins
 *   subscribe to every event), all within its scope (403 naming those outside), so it can neither create nor widen
 *   a subscription beyond its scope.
 * - Subscriptions belong to the bodies, not to the key that made them (`owner` only records who did): every key
 *   whose scope covers a subscription manages it, so a secretariat's new key takes over what a revoked one set up.
 */
import { problems, type ProblemError } from '../common/problem/problem.js';

export type WebhookAudience =
  | { kind: 'all' }
  | {
      kind: 'within';
      keyName: string;
      /** The key's own bodies, for messages. */
      keyBodyIds: readonly string[];
      /** The key's bodies and every body below them. */
      bodies: readonly string[];
    };

/**
 * 422 when a secretariat key sends no bodies: none on creation, or null; undefined when that is fine (an update
 * that does not send `bodyIds` leaves them as they are).
 */
export function checkBodyIdsGiven(
  audience: WebhookAudience,
  bodyIds: readonly string[] | null | undefined,
  creating: boolean,
): ProblemError | undefined {
  if (audience.kind === 'all') return undefined;
  if (bodyIds === null || (bodyIds === undefined && creating)) {
    return problems.ruleViolation(
      'bodyIds',
      `The key "${audience.keyName}" is a secretariat key: its subscriptions must name their bodies in bodyIds ` +
        '(at least one, each one of its bodies or below one of them). Only admin keys subscribe to every event.',
    );
  }
  return undefined;
}

/** 403 naming the bodies of `bodyIds` outside the key's scope; undefined when all are within it. */
export function outOfScope(audience: WebhookAudience, bodyIds: readonly string[]): ProblemError | undefined {
  if (audience.kind === 'all') return undefined;
  const within = new Set(audience.bodies);
  const outside = bodyIds.filter((id) => !within.has(id));
  if (outside.length === 0) return undefined;
  return problems.forbidden(
    `The key "${audience.keyName}" is scoped to other bodies: every body of bodyIds must be one of its bodies or ` +
      `below one of them, and ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not.`,
    { requiredScope: 'every body of `bodyIds`', outOfScopeBodyIds: outside, keyBodyIds: audience.keyBodyIds },
  );
}
