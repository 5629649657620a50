import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../common/pagination/page.js';
import { NO_CONTROL_CHARS, ToInteger, Trim } from '../../common/validation/decorators.js';
import { BodyKind, BodyStatus } from '../body-kind.js';

export enum BodySort {
  Designation = 'designation',
  DesignationDesc = '-designation',
  Name = 'name',
  NameDesc = '-name',
  CreatedAt = 'createdAt',
  CreatedAtDesc = '-createdAt',
  UpdatedAt = 'updatedAt',
  UpdatedAtDesc = '-updatedAt',
}

export class PageQueryDto {
  /** Page size (1 to 200). */
  @ApiProperty({ type: 'integer', required: false, minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @ToInteger()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  @IsInt()
  limit?: number;

  /** `nextCursor` of the previous page. */
  @ApiProperty({ required: false, maxLength: 1000 })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  cursor?: string;
}

export class ListBodiesQueryDto extends PageQueryDto {
  @ApiProperty({ enum: BodyKind, enumName: 'BodyKind', required: false })
  @IsOptional()
  @IsEnum(BodyKind)
  kind?: BodyKind;

  @ApiProperty({ enum: BodyStatus, enumName: 'BodyStatus', required: false })
  @IsOptional()
  @IsEnum(BodyStatus)
  status?: BodyStatus;

  /** Only the direct children of this body. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  parentId?: string;

  /** Only groups whose terms of reference associate them with this body. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  associatedBodyId?: string;

  /** Only bodies whose designation starts with this text (case-insensitive), e.g. `ISO/IEC JTC 1/`. */
  @ApiProperty({ required: false, maxLength: 200, example: 'ISO/IEC JTC 1/' })
  @IsOptional()
  @Length(1, 200)
  @Matches(NO_CONTROL_CHARS, { message: 'designationPrefix must not contain control characters' })
  @IsString()
  designationPrefix?: string;

  /** Case-insensitive text matched against designation and name. */
  @ApiProperty({ required: false, maxLength: 200, example: 'SC 42' })
  @IsOptional()
  @Trim()
  @Length(1, 200)
  @Matches(NO_CONTROL_CHARS, { message: 'q must not contain control characters' })
  @IsString()
  q?: string;

  /** Sort order; a leading `-` sorts descending. Default `designation`. */
  @ApiProperty({ enum: BodySort, enumName: 'BodySort', required: false, default: BodySort.Designation })
  @IsOptional()
  @IsEnum(BodySort)
  sort?: BodySort;
}

export class ListChildrenQueryDto extends PageQueryDto {}
