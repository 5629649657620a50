import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Page } from '../common/pagination/page.js';
import { ProblemError, problems } from '../common/problem/problem.js';
import type { AddLiaisonExpertDto, TransitionLiaisonDto } from './dto/transition.dto.js';
import { LiaisonDto } from './dto/liaison.dto.js';
import { recordChange } from '../changes/change-feed.js';
import { concernedBodies } from '../changes/concerned-bodies.js';
import { checkVersion, type WriteContext } from '../common/http/write-context.js';
import { LiaisonCategory, LiaisonStatus } from './liaison-enums.js';
import {
  appendHistory,
  hasHistory,
  LiaisonRecordAction,
  listHistory,
  procedureSoFar,
  type HistoryDetails,
  type HistoryEntry,
} from './liaison-history.js';
import { addYears, isoDay } from './liaison-rules.js';
import { stepDateOutOfOrder } from './liaison-problems.js';
import { stepDateViolation, type StepDateBounds } from './step-dates.js';
import type { LiaisonView } from './liaison-view.js';
import { LiaisonEntity } from './liaison.entity.js';
import { LiaisonsRepository } from './liaisons.repository.js';
import {
  allowedActions,
  ballotResult,
  ELIGIBILITY_CRITERIA,
  eligibilityPassed,
  LiaisonAction,
  nextStatus,
  REVIEW_INTERVAL_YEARS,
} from './lifecycle.js';

/** Actions that must say why. */
const NEEDS_REASON: readonly LiaisonAction[] = [LiaisonAction.Reject, LiaisonAction.Suspend, LiaisonAction.Withdraw];

type DateColumns = Pick<LiaisonEntity, 'approvedOn' | 'establishedOn' | 'lastReviewedOn' | 'nextReviewDue'>;

/**
 * The day a ballot step takes effect: `ballot.openedOn` / `ballot.closedOn`, else `date`, else today. Both sent and
 * different is a contradiction (422).
 */
function ballotDay(
  input: TransitionLiaisonDto,
  key: 'openedOn' | 'closedOn',
  fallback: { field: string; on: string },
): { field: string; on: string } {
  const day = input.ballot?.[key];
  if (day === undefined) return fallback;
  if (input.date !== undefined && input.date !== day) {
    throw problems.ruleViolation(
      `ballot.${key}`,
      `ballot.${key} (${day}) and date (${input.date}) disagree: the step takes effect on the day the ballot ` +
        `${key === 'openedOn' ? 'opened' : 'closed'}; send one of them.`,
    );
  }
  return { field: `ballot.${key}`, on: day };
}

export interface TransitionResult {
  view: LiaisonView;
  entry: HistoryEntry;
}

/**
 * The secretariat workflow of a liaison: lifecycle transitions (with eligibility checklists and ballots),
 * nominated experts, and the history that records all of it. Every step and its history entry are written in
 * one transaction, on the liaison row locked FOR UPDATE, so concurrent steps never both succeed from one state.
 */
