import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQueryDto } from '../../bodies/dto/list-bodies.query.dto.js';
import { NO_CONTROL_CHARS, Trim } from '../../common/validation/decorators.js';
import { DeliverableType, WorkItemStage } from '../work-item-enums.js';

export enum WorkItemSort {
  Reference = 'reference',
  ReferenceDesc = '-reference',
  CreatedAt = 'createdAt',
  CreatedAtDesc = '-createdAt',
  UpdatedAt = 'updatedAt',
  UpdatedAtDesc = '-updatedAt',
}

export class ListWorkItemsQueryDto extends PageQueryDto {
  /** Only the work items of this body. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  bodyId?: string;

  @ApiProperty({ enum: WorkItemStage, enumName: 'WorkItemStage', required: false })
  @IsOptional()
  @IsEnum(WorkItemStage)
  stage?: WorkItemStage;

  @ApiProperty({ enum: DeliverableType, enumName: 'DeliverableType', required: false })
  @IsOptional()
  @IsEnum(DeliverableType)
  deliverableType?: DeliverableType;

  /** Only the work items linked to this liaison. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  liaisonId?: string;

  /** Case-insensitive text matched against reference and title. */
  @ApiProperty({ required: false, maxLength: 200, example: 'MTS 103910' })
  @IsOptional()
  @Trim()
  @Length(1, 200)
  @Matches(NO_CONTROL_CHARS, { message: 'q must not contain control characters' })
  @IsString()
  q?: string;

  /** Sort order; a leading `-` sorts descending. Default `reference`. */
  @ApiProperty({ enum: WorkItemSort, enumName: 'WorkItemSort', required: false, default: WorkItemSort.Reference })
  @IsOptional()
  @IsEnum(WorkItemSort)
  sort?: WorkItemSort;
}
