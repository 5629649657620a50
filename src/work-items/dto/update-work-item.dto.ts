import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsString, IsUUID, Length, Matches } from 'class-validator';
import {
  IsOptionalNotNull,
  IsOptionalNullable,
  NO_CONTROL_CHARS,
  NormalizeSpaces,
} from '../../common/validation/decorators.js';
import { DeliverableType, WorkItemStage } from '../work-item-enums.js';
import { IsDateOnly } from './date-only.js';

/**
 * Fields to change; absent fields stay as they are, `null` clears a nullable field. A change of
 * `stage` or `statusText` is recorded in the work item's history.
 */
export class UpdateWorkItemDto {
  /** Moves the work item to another body (must exist; the reference must be free there). */
  @ApiProperty({ format: 'uuid', required: false, example: '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10' })
  @IsOptionalNotNull()
  @IsUUID('all')
  bodyId?: string;

  @ApiProperty({ required: false, minLength: 1, maxLength: 100, example: 'DTR/MTS 103910' })
  @IsOptionalNotNull()
  @NormalizeSpaces()
  @Length(1, 100)
  @Matches(NO_CONTROL_CHARS, { message: 'reference must not contain control characters' })
  @IsString()
  reference?: string;

  @ApiProperty({
    required: false,
    minLength: 1,
    maxLength: 500,
    example: 'AI Testing Test Methodology and Test Specification for AI-enabled Systems',
  })
  @IsOptionalNotNull()
  @NormalizeSpaces()
  @Length(1, 500)
  @Matches(NO_CONTROL_CHARS, { message: 'title must not contain control characters' })
  @IsString()
  title?: string;

  @ApiProperty({ enum: DeliverableType, enumName: 'DeliverableType', required: false })
  @IsOptionalNotNull()
  @IsEnum(DeliverableType)
  deliverableType?: DeliverableType;

  @ApiProperty({ enum: WorkItemStage, enumName: 'WorkItemStage', required: false, example: WorkItemStage.StableDraft })
  @IsOptionalNotNull()
  @IsEnum(WorkItemStage)
  stage?: WorkItemStage;

  @ApiProperty({ type: String, required: false, nullable: true, maxLength: 200, example: 'Stable draft 09/2025' })
  @IsOptionalNullable()
  @NormalizeSpaces()
  @Length(1, 200)
  @Matches(NO_CONTROL_CHARS, { message: 'statusText must not contain control characters' })
  @IsString()
  statusText?: string | null;

  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: '2024-03-01' })
  @IsOptionalNullable()
  @IsDateOnly()
  startedOn?: string | null;

  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: '2026-06-30' })
  @IsOptionalNullable()
  @IsDateOnly()
  targetDate?: string | null;

  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: '2026-09-15' })
  @IsOptionalNullable()
  @IsDateOnly()
  publishedOn?: string | null;
}
