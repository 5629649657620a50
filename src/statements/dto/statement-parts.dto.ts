import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { IsOptionalNullable, NO_CONTROL_CHARS, NormalizeSpaces, Trim } from '../../common/validation/decorators.js';
import { IsDateOnly, NO_CONTROL_CHARS_MULTILINE } from './statement-validation.js';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** Who approved the statement and when. */
export class StatementApprovalInputDto {
  /** The approving level: a meeting, a plenary, a chair's approval. */
  @ApiProperty({ example: 'ITU-T SG17 meeting, Geneva, 8-17 April 2025', minLength: 1, maxLength: 500 })
  @NormalizeSpaces()
  @Length(1, 500)
  @Matches(NO_CONTROL_CHARS, { message: 'level must not contain control characters' })
  @IsString()
  level: string;

  /** Date of approval, `YYYY-MM-DD`; null or absent when unknown. */
  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: '2025-04-17' })
  @IsOptionalNullable()
  @IsDateOnly()
  date?: string | null;
}

/** A document attached to the statement, by link. */
export class StatementAttachmentInputDto {
  @ApiProperty({ example: 'Annex A: draft ToR of the Joint-CG-Trust', minLength: 1, maxLength: 500 })
  @NormalizeSpaces()
  @Length(1, 500)
  @Matches(NO_CONTROL_CHARS, { message: 'title must not contain control characters' })
  @IsString()
  title: string;

  /** http or https URL. */
  @ApiProperty({ example: 'https://www.itu.int/md/T25-SG17-250408-TD-GEN-0028/en', maxLength: 2048 })
  @Trim()
  @MaxLength(2048)
  @IsUrl(URL_OPTIONS, { message: 'url must be an http or https URL' })
  @IsString()
  url: string;
}

/** Whether the action the statement asks for was taken. */
export class StatementActionTakenInputDto {
  @ApiProperty({ example: true })
  @IsBoolean()
  taken: boolean;

  /** Date the action was taken; must be null (or absent) while `taken` is false. */
  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: '2025-07-01' })
  @IsOptionalNullable()
  @IsDateOnly()
  on?: string | null;

  /** What was done, or why not yet. */
  @ApiProperty({
    type: String,
    required: false,
    nullable: true,
    maxLength: 2000,
    example: 'TSAG established the Joint-CG-Trust at its July 2025 meeting.',
  })
  @IsOptionalNullable()
  @Trim()
  @Length(1, 2000)
  @Matches(NO_CONTROL_CHARS_MULTILINE, { message: 'note must not contain control characters' })
  @IsString()
  note?: string | null;
}
