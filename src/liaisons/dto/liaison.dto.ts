import { ApiProperty } from '@nestjs/swagger';
import { LiaisonAction } from '../lifecycle.js';
import { LiaisonHistoryEntryDto } from './liaison-history.dto.js';
import { LIAISON_ACTION_SCHEMA, LIAISON_STATUS_SCHEMA } from './enum-schemas.js';
import { BodyKind } from '../../bodies/body-kind.js';
import { PageMetaDto } from '../../common/pagination/page.js';
import { LiaisonCategory, LiaisonStatus } from '../liaison-enums.js';
import { LiaisonWarningCode, type LiaisonWarning } from '../liaison-rules.js';
import type { LiaisonBodySummary, LiaisonView } from '../liaison-view.js';

/** The committee or partner of a liaison, embedded so the liaison reads without further calls. */
export class LiaisonBodySummaryDto {
  @ApiProperty({ format: 'uuid', example: '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10' })
  id: string;

  @ApiProperty({ example: 'ISO/IEC JTC 1/SC 42' })
  designation: string;

  @ApiProperty({ example: 'Artificial intelligence' })
  name: string;

  @ApiProperty({ enum: BodyKind, enumName: 'BodyKind', example: BodyKind.Subcommittee })
  kind: BodyKind;

  static from(summary: LiaisonBodySummary): LiaisonBodySummaryDto {
    const dto = new LiaisonBodySummaryDto();
    dto.id = summary.id;
    dto.designation = summary.designation;
    dto.name = summary.name;
    dto.kind = summary.kind;
    return dto;
  }
}

/** Why the liaison looks irregular; the record is kept as it is. */
export class LiaisonWarningDto {
  @ApiProperty({
    enum: LiaisonWarningCode,
    enumName: 'LiaisonWarningCode',
    example: LiaisonWarningCode.CategoryRequiresCommitteeLevel,
  })
  code: LiaisonWarningCode;

  /** Human-readable explanation naming the bodies concerned. */
  @ApiProperty({
    example:
      'Category A liaisons are granted by a technical committee or subcommittee, but ISO/IEC JTC 1/SC 7/WG 26 is a ' +
      'working group; the record is kept but is irregular.',
  })
  message: string;

  static from(warning: LiaisonWarning): LiaisonWarningDto {
    const dto = new LiaisonWarningDto();
    dto.code = warning.code;
    dto.message = warning.message;
    return dto;
  }
}

/** A directed liaison: the committee holds (grants) it, the partner is the other body. */
export class LiaisonExpertDto {
  @ApiProperty({ format: 'uuid' })
  contactId: string;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-05-01' })
  nominatedOn: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  note: string | null;
}

export class LiaisonDto {
  @ApiProperty({ format: 'uuid', example: '9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f' })
  id: string;

  /** The body that holds (grants) the liaison. */
  @ApiProperty({ format: 'uuid', example: '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10' })
  committeeId: string;

  @ApiProperty({ type: LiaisonBodySummaryDto })
  committee: LiaisonBodySummaryDto;

  /** The other body of the liaison. */
  @ApiProperty({ format: 'uuid', example: '0f3c1a52-8d4e-4b8f-a0a5-1b2c3d4e5f60' })
  partnerId: string;

  @ApiProperty({ type: LiaisonBodySummaryDto })
  partner: LiaisonBodySummaryDto;

  @ApiProperty({ enum: LiaisonCategory, enumName: 'LiaisonCategory', example: LiaisonCategory.CategoryA })
  category: LiaisonCategory;

  @ApiProperty({
    enum: LiaisonStatus,
    enumName: 'LiaisonStatus',
    enumSchema: LIAISON_STATUS_SCHEMA,
    example: LiaisonStatus.Proposed,
  })
  status: LiaisonStatus;

  /** Why the liaison exists. */
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'ETSI TC MTS develops standards related to testing and auditing ML-based systems.',
  })
  rationale: string | null;

  /** What the parties want from the liaison, in order. */
  @ApiProperty({ type: [String], example: ['foster closer co-operation', 'prevent duplication of work'] })
  objectives: string[];

  /** The body that proposed the liaison. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '0f3c1a52-8d4e-4b8f-a0a5-1b2c3d4e5f60' })
  proposedByBodyId: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2024-03-15' })
  proposedOn: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: null })
  approvedOn: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: null })
  establishedOn: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: null })
  lastReviewedOn: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: null })
  nextReviewDue: string | null;

  /** Contacts appointed as liaison representatives, in order. */
  @ApiProperty({ type: 'string', format: 'uuid', isArray: true, example: ['3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7'] })
  representativeIds: string[];

  /** Work items of mutual interest, in order. */
  @ApiProperty({ type: 'string', format: 'uuid', isArray: true, example: ['7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d'] })
  workItemIds: string[];

  /** Irregularities of the record (empty when there are none). */
  @ApiProperty({ type: [LiaisonWarningDto] })
  warnings: LiaisonWarningDto[];

  /** The lifecycle actions allowed now (for `POST /v1/liaisons/{id}/transitions`). */
  @ApiProperty({
    enum: LiaisonAction,
    enumName: 'LiaisonAction',
    enumSchema: LIAISON_ACTION_SCHEMA,
    isArray: true,
    example: [LiaisonAction.SubmitForEligibility, LiaisonAction.Reject],
  })
  allowedActions: LiaisonAction[];

  /** Experts nominated by the partner (active Category A liaisons). */
  @ApiProperty({ type: [LiaisonExpertDto] })
  experts: LiaisonExpertDto[];

  /** Incremented on every change. */
  @ApiProperty({ example: 1 })
  version: number;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  updatedAt: string;

  static from(view: LiaisonView): LiaisonDto {
    const { liaison } = view;
    const dto = new LiaisonDto();
    dto.id = liaison.id;
    dto.committeeId = liaison.committeeId;
    dto.committee = LiaisonBodySummaryDto.from(view.committee);
    dto.partnerId = liaison.partnerId;
    dto.partner = LiaisonBodySummaryDto.from(view.partner);
    dto.category = liaison.category;
    dto.status = liaison.status;
    dto.rationale = liaison.rationale;
    dto.objectives = [...liaison.objectives];
    dto.proposedByBodyId = liaison.proposedByBodyId;
    dto.proposedOn = liaison.proposedOn;
    dto.approvedOn = liaison.approvedOn;
    dto.establishedOn = liaison.establishedOn;
    dto.lastReviewedOn = liaison.lastReviewedOn;
    dto.nextReviewDue = liaison.nextReviewDue;
    dto.representativeIds = [...view.representativeIds];
    dto.workItemIds = [...view.workItemIds];
    dto.warnings = view.warnings.map((w) => LiaisonWarningDto.from(w));
    dto.allowedActions = [...view.allowedActions];
    dto.experts = view.experts.map((e) => ({ contactId: e.contactId, nominatedOn: e.nominatedOn, note: e.note }));
    dto.version = liaison.version;
    dto.createdAt = liaison.createdAt.toISOString();
    dto.updatedAt = liaison.updatedAt.toISOString();
    return dto;
  }
}

/** One page of liaisons. */
export class LiaisonPageDto extends PageMetaDto {
  @ApiProperty({ type: [LiaisonDto] })
  items: LiaisonDto[];
}

/** The liaison after a transition, and the history entry that recorded it. */
export class LiaisonTransitionResultDto {
  @ApiProperty({ type: LiaisonDto })
  liaison: LiaisonDto;

  @ApiProperty({ type: LiaisonHistoryEntryDto })
  entry: LiaisonHistoryEntryDto;
}
