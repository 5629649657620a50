import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/pagination/page.js';
import type { RosterEntry } from '../contact-view.js';
import { RosterRole } from '../roster-role.js';
import { ContactSummaryDto } from './contact.dto.js';

/** A role held by a contact in a body's roster; `until` set means the role has ended. */
export class RosterEntryDto {
  /** Identifier of the membership. */
  @ApiProperty({ format: 'uuid', example: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d' })
  id: string;

  /** The body whose roster this is. */
  @ApiProperty({ format: 'uuid', example: '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10' })
  bodyId: string;

  @ApiProperty({ format: 'uuid', example: '7e4b1c2d-3f5a-4b6c-8d9e-0f1a2b3c4d5e' })
  contactId: string;

  /** The person holding the role, embedded. */
  @ApiProperty({ type: ContactSummaryDto })
  contact: ContactSummaryDto;

  @ApiProperty({ enum: RosterRole, enumName: 'RosterRole', example: RosterRole.CommitteeManager })
  role: RosterRole;

  /** First day in the role. */
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2024-01-01' })
  since: string | null;

  /** Last day in the role; null while the role is current. */
  @ApiProperty({ type: String, format: 'date', nullable: true, example: null })
  until: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'SC7/WG26 Convenor' })
  note: string | null;

  /** Incremented on every change. */
  @ApiProperty({ example: 1 })
  version: number;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  updatedAt: string;

  static from(entry: RosterEntry): RosterEntryDto {
    const dto = new RosterEntryDto();
    dto.id = entry.id;
    dto.bodyId = entry.bodyId;
    dto.contactId = entry.contactId;
    dto.contact = ContactSummaryDto.from(entry.contact);
    dto.role = entry.role;
    dto.since = entry.since;
    dto.until = entry.until;
    dto.note = entry.note;
    dto.version = entry.version;
    dto.createdAt = entry.createdAt.toISOString();
    dto.updatedAt = entry.updatedAt.toISOString();
    return dto;
  }
}

/** One page of a body's roster. */
export class RosterPageDto extends PageMetaDto {
  @ApiProperty({ type: [RosterEntryDto] })
  items: RosterEntryDto[];
}
