/**
 * Turns validated request bodies into the service's model: defaults for a create, only the fields
 * sent for a PATCH. Nested objects are rebuilt field by field so no stray property reaches SQL.
 */
import type { CreateStatementDto } from './dto/create-statement.dto.js';
import type {
  StatementActionTakenInputDto,
  StatementApprovalInputDto,
  StatementAttachmentInputDto,
} from './dto/statement-parts.dto.js';
import type { UpdateStatementDto } from './dto/update-statement.dto.js';
import type {
  StatementActionTaken,
  StatementApproval,
  StatementAttachment,
  StatementDraft,
  StatementPatch,
} from './statement-model.js';

export const NO_ACTION_TAKEN: StatementActionTaken = { taken: false, on: null, note: null };

function approval(input: StatementApprovalInputDto | null): StatementApproval | null {
  return input === null ? null : { level: input.level, date: input.date ?? null };
}

function attachments(input: StatementAttachmentInputDto[]): StatementAttachment[] {
  return input.map((a) => ({ title: a.title, url: a.url }));
}

function actionTaken(input: StatementActionTakenInputDto): StatementActionTaken {
  return { taken: input.taken, on: input.on ?? null, note: input.note ?? null };
}

/** Related liaisons are a set; keeping them in id order makes a re-ordered list no change at all. */
function liaisonSet(ids: string[]): string[] {
  return [...ids].map((id) => id.toLowerCase()).sort();
}

function lower(ids: string[]): string[] {
  return ids.map((id) => id.toLowerCase());
}

/** PostgreSQL returns uuids in lower case: compare and store them that way. */
function lowerId(id: string): string;
function lowerId(id: string | null): string | null;
function lowerId(id: string | null): string | null {
  return id === null ? null : id.toLowerCase();
}

export function draftFromCreate(input: CreateStatementDto): StatementDraft {
  return {
    reference: input.reference,
    title: input.title,
    fromBodyId: lowerId(input.fromBodyId),
    toBodyIds: lower(input.toBodyIds),
    ccBodyIds: lower(input.ccBodyIds ?? []),
    purpose: input.purpose,
    deadline: input.deadline ?? null,
    inReplyToId: lowerId(input.inReplyToId ?? null),
    approval: approval(input.approval ?? null),
    sentOn: input.sentOn ?? null,
    contactIds: lower(input.contactIds ?? []),
    summary: input.summary ?? null,
    text: input.text ?? null,
    documentReferences: input.documentReferences ?? [],
    attachments: attachments(input.attachments ?? []),
    liaisonIds: liaisonSet(input.liaisonIds ?? []),
    actionTaken: input.actionTaken ? actionTaken(input.actionTaken) : NO_ACTION_TAKEN,
  };
}

export function patchFromUpdate(input: UpdateStatementDto): StatementPatch {
  const patch: StatementPatch = {};
  if (input.reference !== undefined) patch.reference = input.reference;
  if (input.title !== undefined) patch.title = input.title;
  if (input.fromBodyId !== undefined) patch.fromBodyId = lowerId(input.fromBodyId);
  if (input.toBodyIds !== undefined) patch.toBodyIds = lower(input.toBodyIds);
  if (input.ccBodyIds !== undefined) patch.ccBodyIds = lower(input.ccBodyIds);
  if (input.purpose !== undefined) patch.purpose = input.purpose;
  if (input.deadline !== undefined) patch.deadline = input.deadline;
  if (input.inReplyToId !== undefined) patch.inReplyToId = lowerId(input.inReplyToId);
  if (input.approval !== undefined) patch.approval = approval(input.approval);
  if (input.sentOn !== undefined) patch.sentOn = input.sentOn;
  if (input.contactIds !== undefined) patch.contactIds = lower(input.contactIds);
  if (input.summary !== undefined) patch.summary = input.summary;
  if (input.text !== undefined) patch.text = input.text;
  if (input.documentReferences !== undefined) patch.documentReferences = input.documentReferences;
  if (input.attachments !== undefined) patch.attachments = attachments(input.attachments);
  if (input.liaisonIds !== undefined) patch.liaisonIds = liaisonSet(input.liaisonIds);
  if (input.actionTaken !== undefined) patch.actionTaken = actionTaken(input.actionTaken);
  return patch;
}
