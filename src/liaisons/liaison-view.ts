import type { BodyKind } from '../bodies/body-kind.js';
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
}

export interface LiaisonExpert {
  contactId: string;
  nominatedOn: string | null;
  note: string | null;
}
