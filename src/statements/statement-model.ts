/**
 * The shape of a liaison statement as the service works with it, free of Nest and TypeORM so the
 * merge and comparison used by PATCH are unit-tested directly. Dates are `YYYY-MM-DD` strings.
 */
import { versionTag } from '../common/http/etag.js';
import type { StatementPurpose } from './statement-purpose.js';

export interface StatementApproval {
  /** Who approved it, e.g. "ITU-T SG17 meeting, Geneva, 8-17 April 2025". */
  level: string;
  date: string | null;
}

export interface StatementAttachment {
  title: string;
  url: string;
}

export interface StatementActionTaken {
  taken: boolean;
  on: string | null;
  note: string | null;
}

/** Everything a client writes: the statement row plus its join-table lists. */
export interface StatementDraft {
  reference: string;
  title: string;
  fromBodyId: string;
  toBodyIds: string[];
  ccBodyIds: string[];
  purpose: StatementPurpose;
  deadline: string | null;
  inReplyToId: string | null;
  approval: StatementApproval | null;
  sentOn: string | null;
  contactIds: string[];
  summary: string | null;
  text: string | null;
  documentReferences: string[];
  attachments: StatementAttachment[];
  liaisonIds: string[];
  actionTaken: StatementActionTaken;
}

/** A PATCH: absent (undefined) fields stay as they are; lists and objects are replaced whole. */
export type StatementPatch = Partial<StatementDraft>;

/** What the API returns: the draft plus identity, read-only and computed fields. */
export interface StatementView extends StatementDraft {
  id: string;
  from: { id: string; designation: string; name: string };
  replyIds: string[];
  overdue: boolean;
  /** Version of the sender's row, whose designation and name the representation shows (for the ETag). */
  fromVersion: number;
  /** The day (`YYYY-MM-DD`, UTC) `overdue` was computed for. */
  asOf: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The ETag of a statement: its version, its sender's version, the statements replying to it, and the day. */
export function statementTag(view: Pick<StatementView, 'version' | 'fromVersion' | 'replyIds' | 'asOf'>): string {
  return versionTag(view.version, [view.fromVersion, view.replyIds, view.asOf]);
}

export const DRAFT_FIELDS = [
  'reference',
  'title',
  'fromBodyId',
  'toBodyIds',
  'ccBodyIds',
  'purpose',
  'deadline',
  'inReplyToId',
  'approval',
  'sentOn',
  'contactIds',
  'summary',
  'text',
  'documentReferences',
  'attachments',
  'liaisonIds',
  'actionTaken',
] as const satisfies readonly (keyof StatementDraft)[];

export type DraftField = (typeof DRAFT_FIELDS)[number];

/** The draft part of a view (drops id, embeds and computed fields). */
export function draftOf(view: StatementDraft): StatementDraft {
  const draft = {} as Record<DraftField, unknown>;
  for (const field of DRAFT_FIELDS) draft[field] = view[field];
  return draft as unknown as StatementDraft;
}

/** The record a PATCH would leave: fields present in the patch replace the current ones. */
export function mergeDraft(current: StatementDraft, patch: StatementPatch): StatementDraft {
  const merged = draftOf(current) as unknown as Record<DraftField, unknown>;
  for (const field of DRAFT_FIELDS) {
    if (patch[field] !== undefined) merged[field] = patch[field];
  }
  return merged as unknown as StatementDraft;
}

/** Fields whose value differs between two drafts (lists compared in order, references case-sensitively). */
export function changedFields(before: StatementDraft, after: StatementDraft): Set<DraftField> {
  const changed = new Set<DraftField>();
  for (const field of DRAFT_FIELDS) {
    if (canonical(before[field]) !== canonical(after[field])) changed.add(field);
  }
  return changed;
}

/** JSON with object keys sorted, so `{ a, b }` and `{ b, a }` compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
