import { ApiProperty } from '@nestjs/swagger';
import { mayReadEmails } from '../../common/http/principal.js';
import { PageMetaDto } from '../../common/pagination/page.js';
import { BodyRefDto } from '../../work-items/dto/body-ref.dto.js';
import type { ContactEntity } from '../contact.entity.js';
import type { ContactMembership, ContactSummary, ContactWithMemberships } from '../contact-view.js';
import { RosterRole } from '../roster-role.js';

/**
 * The one place where a contact's e-mail address enters a response: every representation of a
 * contact (full, or embedded in a roster) goes through it, so who may see addresses is decided here.
 * Any API key may read addresses; anonymous callers get null. The caller is the principal of the
 * request being handled (see common/http/principal.ts); outside a request, nobody may.
 */
function emailFor(contact: Pick<ContactEntity, 'email'>): string | null {
  return mayReadEmails() ? contact.email : null;
}

/** A person, as embedded in other resources. */
export class ContactSummaryDto {
  /** Identifier of the contact. */
  @ApiProperty({ format: 'uuid', example: '7e4b1c2d-3f5a-4b6c-8d9e-0f1a2b3c4d5e' })
  id: string;

  /** Full name, as the person writes it. */
  @ApiProperty({ example: 'Andrew Dryden' })
  name: string;

  /** Form of address. */
  @ApiProperty({ type: String, nullable: true, example: 'Mr.' })
  honorific: string | null;

  /** E-mail address, as given (personal data): null for anonymous callers (any API key may read it). */
  @ApiProperty({ type: String, format: 'email', nullable: true, example: 'dryden@iso.org' })
  email: string | null;

  /** Organisation the person works for. */
  @ApiProperty({ type: String, nullable: true, example: 'ISO Central Secretariat' })
  affiliation: string | null;

  static from(contact: ContactSummary): ContactSummaryDto {
    return ContactSummaryDto.fill(new ContactSummaryDto(), contact);
  }

  protected static fill<T extends ContactSummaryDto>(dto: T, contact: ContactSummary): T {
    dto.id = contact.id;
    dto.name = contact.name;
    dto.honorific = contact.honorific;
    dto.email = emailFor(contact);
    dto.affiliation = contact.affiliation;
    return dto;
  }
}

/** A person who holds or held roles in bodies' rosters. */
export class ContactDto extends ContactSummaryDto {
  /** Incremented on every change. */
  @ApiProperty({ example: 1 })
  version: number;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  updatedAt: string;

  static override from(contact: ContactEntity): ContactDto {
    return ContactDto.fillFull(new ContactDto(), contact);
  }

  protected static fillFull<T extends ContactDto>(dto: T, contact: ContactEntity): T {
    ContactSummaryDto.fill(dto, contact);
    dto.version = contact.version;
    dto.createdAt = contact.createdAt.toISOString();
    dto.updatedAt = contact.updatedAt.toISOString();
    return dto;
  }
}

/** A role the contact holds (or held) in a body. */
export class ContactMembershipDto {
  /** Identifier of the membership (see the body's roster). */
  @ApiProperty({ format: 'uuid', example: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d' })
  id: string;

  @ApiProperty({ format: 'uuid', example: '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10' })
  bodyId: string;

  @ApiProperty({ type: BodyRefDto })
  body: BodyRefDto;

  @ApiProperty({ enum: RosterRole, enumName: 'RosterRole', example: RosterRole.TechnicalProgrammeManager })
  role: RosterRole;

  /** First day in the role. */
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2024-01-01' })
  since: string | null;

  /** Last day in the role; null while the role is current. */
  @ApiProperty({ type: String, format: 'date', nullable: true, example: null })
  until: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'ISO Technical Programme Manager' })
  note: string | null;

  static from(membership: ContactMembership): ContactMembershipDto {
    const dto = new ContactMembershipDto();
    dto.id = membership.id;
    dto.bodyId = membership.bodyId;
    dto.body = BodyRefDto.from(membership.body);
    dto.role = membership.role;
    dto.since = membership.since;
    dto.until = membership.until;
    dto.note = membership.note;
    return dto;
  }
}

/** A contact with every role they hold or held, sorted by body designation. */
export class ContactDetailDto extends ContactDto {
  @ApiProperty({ type: [ContactMembershipDto] })
  memberships: ContactMembershipDto[];

  static override from(contact: ContactWithMemberships): ContactDetailDto {
    const dto = ContactDto.fillFull(new ContactDetailDto(), contact);
    dto.memberships = contact.memberships.map(ContactMembershipDto.from);
    return dto;
  }
}

/** One page of contacts. */
export class ContactPageDto extends PageMetaDto {
  @ApiProperty({ type: [ContactDto] })
  items: ContactDto[];
}
