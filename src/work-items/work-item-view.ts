import type { WorkItemStage } from './work-item-enums.js';
import type { WorkItemEntity } from './work-item.entity.js';

export interface BodyRef {
  id: string;
  designation: string;
  name: string;
}

/** A work item with what its representation embeds: its body and the liaisons that share it. */
export interface WorkItemView extends WorkItemEntity {
  body: BodyRef;
  liaisonIds: string[];
}

/** One recorded state of a work item's stage and status wording. */
export interface WorkItemHistoryEntry {
  id: string;
  workItemId: string;
  stage: WorkItemStage;
  statusText: string | null;
  previousStage: WorkItemStage | null;
  previousStatusText: string | null;
  actor: string;
  changedAt: Date;
}
