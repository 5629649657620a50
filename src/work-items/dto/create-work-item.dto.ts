import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsOptionalNullable, NO_CONTROL_CHARS, NormalizeSpaces } from '../../common/validation/decorators.js';
import { DeliverableType, WorkItemStage } from '../work-item-enums.js';
import { IsDateOnly } from './date-only.js';

export class CreateWorkItemDto {
  /** The body that owns the work item (must exist). */
  @ApiProperty({ format: 'uuid', example: '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10' })
  @IsUUID('all')
  bodyId: string;

  /** The body's own reference, unique within the body (case-insensitive); spaces are normalised. */
  @ApiProperty({ example: 'DTR/MTS 103910', minLength: 1, maxLength: 100 })
  @NormalizeSpaces()
  @Length(1, 100)
  @Matches(NO_CONTROL_CHARS, { message: 'reference must not contain control characters' })
  @IsString()
  reference: string;

  /** Title of the deliverable; spaces are normalised. */
  @ApiProperty({
    example: 'AI Testing Test Methodology and Test Specification for AI-enabled Systems',
    minLength: 1,
    maxLength: 500,
  })
  @NormalizeSpaces()
  @Length(1, 500)
  @Matches(NO_CONTROL_CHARS, { message: 'title must not contain control characters' })
  @IsString()
  title: string;

  @ApiProperty({ enum: DeliverableType, enumName: 'DeliverableType', example: DeliverableType.EtsiTr })
  @IsEnum(DeliverableType)
  deliverableType: DeliverableType;

  /** Defaults to `proposed`. */
  @ApiProperty({ enum: WorkItemStage, enumName: 'WorkItemStage', required: false, example: WorkItemStage.EarlyDraft })
  @IsOptional()
  @IsEnum(WorkItemStage)
  stage?: WorkItemStage;

  /** The body's own wording of the status. */
  @ApiProperty({ type: String, required: false, nullable: true, maxLength: 200, example: 'Work started 03/2024' })
  @IsOptionalNullable()
  @NormalizeSpaces()
  @Length(1, 200)
  @Matches(NO_CONTROL_CHARS, { message: 'statusText must not contain control characters' })
  @IsString()
  statusText?: string | null;

  /** When work started. */
  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: '2024-03-01' })
  @IsOptionalNullable()
  @IsDateOnly()
  startedOn?: string | null;

  /** Planned completion date; not before `startedOn`. */
  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: '2026-06-30' })
  @IsOptionalNullable()
  @IsDateOnly()
  targetDate?: string | null;

  /** Publication date; only with stage `published` or `withdrawn`, not before `startedOn`. */
  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: null })
  @IsOptionalNullable()
  @IsDateOnly()
  publishedOn?: string | null;
}
