import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQueryDto } from '../../bodies/dto/list-bodies.query.dto.js';
import { NO_CONTROL_CHARS, Trim } from '../../common/validation/decorators.js';
import { LiaisonCategory, LiaisonStatus } from '../liaison-enums.js';
import { IsDateOnly } from './liaison-validation.js';

export enum LiaisonSort {
  CreatedAt = 'createdAt',
  CreatedAtDesc = '-createdAt',
  UpdatedAt = 'updatedAt',
  UpdatedAtDesc = '-updatedAt',
}

/** Filters of `GET /v1/bodies/{id}/liaisons` (the body is given by the path). */
export class ListBodyLiaisonsQueryDto extends PageQueryDto {
  /** Only liaisons held by this committee. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  committeeId?: string;

  /** Only liaisons with this partner. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  partnerId?: string;

  @ApiProperty({ enum: LiaisonCategory, enumName: 'LiaisonCategory', required: false })
  @IsOptional()
  @IsEnum(LiaisonCategory)
  category?: LiaisonCategory;

  @ApiProperty({ enum: LiaisonStatus, enumName: 'LiaisonStatus', required: false })
  @IsOptional()
  @IsEnum(LiaisonStatus)
  status?: LiaisonStatus;

  /** Only liaisons whose next review is due before this date (exclusive). */
  @ApiProperty({ required: false, format: 'date', example: '2026-01-01' })
  @IsOptional()
  @IsDateOnly()
  reviewDueBefore?: string;

  /** Case-insensitive text matched against the rationale. */
  @ApiProperty({ required: false, maxLength: 200, example: 'testing' })
  @IsOptional()
  @Trim()
  @Length(1, 200)
  @Matches(NO_CONTROL_CHARS, { message: 'q must not contain control characters' })
  @IsString()
  q?: string;

  /** Sort order; a leading `-` sorts descending. Default `createdAt`. */
  @ApiProperty({ enum: LiaisonSort, enumName: 'LiaisonSort', required: false, default: LiaisonSort.CreatedAt })
  @IsOptional()
  @IsEnum(LiaisonSort)
  sort?: LiaisonSort;
}

export class ListLiaisonsQueryDto extends ListBodyLiaisonsQueryDto {
  /** Only liaisons in which this body takes part, as committee or as partner. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  bodyId?: string;
}
