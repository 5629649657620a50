import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/pagination/page.js';
import { PageQueryDto } from '../../bodies/dto/list-bodies.query.dto.js';
import { LiaisonStatus } from '../liaison-enums.js';
import type { HistoryEntry } from '../liaison-history.js';

/** Any JSON value (a field of any type, or null). */
const JSON_VALUE = [
  { type: 'string' },
  { type: 'number' },
  { type: 'boolean' },
  { type: 'array', items: {} },
  { type: 'object' },
  { type: 'null' },
];

export class FieldChangeDto {
  @ApiProperty({ example: 'rationale' })
  field: string;

  /** The value before the change (any JSON value). */
  @ApiProperty({ anyOf: JSON_VALUE, example: 'Old text' })
  from: unknown;

  /** The value after the change (any JSON value). */
  @ApiProperty({ anyOf: JSON_VALUE, example: 'New text' })
  to: unknown;
}

/** One entry of a liaison's history. */
export class LiaisonHistoryEntryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  /**
   * What happened: a lifecycle action (`submitForEligibility`, `recordBallot`, ...) or `create`, `update`,
   * `addExpert`, `removeExpert`.
   */
  @ApiProperty({ example: 'recordBallot' })
  action: string;

  @ApiProperty({ enum: LiaisonStatus, enumName: 'LiaisonStatus', nullable: true, example: LiaisonStatus.Balloting })
  fromStatus: LiaisonStatus | null;

  @ApiProperty({ enum: LiaisonStatus, enumName: 'LiaisonStatus', example: LiaisonStatus.Approved })
  toStatus: LiaisonStatus;

  @ApiProperty({ type: String, nullable: true, example: 'Ballot closed.' })
  reason: string | null;

  /** Who made the change. */
  @ApiProperty({ example: 'anonymous' })
  actor: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt: string;

  /** Fields changed by an edit (`update` entries). */
  @ApiProperty({ type: [FieldChangeDto], nullable: true })
  changes: FieldChangeDto[] | null;

  /** The checklist a recordEligibility entry recorded, with `passed`. */
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { passed: true, notForProfitLegalEntity: { met: true, note: null } },
  })
  eligibility: Record<string, unknown> | null;

  /** The ballot an openBallot or recordBallot entry recorded, with the computed result. */
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { reference: 'N 1234', approve: 14, disapprove: 6, abstain: 5, approved: true, approvalRatio: 0.7 },
  })
  ballot: Record<string, unknown> | null;

  /** Dates the step set on the liaison (approvedOn, nextReviewDue, ...). */
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: ['string', 'null'] },
    nullable: true,
    example: { approvedOn: '2026-03-30', nextReviewDue: '2028-03-30' },
  })
  dates: Record<string, string | null> | null;

  /** The expert an addExpert or removeExpert entry concerns. */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, example: null })
  expert: Record<string, unknown> | null;

  static from(entry: HistoryEntry): LiaisonHistoryEntryDto {
    const dto = new LiaisonHistoryEntryDto();
    dto.id = entry.id;
    dto.action = entry.action;
    dto.fromStatus = entry.fromStatus;
    dto.toStatus = entry.toStatus;
    dto.reason = entry.reason;
    dto.actor = entry.actor;
    dto.occurredAt = entry.occurredAt.toISOString();
    dto.changes = entry.details.changes ?? null;
    dto.eligibility = entry.details.eligibility ?? null;
    dto.ballot = entry.details.ballot ?? null;
    dto.dates = entry.details.dates ?? null;
    dto.expert = entry.details.expert ?? null;
    return dto;
  }
}

export class LiaisonHistoryPageDto extends PageMetaDto {
  @ApiProperty({ type: [LiaisonHistoryEntryDto] })
  items: LiaisonHistoryEntryDto[];
}

/** Page through a liaison's history (oldest first). */
export class ListLiaisonHistoryQueryDto extends PageQueryDto {}