@Injectable()
export class LiaisonWorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly liaisons: LiaisonsRepository,
  ) {}

  async transition(id: string, input: TransitionLiaisonDto, context: WriteContext): Promise<TransitionResult> {
    return this.dataSource.transaction(async (manager) => {
      const liaison = await this.lockCurrent(manager, id, context);
      const allowed = allowedActions(liaison.category, liaison.status, {
        eligibilityPassed: liaison.eligibilityPassed ?? undefined,
        ballotOpen: liaison.ballotOpen,
      });
      if (!allowed.includes(input.action)) throw this.notAllowed(liaison, input.action, allowed);
      if (NEEDS_REASON.includes(input.action) && !input.reason) {
        throw problems.validation([{ field: 'reason', message: `reason is required to ${input.action}` }]);
      }
      const soFar = await procedureSoFar(manager, id);
      const bounds: StepDateBounds = {
        proposedOn: liaison.proposedOn,
        approvedOn: liaison.approvedOn,
        establishedOn: liaison.establishedOn,
        lastReviewedOn: liaison.lastReviewedOn,
        previousStep: soFar.previousStep,
      };
      // The day the step takes effect, and the input it came from (for the error naming it).
      let effective = { field: 'date', on: input.date ?? isoDay(new Date()) };
      const details: HistoryDetails = {};
      const dates: Partial<DateColumns> = {};
      let eligibility: boolean | null | undefined;
      let ballotOpen: boolean | undefined;
      let to: LiaisonStatus;

      switch (input.action) {
        case LiaisonAction.RecordEligibility: {
          if (!input.eligibility) {
            throw problems.validation([
              { field: 'eligibility', message: 'eligibility is required to recordEligibility' },
            ]);
          }
          eligibility = eligibilityPassed(input.eligibility);
          details.eligibility = {
            passed: eligibility,
            ...Object.fromEntries(
              ELIGIBILITY_CRITERIA.map((c) => [
                c,
                { met: input.eligibility![c].met, note: input.eligibility![c].note ?? null },
              ]),
            ),
          };
          to = nextStatus(liaison.category, input.action);
          break;
        }
        case LiaisonAction.OpenBallot: {
          const ballot = input.ballot;
          if (!ballot?.reference) {
            throw problems.validation([
              { field: 'ballot.reference', message: 'ballot.reference is required to openBallot' },
            ]);
          }
          effective = ballotDay(input, 'openedOn', effective);
          details.ballot = { reference: ballot.reference, openedOn: effective.on };
          ballotOpen = true;
          to = nextStatus(liaison.category, input.action);
          break;
        }
        case LiaisonAction.RecordBallot: {
          const ballot = input.ballot;
          const missing = (['approve', 'disapprove', 'abstain'] as const).filter((k) => ballot?.[k] === undefined);
          if (!ballot || missing.length > 0) {
            throw problems.validation(
              (missing.length ? missing : ['approve', 'disapprove', 'abstain']).map((k) => ({
                field: `ballot.${k}`,
                message: `ballot.${k} is required to recordBallot`,
              })),
            );
          }
          // The ballot closed is the one openBallot opened: its reference and opening day are on record.
          const opened = soFar.lastOpenedBallot;
          for (const key of ['reference', 'openedOn'] as const) {
            const sent = ballot[key];
            const recorded = opened?.[key] ?? null;
            if (sent !== undefined && recorded !== null && sent !== recorded) {
              throw problems.ruleViolation(
                `ballot.${key}`,
                `The open ballot has ${key} ${recorded} (recorded by openBallot); send the same value or leave ` +
                  `ballot.${key} out.`,
              );
            }
          }
          effective = ballotDay(input, 'closedOn', effective);
          bounds.ballotOpenedOn = opened?.openedOn ?? ballot.openedOn ?? null;
          const votes = { approve: ballot.approve!, disapprove: ballot.disapprove!, abstain: ballot.abstain! };
          const result = ballotResult(votes);
          details.ballot = {
            reference: opened?.reference ?? ballot.reference ?? null,
            openedOn: bounds.ballotOpenedOn,
            closedOn: effective.on,
            ...votes,
            ...result,
          };
          ballotOpen = false;
          to = nextStatus(liaison.category, input.action, {
            ballotApproved: result.approved,
            reopenOnFailure: input.reopenOnFailure,
          });
          if (result.approved) {
            dates.approvedOn = effective.on;
            dates.nextReviewDue = addYears(effective.on, REVIEW_INTERVAL_YEARS);
          }
          break;
        }
        case LiaisonAction.Approve: {
          to = nextStatus(liaison.category, input.action);
          dates.approvedOn = effective.on;
          if (to === LiaisonStatus.Active) dates.establishedOn = effective.on;
          dates.nextReviewDue = addYears(effective.on, REVIEW_INTERVAL_YEARS);
          break;
        }
        case LiaisonAction.Activate:
          to = nextStatus(liaison.category, input.action);
          dates.establishedOn = effective.on;
          break;
        case LiaisonAction.CompleteReview:
          to = nextStatus(liaison.category, input.action);
          dates.lastReviewedOn = effective.on;
          dates.nextReviewDue = addYears(effective.on, REVIEW_INTERVAL_YEARS);
          break;
        case LiaisonAction.SubmitForEligibility:
          eligibility = null;
          to = nextStatus(liaison.category, input.action);
          break;
        case LiaisonAction.Reject:
          ballotOpen = false;
          to = nextStatus(liaison.category, input.action);
          break;
        case LiaisonAction.StartReview:
        case LiaisonAction.Suspend:
        case LiaisonAction.Reinstate:
        case LiaisonAction.Withdraw:
          to = nextStatus(liaison.category, input.action);
          break;
      }

      const violation = stepDateViolation(effective.field, effective.on, bounds);
      if (violation) throw stepDateOutOfOrder(violation);
      if (Object.keys(dates).length > 0) details.dates = { ...dates };
      await manager
        .createQueryBuilder()
        .update(LiaisonEntity)
        .set({
          status: to,
          ...dates,
          ...(eligibility === undefined ? {} : { eligibilityPassed: eligibility }),
          ...(ballotOpen === undefined ? {} : { ballotOpen }),
        })
        .where('id = :id', { id })
        .execute();
      const entry = await appendHistory(manager, {
        liaisonId: id,
        action: input.action,
        fromStatus: liaison.status,
        toStatus: to,
        reason: input.reason ?? null,
        actor: context.actor,
        effectiveOn: effective.on,
        details,
      });
      return { view: await this.recorded(manager, 'liaison.transitioned', id, context), entry };
    });
  }

  /** The history of a liaison, also once it has been deleted (404 only for an id that never was a liaison). */
  async history(id: string, page: { limit?: number; cursor?: string }): Promise<Page<HistoryEntry>> {
    if (!(await hasHistory(this.dataSource.manager, id))) throw problems.notFound('liaison', id);
    return listHistory(this.dataSource.manager, id, page);
  }

  async addExpert(id: string, input: AddLiaisonExpertDto, context: WriteContext): Promise<LiaisonView> {
    return this.dataSource.transaction(async (manager) => {
      const liaison = await this.lockCurrent(manager, id, context);
      if (liaison.category !== LiaisonCategory.CategoryA) {
        throw problems.ruleViolation('contactId', 'Experts are nominated to Category A liaisons only.');
      }
      if (liaison.status !== LiaisonStatus.Active) {
        throw new ProblemError(
          409,
          'conflict',
          `Experts can be attached to active liaisons only; this one is ${liaison.status}.`,
          {
            currentStatus: liaison.status,
          },
        );
      }
      const contactId = input.contactId.toLowerCase();
      const contacts = await this.liaisons.existingIds(manager, 'contacts', [contactId]);
      if (!contacts.has(contactId)) {
        throw problems.unknownReference('contactId', `No contact with id ${contactId} exists.`);
      }
      const inserted: unknown[] = await manager.query(
        `INSERT INTO liaison_experts (liaison_id, contact_id, nominated_on, note) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING contact_id`,
        [id, contactId, input.nominatedOn ?? null, input.note ?? null],
      );
      if (inserted.length === 0) {
        throw problems.duplicate('This contact is already an expert of the liaison.', {
          errors: [{ field: 'contactId', message: 'already an expert of this liaison' }],
        });
      }
      await this.touch(manager, id);
      await appendHistory(manager, {
        liaisonId: id,
        action: LiaisonRecordAction.AddExpert,
        fromStatus: liaison.status,
        toStatus: liaison.status,
        actor: context.actor,
        ...(input.nominatedOn ? { effectiveOn: input.nominatedOn } : {}),
        details: { expert: { contactId, nominatedOn: input.nominatedOn ?? null, note: input.note ?? null } },
      });
      return this.recorded(manager, 'liaison.expertAdded', id, context);
    });
  }

  async removeExpert(id: string, contactId: string, context: WriteContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const liaison = await this.lockCurrent(manager, id, context);
      // TypeORM answers a DELETE with [rows, affected].
      const [, affected] = (await manager.query(
        'DELETE FROM liaison_experts WHERE liaison_id = $1 AND contact_id = $2',
        [id, contactId],
      )) as [unknown[], number];
      if (affected === 0) throw problems.notFound('expert of this liaison', contactId);
      await this.touch(manager, id);
      await appendHistory(manager, {
        liaisonId: id,
        action: LiaisonRecordAction.RemoveExpert,
        fromStatus: liaison.status,
        toStatus: liaison.status,
        actor: context.actor,
        details: { expert: { contactId } },
      });
      await this.recorded(manager, 'liaison.expertRemoved', id, context);
    });
  }

  /** Locks the liaison; 404 when it does not exist, 412 when `If-Match` names another version. */
  private async lockCurrent(manager: EntityManager, id: string, context: WriteContext): Promise<LiaisonEntity> {
    const liaison = await this.liaisons.lock(manager, id);
    if (!liaison) throw problems.notFound('liaison', id);
    checkVersion('liaison', liaison.version, context);
    return liaison;
  }

  /** An expert change is a change of the liaison: new version and update time. */
  private async touch(manager: EntityManager, id: string): Promise<void> {
    await manager.query('UPDATE liaisons SET version = version + 1, updated_at = now() WHERE id = $1', [id]);
  }

  private notAllowed(liaison: LiaisonEntity, action: LiaisonAction, allowed: LiaisonAction[]): ProblemError {
    const hint =
      action === LiaisonAction.OpenBallot && liaison.status === LiaisonStatus.EligibilityReview
        ? ' The ballot opens only after an eligibility checklist with all four criteria met.'
        : '';
    return new ProblemError(
      409,
      'transition-not-allowed',
      `${action} is not allowed for a ${liaison.category} liaison in status ${liaison.status}.${hint} ` +
        (allowed.length ? `Allowed now: ${allowed.join(', ')}.` : 'The liaison is in a final state.'),
      { currentStatus: liaison.status, allowedActions: allowed },
    );
  }

  /** Reads the liaison back and appends the change event, in the writing transaction. */
  private async recorded(
    manager: EntityManager,
    type: string,
    id: string,
    context: WriteContext,
  ): Promise<LiaisonView> {
    const view = await this.requireView(manager, id);
    const data = LiaisonDto.from(view);
    await recordChange(manager, {
      type,
      resourceType: 'liaison',
      resourceId: id,
      actor: context.actor,
      data,
      bodyIds: concernedBodies.liaison(data),
    });
    return view;
  }

  private async requireView(manager: EntityManager, id: string): Promise<LiaisonView> {
    const view = await this.liaisons.findView(manager, id);
    if (!view) throw problems.notFound('liaison', id);
    return view;
  }
}
