import type { BodyRef } from '../work-items/work-item-view.js';
import type { ContactEntity } from './contact.entity.js';
import type { MembershipEntity } from './membership.entity.js';

/** The fields of a contact that other resources embed. */
export type ContactSummary = Pick<ContactEntity, 'id' | 'name' | 'honorific' | 'email' | 'affiliation'>;

/** A membership seen from its contact: which body, which role. */
export interface ContactMembership extends Pick<
  MembershipEntity,
  'id' | 'bodyId' | 'role' | 'since' | 'until' | 'note'
> {
  body: BodyRef;
}

/** A contact with all the roles they hold or held. */
export interface ContactWithMemberships extends ContactEntity {
  memberships: ContactMembership[];
}

/** A membership seen from its body's roster: who holds the role. */
export interface RosterEntry extends MembershipEntity {
  contact: ContactSummary;
}
