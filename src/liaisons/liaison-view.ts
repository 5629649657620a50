import type { BodyKind } from '../bodies/body-kind.js';
import { versionTag } from '../common/http/etag.js';
import type { LiaisonWarning } from './liaison-rules.js';
import type { LiaisonAction } from './lifecycle.js';
import type { LiaisonEntity } from './liaison.entity.js';

/** The committee or the partner of a liaison, as embedded in responses. */
export interface LiaisonBodySummary {
  id: string;
  designation: string;
  name: string;
  kind: BodyKind;
}

/** A liaison with everything a response shows: its row, both bodies, its ordered lists and its warnings. */
export interface LiaisonView {
  liaison: LiaisonEntity;
  committee: LiaisonBodySummary;
  partner: LiaisonBodySummary;
  representativeIds: string[];
  workItemIds: string[];
  warnings: LiaisonWarning[];
  /** Transitions the liaison's category and state allow now. */
  allowedActions: LiaisonAction[];
  /** Experts nominated by the partner (active Category A liaisons). */
  experts: LiaisonExpert[];
  /** Versions of the committee and partner rows, whose summaries the representation shows (for the ETag). */
  bodyVersions: LiaisonBodyVersions;
  /** The day (`YYYY-MM-DD`, UTC) the warnings were computed for. */
  asOf: string;
}

export interface LiaisonBodyVersions {
  committee: number;
  partner: number;
}

/**
 * The ETag of a liaison: its version, plus what else its representation depends on — the summaries of its two
 * bodies and the day (warnings such as an overdue review change with the date).
 */
export function liaisonTag(version: number, bodies: LiaisonBodyVersions, asOf: string): string {
  return versionTag(version, [bodies.committee, bodies.partner, asOf]);
}

export interface LiaisonExpert {
  contactId: string;
  nominatedOn: string | null;
  note: string | null;
}
