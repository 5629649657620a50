/**
 * Which bodies a change event concerns, per resource type. Pure: unit-tested.
 *
 * A webhook subscription scoped to bodies receives an event when one of the bodies it concerns, or an ancestor of
 * one of them, is among the subscription's bodies: a subscription on ISO/IEC JTC 1/SC 7 gets the events of SC 7 and
 * of SC 7/WG 26, not those of JTC 1. `recordChange` stores the ancestors with the event.
 *
 * - body: the body itself, and its parent (which only adds something once the body is gone: a deletion);
 * - liaison: its committee and its partner;
 * - work item: its body;
 * - statement: the sending body and every `to` and `cc` recipient;
 * - membership (roster entry): its body;
 * - contact: every body it is linked to: the bodies whose roster it is on, the committee and partner of the liaisons
 *   it represents or is a nominated expert of, and the bodies of the statements naming it as contact (see
 *   `contactBodyIds` in the contacts service, which loads them). The liaison and statement events name contacts by
 *   id, so their subscribers hear of the contacts' own changes too. A contact is deleted only once nothing refers
 *   to it, so its deletion concerns no body (the subscribers of its bodies heard of the memberships ending).
 *
 * A change that moves a resource (another committee, body, parent or recipient) concerns its bodies before and after
 * the change, so that the subscribers of the bodies it left learn that it left; a deletion concerns the bodies the
 * resource had.
 */

export const concernedBodies = {
  body: (body: { id: string; parentId: string | null }): string[] => [
    body.id,
    ...(body.parentId ? [body.parentId] : []),
  ],
  liaison: (liaison: { committeeId: string; partnerId: string }): string[] => [liaison.committeeId, liaison.partnerId],
  workItem: (item: { bodyId: string }): string[] => [item.bodyId],
  statement: (statement: {
    fromBodyId: string;
    toBodyIds: readonly string[];
    ccBodyIds: readonly string[];
  }): string[] => [statement.fromBodyId, ...statement.toBodyIds, ...statement.ccBodyIds],
  membership: (membership: { bodyId: string }): string[] => [membership.bodyId],
};
