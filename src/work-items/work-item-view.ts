import { versionTag } from '../common/http/etag.js';
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
  /** Version of the body row, whose designation and name the representation shows (for the ETag). */
  bodyVersion: number;
}

/** The ETag of a work item: its version, its body's version and the liaisons that share it. */
export function workItemTag(item: Pick<WorkItemView, 'version' | 'bodyVersion' | 'liaisonIds'>): string {
  return versionTag(item.version, [item.bodyVersion, item.liaisonIds]);
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
