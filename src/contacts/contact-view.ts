import { mayReadEmails } from '../common/http/principal.js';
import { versionTag } from '../common/http/etag.js';
import type { BodyRef } from '../work-items/work-item-view.js';
import type { ContactEntity } from './contact.entity.js';
import type { MembershipEntity } from './membership.entity.js';

/** The fields of a contact that other resources embed. */
export type ContactSummary = Pick<ContactEntity, 'id' | 'name' | 'honorific' | 'email' | 'affiliation'>;

/** A membership seen from its contact: which body, which role. */
export interface ContactMembership extends Pick<
  MembershipEntity,
  'id' | 'bodyId' | 'role' | 'since' | 'until' | 'note' | 'version'
> {
  body: BodyRef;
  /** Version of the body row, whose designation and name the representation shows (for the ETag). */
  bodyVersion: number;
}

/** A contact with all the roles they hold or held. */
export interface ContactWithMemberships extends ContactEntity {
  memberships: ContactMembership[];
}

/**
 * The ETag of a contact: its version, the versions of its memberships and of their bodies (in the order shown),
 * and whether the caller sees e-mail addresses (anonymous callers get another representation).
 */
export function contactTag(
  version: number,
  memberships: readonly Pick<ContactMembership, 'id' | 'version' | 'bodyVersion'>[],
): string {
  return versionTag(version, [
    mayReadEmails() ? 'with-email' : 'without-email',
    memberships.map((m) => [m.id, m.version, m.bodyVersion]),
  ]);
}

/** A membership seen from its body's roster: who holds the role. */
export interface RosterEntry extends MembershipEntity {
  contact: ContactSummary;
}
