import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/pagination/page.js';
import { PageQueryDto } from '../../bodies/dto/list-bodies.query.dto.js';
import { LiaisonStatus } from '../liaison-enums.js';
import { LiaisonRecordAction, type HistoryEntry } from '../liaison-history.js';
import { ELIGIBILITY_CRITERIA, LiaisonAction } from '../lifecycle.js';

/** What a history entry records: a step of the procedure, or a change to the record itself. */
export type LiaisonHistoryAction = LiaisonAction | LiaisonRecordAction;
const HISTORY_ACTIONS: readonly LiaisonHistoryAction[] = [
  ...Object.values(LiaisonRecordAction),
  ...Object.values(LiaisonAction),
];

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

/** One criterion of a recorded eligibility checklist. */
export class EligibilityCriterionRecordDto {
  @ApiProperty({ example: true })
  met: boolean;

  @ApiProperty({ type: String, nullable: true, example: 'ETSI is a non-profit association.' })
  note: string | null;
}

/** The eligibility checklist a recordEligibility entry recorded, and whether it passed (all four criteria met). */
export class EligibilityRecordDto {
  @ApiProperty({ example: true })
  passed: boolean;

  /** The organization is a not-for-profit legal entity. */
  @ApiProperty({ type: EligibilityCriterionRecordDto })
  notForProfitLegalEntity: EligibilityCriterionRecordDto;

  /** Membership is open worldwide or broadly regional. */
  @ApiProperty({ type: EligibilityCriterionRecordDto })
  openMembership: EligibilityCriterionRecordDto;

  /** It has competence and expertise relevant to the committee's work. */
  @ApiProperty({ type: EligibilityCriterionRecordDto })
  relevantCompetence: EligibilityCriterionRecordDto;

  /** It works by a process of stakeholder consensus. */
  @ApiProperty({ type: EligibilityCriterionRecordDto })
  consensusProcess: EligibilityCriterionRecordDto;

  static from(recorded: Record<string, unknown>): EligibilityRecordDto {
    const dto = new EligibilityRecordDto();
    dto.passed = recorded.passed === true;
    for (const criterion of ELIGIBILITY_CRITERIA) {
      const value = (recorded[criterion] ?? {}) as { met?: boolean; note?: string | null };
      dto[criterion] = { met: value.met === true, note: value.note ?? null };
    }
    return dto;
  }
}

/**
 * The ballot an openBallot or recordBallot entry recorded. openBallot records the reference and the opening day
 * (the other fields are null); recordBallot adds the closing day, the votes and the result the registry computed.
 */
export class BallotRecordDto {
  /** The ballot's reference, as openBallot named it. */
  @ApiProperty({ type: String, nullable: true, example: 'ISO/IEC JTC 1/SC 42 N 1234' })
  reference: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-02-01' })
  openedOn: string | null;

  /** recordBallot: the day the ballot closed. */
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-03-30' })
  closedOn: string | null;

  /** recordBallot: P-members voting to approve. */
  @ApiProperty({ type: 'integer', nullable: true, minimum: 0, maximum: 10000, example: 14 })
  approve: number | null;

  /** recordBallot: P-members voting to disapprove. */
  @ApiProperty({ type: 'integer', nullable: true, minimum: 0, maximum: 10000, example: 6 })
  disapprove: number | null;

  /** recordBallot: P-members abstaining (not counted in the result). */
  @ApiProperty({ type: 'integer', nullable: true, minimum: 0, maximum: 10000, example: 5 })
  abstain: number | null;

  /** recordBallot: approved when approve ≥ two thirds of approve + disapprove, with at least one such vote. */
  @ApiProperty({ type: Boolean, nullable: true, example: true })
  approved: boolean | null;

