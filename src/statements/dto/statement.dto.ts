import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/pagination/page.js';
import type { StatementView } from '../statement-model.js';
import { StatementPurpose } from '../statement-purpose.js';

/** The sending body, embedded so a list reads without a second request. */
export class StatementBodySummaryDto {
  @ApiProperty({ format: 'uuid', example: '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10' })
  id: string;

  @ApiProperty({ example: 'ITU-T SG17' })
  designation: string;

  @ApiProperty({ example: 'Security' })
  name: string;
}

export class StatementApprovalDto {
  /** The approving level: a meeting, a plenary, a chair's approval. */
  @ApiProperty({ example: 'ITU-T SG17 meeting, Geneva, 8-17 April 2025' })
  level: string;

  /** Date of approval; null when unknown. */
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2025-04-17' })
  date: string | null;
}

export class StatementAttachmentDto {
  @ApiProperty({ example: 'Annex A: draft ToR of the Joint-CG-Trust' })
  title: string;

  @ApiProperty({ example: 'https://www.itu.int/md/T25-SG17-250408-TD-GEN-0028/en' })
  url: string;
}

export class StatementActionTakenDto {
  /** Whether the asked-for action was taken. */
  @ApiProperty({ example: false })
  taken: boolean;

  /** When it was taken. */
  @ApiProperty({ type: String, format: 'date', nullable: true, example: null })
  on: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  note: string | null;
}

/** A liaison statement: a letter from one body to others, for action, comment, information or in response. */
export class StatementDto {
  @ApiProperty({ format: 'uuid', example: '9d1c2b3a-4e5f-4a6b-8c7d-0e1f2a3b4c5d' })
  id: string;

  /** The statement's number as the sending body gives it; unique per sending body (case-insensitive). */
  @ApiProperty({ example: 'SG17-LS123' })
  reference: string;

  @ApiProperty({ example: 'LS on establishment of a Joint Correspondence Group on Trust (Joint-CG-Trust)' })
  title: string;

  /** The sending body. */
  @ApiProperty({ format: 'uuid', example: '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10' })
  fromBodyId: string;

  @ApiProperty({ type: () => StatementBodySummaryDto })
  from: StatementBodySummaryDto;

  /** The bodies addressed, in the order of the letter. */
  @ApiProperty({ type: [String], format: 'uuid', example: ['0f3c1a52-8d4e-4b8f-a0a5-1b2c3d4e5f60'] })
  toBodyIds: string[];

  /** Bodies in copy, in the order of the letter. */
  @ApiProperty({ type: [String], format: 'uuid', example: [] })
  ccBodyIds: string[];

  @ApiProperty({ enum: StatementPurpose, enumName: 'StatementPurpose', example: StatementPurpose.Action })
  purpose: StatementPurpose;

  /** Reply expected by this date; always set for `action` and `comment`. */
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2025-07-15' })
  deadline: string | null;

  /** True when the deadline is before today (UTC) and the action has not been recorded as taken. */
  @ApiProperty({ example: false })
  overdue: boolean;

  /** The statement this one answers (set for a `response`). */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null })
  inReplyToId: string | null;

  /** Statements that answer this one, oldest first (read-only). */
  @ApiProperty({ type: [String], format: 'uuid', example: [] })
  replyIds: string[];

  @ApiProperty({ type: () => StatementApprovalDto, nullable: true })
  approval: StatementApprovalDto | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2025-04-22' })
  sentOn: string | null;

  /** Contact persons, in the order of the letter. */
  @ApiProperty({ type: [String], format: 'uuid', example: [] })
  contactIds: string[];

  /** The abstract. */
  @ApiProperty({ type: String, nullable: true })
  summary: string | null;

  /** The body of the letter. */
  @ApiProperty({ type: String, nullable: true })
  text: string | null;

  /** Documents the statement cites. */
  @ApiProperty({ type: [String], example: ['SG17 TD28-GEN', 'WTSA-24 Action 8'] })
  documentReferences: string[];

  @ApiProperty({ type: () => [StatementAttachmentDto] })
  attachments: StatementAttachmentDto[];

  /** Related liaisons, in id order. */
  @ApiProperty({ type: [String], format: 'uuid', example: [] })
  liaisonIds: string[];

  @ApiProperty({ type: () => StatementActionTakenDto })
  actionTaken: StatementActionTakenDto;

  /** Incremented on every change. */
  @ApiProperty({ example: 1 })
  version: number;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  updatedAt: string;

  static from(view: StatementView): StatementDto {
    const dto = new StatementDto();
    dto.id = view.id;
    dto.reference = view.reference;
    dto.title = view.title;
    dto.fromBodyId = view.fromBodyId;
    dto.from = Object.assign(new StatementBodySummaryDto(), view.from);
    dto.toBodyIds = [...view.toBodyIds];
    dto.ccBodyIds = [...view.ccBodyIds];
    dto.purpose = view.purpose;
    dto.deadline = view.deadline;
    dto.overdue = view.overdue;
    dto.inReplyToId = view.inReplyToId;
    dto.replyIds = [...view.replyIds];
    dto.approval = view.approval && Object.assign(new StatementApprovalDto(), view.approval);
    dto.sentOn = view.sentOn;
    dto.contactIds = [...view.contactIds];
    dto.summary = view.summary;
    dto.text = view.text;
    dto.documentReferences = [...view.documentReferences];
    dto.attachments = view.attachments.map((a) => Object.assign(new StatementAttachmentDto(), a));
    dto.liaisonIds = [...view.liaisonIds];
    dto.actionTaken = Object.assign(new StatementActionTakenDto(), view.actionTaken);
    dto.version = view.version;
    dto.createdAt = view.createdAt.toISOString();
    dto.updatedAt = view.updatedAt.toISOString();
    return dto;
  }
}

/** One page of statements. */
export class StatementPageDto extends PageMetaDto {
  @ApiProperty({ type: [StatementDto] })
  items: StatementDto[];
}
