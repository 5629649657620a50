import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/pagination/page.js';
import { BodyKind, BodyStatus } from '../body-kind.js';
import type { BodyEntity } from '../body.entity.js';
import { TermsOfReferenceDto } from './terms-of-reference.dto.js';

/** A body with what is stored beside its row. */
export interface BodyRecord {
  body: BodyEntity;
  associatedBodyIds: string[];
}

/** A standards body: an organization, committee, subcommittee, working group, study group or other group. */
export class BodyDto {
  /** Identifier of the body. */
  @ApiProperty({ format: 'uuid', example: '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10' })
  id: string;

  /** Designation as people write it; unique, compared case-insensitively. */
  @ApiProperty({ example: 'ISO/IEC JTC 1/SC 42' })
  designation: string;

  /** Full name. */
  @ApiProperty({ example: 'Artificial intelligence' })
  name: string;

  @ApiProperty({ enum: BodyKind, enumName: 'BodyKind', example: BodyKind.Subcommittee })
  kind: BodyKind;

  /** The body this one sits under; null for a top-level organization. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '0f3c1a52-8d4e-4b8f-a0a5-1b2c3d4e5f60' })
  parentId: string | null;

  @ApiProperty({ enum: BodyStatus, enumName: 'BodyStatus', example: BodyStatus.Active })
  status: BodyStatus;

  /** Public web page of the body. */
  @ApiProperty({ type: String, nullable: true, example: 'https://www.iso.org/committee/6794475.html' })
  website: string | null;

  /** Mailing list, as published by the body. */
  @ApiProperty({ type: String, nullable: true, example: 'sc42@lists.example.org' })
  mailingList: string | null;

  /** Terms of reference of a group (scope, objectives, work methods, reporting, associated bodies); null when none are recorded. */
  @ApiProperty({ type: () => TermsOfReferenceDto, nullable: true })
  termsOfReference: TermsOfReferenceDto | null;

  /** Incremented on every change. */
  @ApiProperty({ example: 1 })
  version: number;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  updatedAt: string;

  static from({ body: entity, associatedBodyIds }: BodyRecord): BodyDto {
    const dto = new BodyDto();
    dto.id = entity.id;
    dto.designation = entity.designation;
    dto.name = entity.name;
    dto.kind = entity.kind;
    dto.parentId = entity.parentId;
    dto.status = entity.status;
    dto.website = entity.website;
    dto.mailingList = entity.mailingList;
    const hasTerms =
      entity.torScope !== null ||
      entity.torObjectives !== null ||
      entity.torWorkMethods !== null ||
      entity.torReporting !== null ||
      associatedBodyIds.length > 0;
    dto.termsOfReference = hasTerms
      ? {
          scope: entity.torScope,
          objectives: entity.torObjectives ?? [],
          workMethods: entity.torWorkMethods ?? [],
          reporting: entity.torReporting,
          associatedBodyIds,
        }
      : null;
    dto.version = entity.version;
    dto.createdAt = entity.createdAt.toISOString();
    dto.updatedAt = entity.updatedAt.toISOString();
    return dto;
  }
}

/** One page of bodies. */
export class BodyPageDto extends PageMetaDto {
  @ApiProperty({ type: [BodyDto] })
  items: BodyDto[];
}
