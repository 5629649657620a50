import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsObject,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import {
  IsOptionalNotNull,
  IsOptionalNullable,
  NO_CONTROL_CHARS,
  NormalizeSpaces,
  Trim,
} from '../../common/validation/decorators.js';
import { StatementPurpose } from '../statement-purpose.js';
import {
  StatementActionTakenInputDto,
  StatementApprovalInputDto,
  StatementAttachmentInputDto,
} from './statement-parts.dto.js';
import {
  IsDateOnly,
  NO_CONTROL_CHARS_MULTILINE,
  NormalizeEachSpaces,
  caseInsensitive,
} from './statement-validation.js';

export const MAX_RECIPIENTS = 50;
export const MAX_CONTACTS = 20;
export const MAX_LIAISONS = 50;
export const MAX_ATTACHMENTS = 50;
export const MAX_DOCUMENT_REFERENCES = 100;

export class CreateStatementDto {
  /** The statement's number as the sending body gives it; unique per sending body (case-insensitive). */
  @ApiProperty({ example: 'SG17-LS123', minLength: 1, maxLength: 100 })
  @NormalizeSpaces()
  @Length(1, 100)
  @Matches(NO_CONTROL_CHARS, { message: 'reference must not contain control characters' })
  @IsString()
  reference: string;

  @ApiProperty({
    example: 'LS on establishment of a Joint Correspondence Group on Trust (Joint-CG-Trust)',
    minLength: 1,
    maxLength: 500,
  })
  @NormalizeSpaces()
  @Length(1, 500)
  @Matches(NO_CONTROL_CHARS, { message: 'title must not contain control characters' })
  @IsString()
  title: string;

  /** The sending body (must exist). */
  @ApiProperty({ format: 'uuid', example: '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10' })
  @IsUUID('all')
  fromBodyId: string;

  /** The bodies the statement is addressed to, in the order of the letter (at least one; none of them the sender). */
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: MAX_RECIPIENTS,
    uniqueItems: true,
    example: ['0f3c1a52-8d4e-4b8f-a0a5-1b2c3d4e5f60'],
  })
  @ArrayUnique(caseInsensitive, { message: 'toBodyIds must not contain duplicates' })
  @IsUUID('all', { each: true })
  @ArrayMaxSize(MAX_RECIPIENTS)
  @ArrayMinSize(1, { message: 'toBodyIds must name at least one body' })
  @IsArray()
  toBodyIds: string[];

  /** Bodies in copy, in the order of the letter (none of them the sender or a `to` recipient). */
  @ApiProperty({ type: [String], format: 'uuid', required: false, maxItems: MAX_RECIPIENTS, uniqueItems: true })
  @IsOptionalNotNull()
  @ArrayUnique(caseInsensitive, { message: 'ccBodyIds must not contain duplicates' })
  @IsUUID('all', { each: true })
  @ArrayMaxSize(MAX_RECIPIENTS)
  @IsArray()
  ccBodyIds?: string[];

  /** `action` and `comment` need a `deadline`; `response` needs `inReplyToId`. */
  @ApiProperty({ enum: StatementPurpose, enumName: 'StatementPurpose', example: StatementPurpose.Action })
  @IsEnum(StatementPurpose)
  purpose: StatementPurpose;

  /** Reply expected by this date (`YYYY-MM-DD`); required when purpose is `action` or `comment`. */
  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: '2025-07-15' })
  @IsOptionalNullable()
  @IsDateOnly()
  deadline?: string | null;

  /** The statement this one answers (must exist); required when, and only when, purpose is `response`. */
  @ApiProperty({ type: String, format: 'uuid', required: false, nullable: true })
  @IsOptionalNullable()
  @IsUUID('all')
  inReplyToId?: string | null;

  /** Who approved it and when; null when not recorded. */
  @ApiProperty({ type: () => StatementApprovalInputDto, required: false, nullable: true })
  @IsOptionalNullable()
  @ValidateNested()
  @Type(() => StatementApprovalInputDto)
  @IsObject()
  approval?: StatementApprovalInputDto | null;

  /** Date the statement was sent (`YYYY-MM-DD`). */
  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: '2025-04-22' })
  @IsOptionalNullable()
  @IsDateOnly()
  sentOn?: string | null;

  /** Contact persons of the statement, in the order of the letter (must exist). */
  @ApiProperty({ type: [String], format: 'uuid', required: false, maxItems: MAX_CONTACTS, uniqueItems: true })
  @IsOptionalNotNull()
  @ArrayUnique(caseInsensitive, { message: 'contactIds must not contain duplicates' })
  @IsUUID('all', { each: true })
  @ArrayMaxSize(MAX_CONTACTS)
  @IsArray()
  contactIds?: string[];

  /** The abstract. */
  @ApiProperty({
    type: String,
    required: false,
    nullable: true,
    maxLength: 5000,
    example:
      'This liaison statement requests ITU-T TSAG to establish Joint Correspondence Group on Trust (Joint-CG-Trust) under the auspices of TSAG.',
  })
  @IsOptionalNullable()
  @Trim()
  @Length(1, 5000)
  @Matches(NO_CONTROL_CHARS_MULTILINE, { message: 'summary must not contain control characters' })
  @IsString()
  summary?: string | null;

  /** The body of the letter (line breaks kept). */
  @ApiProperty({ type: String, required: false, nullable: true, maxLength: 100_000 })
  @IsOptionalNullable()
  @Trim()
  @Length(1, 100_000)
  @Matches(NO_CONTROL_CHARS_MULTILINE, { message: 'text must not contain control characters' })
  @IsString()
  text?: string | null;

  /** Documents the statement cites, as written. */
  @ApiProperty({
    type: [String],
    required: false,
    maxItems: MAX_DOCUMENT_REFERENCES,
    uniqueItems: true,
    example: ['SG17 TD28-GEN', 'SG17-C44', 'WTSA-24 Action 8'],
  })
  @IsOptionalNotNull()
  @NormalizeEachSpaces()
  @ArrayUnique({ message: 'documentReferences must not contain duplicates' })
  @Matches(NO_CONTROL_CHARS, { each: true, message: 'documentReferences must not contain control characters' })
  @Length(1, 200, { each: true })
  @IsString({ each: true })
  @ArrayMaxSize(MAX_DOCUMENT_REFERENCES)
  @IsArray()
  documentReferences?: string[];

  /** Attached documents, by link, in order. */
  @ApiProperty({ type: () => [StatementAttachmentInputDto], required: false, maxItems: MAX_ATTACHMENTS })
  @IsOptionalNotNull()
  @ValidateNested({ each: true })
  @Type(() => StatementAttachmentInputDto)
  @IsObject({ each: true, message: 'each value in attachments must be an object' })
  @ArrayMaxSize(MAX_ATTACHMENTS)
  @IsArray()
  attachments?: StatementAttachmentInputDto[];

  /** Liaisons the statement belongs to (must exist); a set, returned in id order. */
  @ApiProperty({ type: [String], format: 'uuid', required: false, maxItems: MAX_LIAISONS, uniqueItems: true })
  @IsOptionalNotNull()
  @ArrayUnique(caseInsensitive, { message: 'liaisonIds must not contain duplicates' })
  @IsUUID('all', { each: true })
  @ArrayMaxSize(MAX_LIAISONS)
  @IsArray()
  liaisonIds?: string[];

  /** Whether the asked-for action was taken; defaults to not taken. */
  @ApiProperty({ type: () => StatementActionTakenInputDto, required: false })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => StatementActionTakenInputDto)
  @IsObject()
  actionTaken?: StatementActionTakenInputDto;
}
