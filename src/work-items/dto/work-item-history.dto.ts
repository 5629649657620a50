import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/pagination/page.js';
import { PageQueryDto } from '../../bodies/dto/list-bodies.query.dto.js';
import { WorkItemStage } from '../work-item-enums.js';
import type { WorkItemHistoryEntry } from '../work-item-view.js';

/** The creation of a work item or a change of its stage or status wording. */
export class WorkItemHistoryEntryDto {
  @ApiProperty({ format: 'uuid', example: 'c4a1e0b2-6d3f-4e5a-8b7c-9d0e1f2a3b4c' })
  id: string;

  /** Stage after the change. */
  @ApiProperty({ enum: WorkItemStage, enumName: 'WorkItemStage', example: WorkItemStage.StableDraft })
  stage: WorkItemStage;

  /** Status wording after the change. */
  @ApiProperty({ type: String, nullable: true, example: 'Stable draft approved 09/2025' })
  statusText: string | null;

  /** Stage before the change; null for the creation entry. */
  @ApiProperty({ enum: WorkItemStage, enumName: 'WorkItemStage', nullable: true, example: WorkItemStage.EarlyDraft })
  previousStage: WorkItemStage | null;

  /** Status wording before the change; null for the creation entry or when there was none. */
  @ApiProperty({ type: String, nullable: true, example: 'Work started 03/2024' })
  previousStatusText: string | null;

  /** Who made the change: the API key, as `key:<name>` (`seed` for the seed registry). */
  @ApiProperty({ example: 'key:etsi-mts-secretariat' })
  actor: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  changedAt: string;

  static from(entry: WorkItemHistoryEntry): WorkItemHistoryEntryDto {
    const dto = new WorkItemHistoryEntryDto();
    dto.id = entry.id;
    dto.stage = entry.stage;
    dto.statusText = entry.statusText;
    dto.previousStage = entry.previousStage;
    dto.previousStatusText = entry.previousStatusText;
    dto.actor = entry.actor;
    dto.changedAt = entry.changedAt.toISOString();
    return dto;
  }
}

/** One page of a work item's history, oldest first. */
export class WorkItemHistoryPageDto extends PageMetaDto {
  @ApiProperty({ type: [WorkItemHistoryEntryDto] })
  items: WorkItemHistoryEntryDto[];
}

export class ListWorkItemHistoryQueryDto extends PageQueryDto {}
