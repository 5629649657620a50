import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/pagination/page.js';
import { DeliverableType, WorkItemStage } from '../work-item-enums.js';
import type { WorkItemView } from '../work-item-view.js';
import { BodyRefDto } from './body-ref.dto.js';

/** A work item of a body (a deliverable in preparation), with the liaisons for which it is of mutual interest. */
export class WorkItemDto {
  /** Identifier of the work item. */
  @ApiProperty({ format: 'uuid', example: '9d1f5a8e-2b7c-4e3d-8f6a-0c1b2d3e4f50' })
  id: string;

  /** The body that owns the work item. */
  @ApiProperty({ format: 'uuid', example: '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10' })
  bodyId: string;

  /** The owning body, embedded. */
  @ApiProperty({ type: BodyRefDto })
  body: BodyRefDto;

  /** The body's own reference; unique within the body (case-insensitive). */
  @ApiProperty({ example: 'DTR/MTS 103910' })
  reference: string;

  /** Title of the deliverable. */
  @ApiProperty({ example: 'AI Testing Test Methodology and Test Specification for AI-enabled Systems' })
  title: string;

  @ApiProperty({ enum: DeliverableType, enumName: 'DeliverableType', example: DeliverableType.EtsiTr })
  deliverableType: DeliverableType;

  @ApiProperty({ enum: WorkItemStage, enumName: 'WorkItemStage', example: WorkItemStage.EarlyDraft })
  stage: WorkItemStage;

  /** The body's own wording of the status. */
  @ApiProperty({ type: String, nullable: true, example: 'Work started 03/2024' })
  statusText: string | null;

  /** When work started. */
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2024-03-01' })
  startedOn: string | null;

  /** Planned completion date. */
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-06-30' })
  targetDate: string | null;

  /** Publication date (published or withdrawn deliverables only). */
  @ApiProperty({ type: String, format: 'date', nullable: true, example: null })
  publishedOn: string | null;

  /** Liaisons for which the work item is of mutual interest (maintained on the liaison), oldest liaison first. */
  @ApiProperty({ type: [String], format: 'uuid', example: ['3c9e2f1a-7b6d-4a5c-9e8f-1a2b3c4d5e6f'] })
  liaisonIds: string[];

  /** Incremented on every change. */
  @ApiProperty({ example: 1 })
  version: number;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  updatedAt: string;

  static from(view: WorkItemView): WorkItemDto {
    const dto = new WorkItemDto();
    dto.id = view.id;
    dto.bodyId = view.bodyId;
    dto.body = BodyRefDto.from(view.body);
    dto.reference = view.reference;
    dto.title = view.title;
    dto.deliverableType = view.deliverableType;
    dto.stage = view.stage;
    dto.statusText = view.statusText;
    dto.startedOn = view.startedOn;
    dto.targetDate = view.targetDate;
    dto.publishedOn = view.publishedOn;
    dto.liaisonIds = [...view.liaisonIds];
    dto.version = view.version;
    dto.createdAt = view.createdAt.toISOString();
    dto.updatedAt = view.updatedAt.toISOString();
    return dto;
  }
}

/** One page of work items. */
export class WorkItemPageDto extends PageMetaDto {
  @ApiProperty({ type: [WorkItemDto] })
  items: WorkItemDto[];
}
