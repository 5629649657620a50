/**
 * Rules of work items, free of Nest and TypeORM so they are unit-tested directly.
 */
import { WorkItemStage } from './work-item-enums.js';

/** The tracked state of a work item: what its history records. */
export interface TrackedState {
  stage: WorkItemStage;
  statusText: string | null;
}

/** The fields the date rules look at, as they will be stored (after a PATCH is applied). */
export interface WorkItemDates {
  stage: WorkItemStage;
  startedOn: string | null;
  targetDate: string | null;
  publishedOn: string | null;
}

export interface RuleViolation {
  field: string;
  message: string;
}

/**
 * Stages at which a publication date makes sense: the deliverable is out, or was out and has
 * since been withdrawn. A stopped item never reached publication.
 */
export const STAGES_WITH_PUBLICATION: ReadonlySet<WorkItemStage> = new Set([
  WorkItemStage.Published,
  WorkItemStage.Withdrawn,
]);

/** Every rule the dates of a work item break, in field order; empty when they are consistent. */
export function workItemDateViolations(item: WorkItemDates): RuleViolation[] {
  const violations: RuleViolation[] = [];
  // Dates are YYYY-MM-DD, so string comparison is date comparison.
  if (item.startedOn !== null && item.targetDate !== null && item.targetDate < item.startedOn) {
    violations.push({
      field: 'targetDate',
      message: `targetDate (${item.targetDate}) must not be before startedOn (${item.startedOn})`,
    });
  }
  if (item.publishedOn !== null) {
    if (item.startedOn !== null && item.publishedOn < item.startedOn) {
      violations.push({
        field: 'publishedOn',
        message: `publishedOn (${item.publishedOn}) must not be before startedOn (${item.startedOn})`,
      });
    }
    if (!STAGES_WITH_PUBLICATION.has(item.stage)) {
      violations.push({
        field: 'publishedOn',
        message: `publishedOn may only be set when the stage is published or withdrawn (stage is ${item.stage})`,
      });
    }
  }
  return violations;
}

/** True when a change moves the stage or the body's own status wording: such changes are recorded in the history. */
export function isTrackedChange(before: TrackedState, after: TrackedState): boolean {
  return before.stage !== after.stage || before.statusText !== after.statusText;
}
