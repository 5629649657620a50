import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Trim } from '../../common/validation/decorators.js';
import { LiaisonAction } from '../lifecycle.js';
import { IsDateOnly, NO_CONTROL_CHARS_EXCEPT_NEWLINES } from './liaison-validation.js';

/** One criterion of the eligibility checklist. */
export class EligibilityCriterionDto {
  @ApiProperty({ example: true })
  @IsBoolean()
  met: boolean;

  @ApiProperty({
    type: String,
    required: false,
    nullable: true,
    maxLength: 1000,
    example: 'ETSI is a non-profit association.',
  })
  @IsOptional()
  @Length(1, 1000)
  @Matches(NO_CONTROL_CHARS_EXCEPT_NEWLINES, { message: 'note must not contain control characters' })
  @IsString()
  note?: string | null;
}

/**
 * The eligibility checklist of ISO/IEC Directives Part 1 for Category A (and B) liaisons. It passes only
 * when all four criteria are met.
 */
export class EligibilityChecklistDto {
  /** The organization is a not-for-profit legal entity. */
  @ApiProperty({ type: EligibilityCriterionDto })
  @ValidateNested()
  @Type(() => EligibilityCriterionDto)
  @IsObject()
  notForProfitLegalEntity: EligibilityCriterionDto;

  /** Membership is open worldwide or broadly regional. */
  @ApiProperty({ type: EligibilityCriterionDto })
  @ValidateNested()
  @Type(() => EligibilityCriterionDto)
  @IsObject()
  openMembership: EligibilityCriterionDto;

  /** It has competence and expertise relevant to the committee's work. */
  @ApiProperty({ type: EligibilityCriterionDto })
  @ValidateNested()
  @Type(() => EligibilityCriterionDto)
  @IsObject()
  relevantCompetence: EligibilityCriterionDto;

  /** It works by a process of stakeholder consensus. */
  @ApiProperty({ type: EligibilityCriterionDto })
  @ValidateNested()
  @Type(() => EligibilityCriterionDto)
  @IsObject()
  consensusProcess: EligibilityCriterionDto;
}

/**
 * A ballot of the committee's P-members: openBallot names it (reference, opening day); recordBallot adds the
 * closing day and the votes of that ballot. A ballot re-run after a failed one is opened anew, with its own
 * reference.
 */
export class BallotInputDto {
  /**
   * The ballot's reference, e.g. "ISO/IEC JTC 1/SC 42 N 1234". Required by openBallot; recordBallot takes the one
   * openBallot recorded (a different one is 422).
   */
  @ApiProperty({ required: false, maxLength: 100, example: 'ISO/IEC JTC 1/SC 42 N 1234' })
  @IsOptional()
  @Trim()
  @Length(1, 100)
  @Matches(NO_CONTROL_CHARS_EXCEPT_NEWLINES, { message: 'reference must not contain control characters' })
  @IsString()
  reference?: string;

  /**
   * openBallot: the day the ballot opened (default `date`, else today). recordBallot takes the one openBallot
   * recorded (a different one is 422).
   */
  @ApiProperty({ required: false, format: 'date', example: '2026-01-05' })
  @IsOptional()
  @IsDateOnly()
  openedOn?: string;

  /** recordBallot: the day the ballot closed (default `date`, else today); not before it opened (422). */
  @ApiProperty({ required: false, format: 'date', example: '2026-03-30' })
  @IsOptional()
  @IsDateOnly()
  closedOn?: string;

  /** P-members voting to approve (recordBallot). */
  @ApiProperty({ type: 'integer', required: false, minimum: 0, maximum: 10000, example: 14 })
  @IsOptional()
  @Min(0)
  @Max(10000)
  @IsInt()
  approve?: number;

  /** P-members voting to disapprove (recordBallot). */
  @ApiProperty({ type: 'integer', required: false, minimum: 0, maximum: 10000, example: 6 })
  @IsOptional()
  @Min(0)
  @Max(10000)
  @IsInt()
  disapprove?: number;

  /** P-members abstaining (recordBallot); not counted in the result. */
  @ApiProperty({ type: 'integer', required: false, minimum: 0, maximum: 10000, example: 5 })
  @IsOptional()
  @Min(0)
  @Max(10000)
  @IsInt()
  abstain?: number;
}

/**
 * A step of the liaison procedure. `reason` is required to reject, suspend or withdraw. `date` is when the
 * step took effect (default: today, UTC), kept in the history as `effectiveOn`. recordEligibility needs
 * `eligibility`; openBallot needs `ballot.reference`; recordBallot needs the approve, disapprove and abstain counts
 * of the ballot openBallot opened.
 */
export class TransitionLiaisonDto {
  @ApiProperty({ enum: LiaisonAction, enumName: 'LiaisonAction', example: LiaisonAction.SubmitForEligibility })
  @IsEnum(LiaisonAction)
  action: LiaisonAction;

  /** Why; kept in the history. Required for reject, suspend and withdraw. */
  @ApiProperty({ required: false, maxLength: 2000, example: 'Proposal received from ETSI TC MTS.' })
  @IsOptional()
  @Trim()
  @Length(1, 2000)
  @Matches(NO_CONTROL_CHARS_EXCEPT_NEWLINES, { message: 'reason must not contain control characters' })
  @IsString()
  reason?: string;

  /**
   * When the step took effect (`YYYY-MM-DD`); default today (UTC). Recorded as the history entry's `effectiveOn`.
   * Not before the procedure so far: the proposal, the approval, the establishment, the last completed review and
   * the previous step (422). For openBallot and recordBallot, `ballot.openedOn` / `ballot.closedOn` may give it
   * instead (both sent must agree).
   */
  @ApiProperty({ required: false, format: 'date', example: '2026-04-01' })
  @IsOptional()
  @IsDateOnly()
  date?: string;

  @ApiProperty({ type: EligibilityChecklistDto, required: false })
  @IsOptional()
  @ValidateNested()
  @Type(() => EligibilityChecklistDto)
  @IsObject()
  eligibility?: EligibilityChecklistDto;

  @ApiProperty({ type: BallotInputDto, required: false })
  @IsOptional()
  @ValidateNested()
  @Type(() => BallotInputDto)
  @IsObject()
  ballot?: BallotInputDto;

  /**
   * recordBallot only: keep a failed ballot's liaison in `balloting` instead of rejecting it; the re-run starts
   * with a new openBallot (its own reference and opening day).
   */
  @ApiProperty({ required: false, default: false })
  @IsOptional()
  @IsBoolean()
  reopenOnFailure?: boolean;
}

/** An expert nominated by the partner to an active Category A liaison. */
export class AddLiaisonExpertDto {
  @ApiProperty({ format: 'uuid' })
  @Matches(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
    message: 'contactId must be a UUID',
  })
  @IsString()
  contactId: string;

  @ApiProperty({ required: false, format: 'date', example: '2026-05-01' })
  @IsOptional()
  @IsDateOnly()
  nominatedOn?: string;

  @ApiProperty({ required: false, maxLength: 1000 })
  @IsOptional()
  @Trim()
  @Length(1, 1000)
  @Matches(NO_CONTROL_CHARS_EXCEPT_NEWLINES, { message: 'note must not contain control characters' })
  @IsString()
  note?: string;
}