  /** recordBallot: approve / (approve + disapprove); null when nobody voted for or against. */
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, example: 0.7 })
  approvalRatio: number | null;

  /** recordBallot: approve + disapprove + abstain. */
  @ApiProperty({ type: 'integer', nullable: true, minimum: 0, maximum: 30000, example: 25 })
  votesCast: number | null;

  static from(recorded: Record<string, unknown>): BallotRecordDto {
    const pick = <T>(key: string): T | null => (recorded[key] ?? null) as T | null;
    const dto = new BallotRecordDto();
    dto.reference = pick<string>('reference');
    dto.openedOn = pick<string>('openedOn');
    dto.closedOn = pick<string>('closedOn');
    dto.approve = pick<number>('approve');
    dto.disapprove = pick<number>('disapprove');
    dto.abstain = pick<number>('abstain');
    dto.approved = pick<boolean>('approved');
    dto.approvalRatio = pick<number>('approvalRatio');
    dto.votesCast = pick<number>('votesCast');
    return dto;
  }
}

/** One entry of a liaison's history. */
export class LiaisonHistoryEntryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  /**
   * What a liaison history entry records: a step of the procedure (`submitForEligibility`, `recordBallot`, ...) or a
   * change to the record itself: `create` (one whose toStatus is not `proposed` is a relationship an admin key
   * recorded as existing, as its reason says), `update`, `addExpert`, `removeExpert`, `delete` (a proposed liaison
   * deleted as a mistake: the last entry, with toStatus the status it had).
   */
  @ApiProperty({
    enum: HISTORY_ACTIONS,
    enumName: 'LiaisonHistoryAction',
    example: LiaisonAction.RecordBallot,
  })
  action: LiaisonHistoryAction;

  @ApiProperty({ enum: LiaisonStatus, enumName: 'LiaisonStatus', nullable: true, example: LiaisonStatus.Balloting })
  fromStatus: LiaisonStatus | null;

  @ApiProperty({ enum: LiaisonStatus, enumName: 'LiaisonStatus', example: LiaisonStatus.Approved })
  toStatus: LiaisonStatus;

  @ApiProperty({ type: String, nullable: true, example: 'Ballot closed.' })
  reason: string | null;

  /** Who made the change. */
  @ApiProperty({ example: 'anonymous' })
  actor: string;

  /**
   * The day the step took effect: the `date` sent with the transition (openBallot: the day the ballot opened,
   * recordBallot: the day it closed), by default the day it was recorded (UTC). `create`: the liaison's proposedOn
   * for a new proposal (when given); addExpert: the nomination day (when given). Lifecycle steps are in date
   * order: none precedes the one before it.
   */
  @ApiProperty({ type: String, format: 'date', example: '2026-03-30' })
  effectiveOn: string;

  /** When the entry was recorded (wall clock). */
  @ApiProperty({ format: 'date-time' })
  occurredAt: string;

  /** Fields changed by an edit (`update` entries). */
  @ApiProperty({ type: [FieldChangeDto], nullable: true })
  changes: FieldChangeDto[] | null;

  /** The checklist a recordEligibility entry recorded, with `passed`. */
  @ApiProperty({ type: EligibilityRecordDto, nullable: true })
  eligibility: EligibilityRecordDto | null;

  /** The ballot an openBallot or recordBallot entry recorded, with the computed result. */
  @ApiProperty({ type: BallotRecordDto, nullable: true })
  ballot: BallotRecordDto | null;

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
    dto.action = entry.action as LiaisonHistoryAction;
    dto.fromStatus = entry.fromStatus;
    dto.toStatus = entry.toStatus;
    dto.reason = entry.reason;
    dto.actor = entry.actor;
    dto.effectiveOn = entry.effectiveOn;
    dto.occurredAt = entry.occurredAt.toISOString();
    dto.changes = entry.details.changes ?? null;
    dto.eligibility = entry.details.eligibility ? EligibilityRecordDto.from(entry.details.eligibility) : null;
    dto.ballot = entry.details.ballot ? BallotRecordDto.from(entry.details.ballot) : null;
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
