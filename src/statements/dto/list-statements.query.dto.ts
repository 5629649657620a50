import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQueryDto } from '../../bodies/dto/list-bodies.query.dto.js';
import { NO_CONTROL_CHARS, Trim } from '../../common/validation/decorators.js';
import { StatementPurpose } from '../statement-purpose.js';
import { IsDateOnly, ToBoolean } from './statement-validation.js';

/**
 * Sort orders; a leading `-` sorts descending. `deadline` and `sentOn` sorts list only the
 * statements that have that date (keyset pagination needs a value to page on).
 */
export enum StatementSort {
  CreatedAt = 'createdAt',
  CreatedAtDesc = '-createdAt',
  SentOn = 'sentOn',
  SentOnDesc = '-sentOn',
  Deadline = 'deadline',
  DeadlineDesc = '-deadline',
}

export class ListStatementsQueryDto extends PageQueryDto {
  /** Only statements sent by this body. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  fromBodyId?: string;

  /** Only statements addressed to this body (a `to` recipient; copies do not count). */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  toBodyId?: string;

  /** Only statements this body sent or received, as `to` or `cc`. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  bodyId?: string;

  @ApiProperty({ enum: StatementPurpose, enumName: 'StatementPurpose', required: false })
  @IsOptional()
  @IsEnum(StatementPurpose)
  purpose?: StatementPurpose;

  /** Only statements with a deadline on or before this date (inclusive). */
  @ApiProperty({ required: false, format: 'date', example: '2025-07-31' })
  @IsOptional()
  @IsDateOnly()
  deadlineBefore?: string;

  /** Only statements with a deadline on or after this date (inclusive). */
  @ApiProperty({ required: false, format: 'date', example: '2025-07-01' })
  @IsOptional()
  @IsDateOnly()
  deadlineAfter?: string;

  /** `true`: only overdue statements (deadline before today in UTC, action not taken); `false`: only the others. */
  @ApiProperty({ required: false, type: Boolean })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  /** Only statements related to this liaison. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  liaisonId?: string;

  /** Only the replies to this statement. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  inReplyToId?: string;

  /** Case-insensitive text matched against reference, title and summary. */
  @ApiProperty({ required: false, maxLength: 200, example: 'Trust' })
  @IsOptional()
  @Trim()
  @Length(1, 200)
  @Matches(NO_CONTROL_CHARS, { message: 'q must not contain control characters' })
  @IsString()
  q?: string;

  /**
   * Sort order; a leading `-` sorts descending; ties are broken by id. Default `-createdAt` (newest first).
   * `deadline` and `sentOn` sorts list only the statements that have that date.
   */
  @ApiProperty({
    enum: StatementSort,
    enumName: 'StatementSort',
    required: false,
    default: StatementSort.CreatedAtDesc,
  })
  @IsOptional()
  @IsEnum(StatementSort)
  sort?: StatementSort;
}
