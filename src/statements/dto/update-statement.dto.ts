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
  MAX_ATTACHMENTS,
  MAX_CONTACTS,
  MAX_DOCUMENT_REFERENCES,
  MAX_LIAISONS,
  MAX_RECIPIENTS,
} from './create-statement.dto.js';
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

/**
 * Fields to change; absent fields stay as they are, `null` clears a nullable field, lists and
 * objects are replaced whole. The rules are checked against the merged record.
 */
export class UpdateStatementDto {
  @ApiProperty({ required: false, minLength: 1, maxLength: 100, example: 'SG17-LS123' })
  @IsOptionalNotNull()
  @NormalizeSpaces()
  @Length(1, 100)
  @Matches(NO_CONTROL_CHARS, { message: 'reference must not contain control characters' })
  @IsString()
  reference?: string;

  @ApiProperty({ required: false, minLength: 1, maxLength: 500 })
  @IsOptionalNotNull()
  @NormalizeSpaces()
  @Length(1, 500)
  @Matches(NO_CONTROL_CHARS, { message: 'title must not contain control characters' })
  @IsString()
  title?: string;

  /** The sending body (must exist). */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptionalNotNull()
  @IsUUID('all')
  fromBodyId?: string;

  /** Replaces the `to` recipients (at least one). */
  @ApiProperty({
    type: [String],
    format: 'uuid',
    required: false,
    minItems: 1,
    maxItems: MAX_RECIPIENTS,
    uniqueItems: true,
  })
  @IsOptionalNotNull()
  @ArrayUnique(caseInsensitive, { message: 'toBodyIds must not contain duplicates' })
  @IsUUID('all', { each: true })
  @ArrayMaxSize(MAX_RECIPIENTS)
  @ArrayMinSize(1, { message: 'toBodyIds must name at least one body' })
  @IsArray()
  toBodyIds?: string[];

  /** Replaces the `cc` recipients. */
  @ApiProperty({ type: [String], format: 'uuid', required: false, maxItems: MAX_RECIPIENTS, uniqueItems: true })
  @IsOptionalNotNull()
  @ArrayUnique(caseInsensitive, { message: 'ccBodyIds must not contain duplicates' })
  @IsUUID('all', { each: true })
  @ArrayMaxSize(MAX_RECIPIENTS)
  @IsArray()
  ccBodyIds?: string[];

  /** A change of purpose re-checks the deadline and inReplyToId rules. */
  @ApiProperty({ enum: StatementPurpose, enumName: 'StatementPurpose', required: false })
  @IsOptionalNotNull()
  @IsEnum(StatementPurpose)
  purpose?: StatementPurpose;

  /** `YYYY-MM-DD`; cannot be cleared while the purpose is `action` or `comment`. */
  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: '2025-07-15' })
  @IsOptionalNullable()
  @IsDateOnly()
  deadline?: string | null;

  /** The statement this one answers; only for a `response`, never the statement itself or one of its replies. */
  @ApiProperty({ type: String, format: 'uuid', required: false, nullable: true })
  @IsOptionalNullable()
  @IsUUID('all')
  inReplyToId?: string | null;

  @ApiProperty({ type: () => StatementApprovalInputDto, required: false, nullable: true })
  @IsOptionalNullable()
  @ValidateNested()
  @Type(() => StatementApprovalInputDto)
  @IsObject()
  approval?: StatementApprovalInputDto | null;

  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: '2025-04-22' })
  @IsOptionalNullable()
  @IsDateOnly()
  sentOn?: string | null;

  /** Replaces the contact persons. */
  @ApiProperty({ type: [String], format: 'uuid', required: false, maxItems: MAX_CONTACTS, uniqueItems: true })
  @IsOptionalNotNull()
  @ArrayUnique(caseInsensitive, { message: 'contactIds must not contain duplicates' })
  @IsUUID('all', { each: true })
  @ArrayMaxSize(MAX_CONTACTS)
  @IsArray()
  contactIds?: string[];

  @ApiProperty({ type: String, required: false, nullable: true, maxLength: 5000 })
  @IsOptionalNullable()
  @Trim()
  @Length(1, 5000)
  @Matches(NO_CONTROL_CHARS_MULTILINE, { message: 'summary must not contain control characters' })
  @IsString()
  summary?: string | null;

  @ApiProperty({ type: String, required: false, nullable: true, maxLength: 100_000 })
  @IsOptionalNullable()
  @Trim()
  @Length(1, 100_000)
  @Matches(NO_CONTROL_CHARS_MULTILINE, { message: 'text must not contain control characters' })
  @IsString()
  text?: string | null;

  /** Replaces the cited documents. */
  @ApiProperty({ type: [String], required: false, maxItems: MAX_DOCUMENT_REFERENCES, uniqueItems: true })
  @IsOptionalNotNull()
  @NormalizeEachSpaces()
  @ArrayUnique({ message: 'documentReferences must not contain duplicates' })
  @Matches(NO_CONTROL_CHARS, { each: true, message: 'documentReferences must not contain control characters' })
  @Length(1, 200, { each: true })
  @IsString({ each: true })
  @ArrayMaxSize(MAX_DOCUMENT_REFERENCES)
  @IsArray()
  documentReferences?: string[];

  /** Replaces the attachments. */
  @ApiProperty({ type: () => [StatementAttachmentInputDto], required: false, maxItems: MAX_ATTACHMENTS })
  @IsOptionalNotNull()
  @ValidateNested({ each: true })
  @Type(() => StatementAttachmentInputDto)
  @IsObject({ each: true, message: 'each value in attachments must be an object' })
  @ArrayMaxSize(MAX_ATTACHMENTS)
  @IsArray()
  attachments?: StatementAttachmentInputDto[];

  /** Replaces the related liaisons. */
  @ApiProperty({ type: [String], format: 'uuid', required: false, maxItems: MAX_LIAISONS, uniqueItems: true })
  @IsOptionalNotNull()
  @ArrayUnique(caseInsensitive, { message: 'liaisonIds must not contain duplicates' })
  @IsUUID('all', { each: true })
  @ArrayMaxSize(MAX_LIAISONS)
  @IsArray()
  liaisonIds?: string[];

  /** Records whether the asked-for action was taken (replaced whole: absent `on`/`note` become null). */
  @ApiProperty({ type: () => StatementActionTakenInputDto, required: false })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => StatementActionTakenInputDto)
  @IsObject()
  actionTaken?: StatementActionTakenInputDto;
}
