import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEnum, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsOptionalNotNull, IsOptionalNullable, NO_CONTROL_CHARS, Trim } from '../../common/validation/decorators.js';
import { LiaisonCategory, LiaisonStatus } from '../liaison-enums.js';
import {
  IsDateOnly,
  LowercaseUuid,
  NO_CONTROL_CHARS_EXCEPT_NEWLINES,
  NormalizeSpacesEach,
} from './liaison-validation.js';

export const MAX_RATIONALE_LENGTH = 10_000;
export const MAX_OBJECTIVES = 50;
export const MAX_OBJECTIVE_LENGTH = 1_000;
export const MAX_REPRESENTATIVES = 50;
export const MAX_WORK_ITEMS = 200;

/**
 * Fields with the same meaning and validation on create and on update: optional, and `null`
 * clears the nullable ones.
 */
export class LiaisonFieldsDto {
  /** Why the liaison exists (free text; line breaks allowed). */
  @ApiProperty({
    type: String,
    required: false,
    nullable: true,
    minLength: 1,
    maxLength: MAX_RATIONALE_LENGTH,
    example: 'ETSI TC MTS develops standards related to testing and auditing ML-based systems.',
  })
  @IsOptionalNullable()
  @Trim()
  @Length(1, MAX_RATIONALE_LENGTH)
  @Matches(NO_CONTROL_CHARS_EXCEPT_NEWLINES, { message: 'rationale must not contain control characters' })
  @IsString()
  rationale?: string | null;

  /** What the parties want from the liaison, in order. Defaults to none. */
  @ApiProperty({
    type: [String],
    required: false,
    maxItems: MAX_OBJECTIVES,
    example: ['foster closer co-operation', 'prevent duplication of work'],
  })
  @IsOptionalNotNull()
  @NormalizeSpacesEach()
  @ArrayMaxSize(MAX_OBJECTIVES)
  @Length(1, MAX_OBJECTIVE_LENGTH, { each: true })
  @Matches(NO_CONTROL_CHARS, { each: true, message: 'each objective must not contain control characters' })
  @IsString({ each: true })
  @IsArray()
  objectives?: string[];

  /** The body that proposed the liaison (e.g. ETSI TC MTS for its Category A proposal). Must exist. */
  @ApiProperty({ type: String, format: 'uuid', required: false, nullable: true })
  @IsOptionalNullable()
  @LowercaseUuid()
  @IsUUID('all')
  proposedByBodyId?: string | null;

  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: '2024-03-15' })
  @IsOptionalNullable()
  @IsDateOnly()
  proposedOn?: string | null;

  /**
   * Not before `proposedOn`. Set by the approving transition (recordBallot, approve); only an admin key may set or
   * correct it directly (403 for a secretariat key).
   */
  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: '2024-09-30' })
  @IsOptionalNullable()
  @IsDateOnly()
  approvedOn?: string | null;

  /**
   * Not before `proposedOn`. Set by activate (or approve, for records active on approval); only an admin key may
   * set or correct it directly (403 for a secretariat key).
   */
  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: '2024-10-01' })
  @IsOptionalNullable()
  @IsDateOnly()
  establishedOn?: string | null;

  /** Set by completeReview; only an admin key may set or correct it directly (403 for a secretariat key). */
  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: '2025-10-01' })
  @IsOptionalNullable()
  @IsDateOnly()
  lastReviewedOn?: string | null;

  /**
   * Two years after the approval or the last completed review, set by those transitions; only an admin key may set
   * or correct it directly (403 for a secretariat key).
   */
  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: '2027-10-01' })
  @IsOptionalNullable()
  @IsDateOnly()
  nextReviewDue?: string | null;

  /** Contacts appointed as liaison representatives, in order; each must exist, no repeats. */
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    isArray: true,
    required: false,
    maxItems: MAX_REPRESENTATIVES,
    uniqueItems: true,
  })
  @IsOptionalNotNull()
  @LowercaseUuid()
  @ArrayUnique()
  @ArrayMaxSize(MAX_REPRESENTATIVES)
  @IsUUID('all', { each: true })
  @IsArray()
  representativeIds?: string[];

  /** Work items of mutual interest, in order; each must exist, no repeats. */
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    isArray: true,
    required: false,
    maxItems: MAX_WORK_ITEMS,
    uniqueItems: true,
  })
  @IsOptionalNotNull()
  @LowercaseUuid()
  @ArrayUnique()
  @ArrayMaxSize(MAX_WORK_ITEMS)
  @IsUUID('all', { each: true })
  @IsArray()
  workItemIds?: string[];
}

/**
 * A new liaison, which starts `proposed`. `representativeIds`, `workItemIds`, `objectives` and the dates are
 * optional; `status` other than proposed and the procedure dates are for admin keys only.
 */
export class CreateLiaisonDto extends LiaisonFieldsDto {
  /** The body that holds (grants) the liaison, e.g. ISO/IEC JTC 1/SC 42. Must exist. */
  @ApiProperty({ format: 'uuid', example: '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10' })
  @LowercaseUuid()
  @IsUUID('all')
  committeeId: string;

  /** The other body, e.g. ETSI TC MTS. Must exist and differ from the committee. */
  @ApiProperty({ format: 'uuid', example: '0f3c1a52-8d4e-4b8f-a0a5-1b2c3d4e5f60' })
  @LowercaseUuid()
  @IsUUID('all')
  partnerId: string;

  @ApiProperty({ enum: LiaisonCategory, enumName: 'LiaisonCategory', example: LiaisonCategory.CategoryA })
  @IsEnum(LiaisonCategory)
  category: LiaisonCategory;

  /**
   * Defaults to `proposed`, where every new liaison starts. Another status is for an admin key only: a relationship
   * established before the registry existed, recorded as it stands (the `create` history entry says so). A
   * secretariat key sending any other status than `proposed` gets 403. A status the category's procedure never
   * reaches (e.g. balloting for Category C) is 422.
   */
  @ApiProperty({
    enum: LiaisonStatus,
    enumName: 'LiaisonStatus',
    required: false,
    default: LiaisonStatus.Proposed,
    example: LiaisonStatus.Proposed,
  })
  @IsOptionalNotNull()
  @IsEnum(LiaisonStatus)
  status?: LiaisonStatus;
}
