import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiHeader,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../common/pagination/send-page.js';
import { ApiProblems } from '../common/problem/problem.dto.js';
import { uuidParam } from '../common/validation/uuid.pipe.js';
import { CreateLiaisonDto } from './dto/create-liaison.dto.js';
import { LiaisonDto, LiaisonPageDto } from './dto/liaison.dto.js';
import { ListLiaisonsQueryDto } from './dto/list-liaisons.query.dto.js';
import { UpdateLiaisonDto } from './dto/update-liaison.dto.js';
import { LiaisonsService } from './liaisons.service.js';
import { liaisonTag } from './liaison-view.js';
import { LiaisonWorkflowService } from './liaison-workflow.service.js';
import { conditionalRead } from '../common/http/etag.js';
import { writeContext } from '../common/http/write-context.js';
import { AddLiaisonExpertDto, TransitionLiaisonDto } from './dto/transition.dto.js';
import {
  LiaisonHistoryEntryDto,
  LiaisonHistoryPageDto,
  ListLiaisonHistoryQueryDto,
} from './dto/liaison-history.dto.js';
import { LiaisonTransitionResultDto } from './dto/liaison.dto.js';
import { RequireScope } from '../auth/access.decorators.js';

const ID_PARAM = ApiParam({ name: 'id', format: 'uuid', description: 'Id of the liaison.' });

@ApiTags('liaisons')
@Controller('v1/liaisons')
export class LiaisonsController {
  constructor(
    private readonly liaisons: LiaisonsService,
    private readonly workflow: LiaisonWorkflowService,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listLiaisons',
    summary: 'List liaisons',
    description:
      'Filter by committee, partner, either side (`bodyId`), category, status, review date and rationale text. ' +
      'Cursor-paginated; the next page is in `nextCursor` and the `Link` header.',
  })
  @ApiOkResponse({ type: LiaisonPageDto })
  @ApiProblems(400, 500)
  async list(
    @Query() query: ListLiaisonsQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LiaisonPageDto> {
    return sendPage(request, reply, await this.liaisons.list(query), LiaisonDto.from);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getLiaison',
    summary: 'Get a liaison',
    description:
      'With the actions its current state allows and the warnings about irregular records. `version` is what ' +
      '`If-Match` takes; the `ETag` revalidates the read (`If-None-Match` answers 304 while it is unchanged).',
  })
  @ApiOkResponse({ type: LiaisonDto })
  @ID_PARAM
  @ApiProblems(400, 404, 500)
  async get(
    @Param('id', uuidParam()) id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LiaisonDto | undefined> {
    return conditionalRead(
      request,
      reply,
      () => this.liaisons.currentTag(id),
      async () => {
        const view = await this.liaisons.get(id);
        return { etag: liaisonTag(view.liaison.version, view.bodyVersions, view.asOf), body: LiaisonDto.from(view) };
      },
    );
  }

  @Post()
  @RequireScope('body', 'body.committeeId', 'body.partnerId')
  @ApiOperation({
    operationId: 'createLiaison',
    summary: 'Create a liaison',
    description:
      'A new liaison starts `proposed`; transitions move it through its procedure. Only an admin key may create ' +
      'one in another status (a relationship established before the registry existed, recorded as it stands; ' +
      'its `create` history entry says so) or with procedure dates (approvedOn, establishedOn, lastReviewedOn, ' +
      'nextReviewDue, which transitions set): a secretariat key sending any of them gets 403 naming the fields. ' +
      "A status the category's procedure never reaches (a Category C liaison in balloting) is 422. " +
      'The committee, partner, proposing body, representatives and work items must exist (422). A body cannot ' +
      'hold a liaison with itself, and approval or establishment cannot precede the proposal (422). Only one ' +
      'live (not withdrawn or rejected) liaison per committee, partner and category may exist (409).',
  })
  @ApiBody({ type: CreateLiaisonDto })
  @ApiCreatedResponse({ type: LiaisonDto, description: 'Created; `Location` names the new liaison.' })
  @ApiProblems(
    400,
    {
      status: 403,
      description:
        "The key's role does not allow the operation, the bodies are outside a secretariat key's scope " +
        '(`requiredScope`), or a secretariat key sent what only an admin key may: a status other than proposed ' +
        'or a procedure date (`errors` names the fields, `requiredRoles` is admin).',
    },
    409,
    413,
    415,
    422,
    500,
  )
  async create(
    @Body() input: CreateLiaisonDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LiaisonDto> {
    const view = await this.liaisons.create(input, writeContext(request));
    void reply
      .header('location', `/v1/liaisons/${view.liaison.id}`)
      .header('etag', liaisonTag(view.liaison.version, view.bodyVersions, view.asOf));
    return LiaisonDto.from(view);
  }

  @Patch(':id')
  @RequireScope('liaison', 'id')
  @ApiOperation({
    operationId: 'updateLiaison',
    summary: 'Update a liaison',
    description:
      'Absent fields stay as they are; `null` clears a nullable field; a list sent replaces the stored one. ' +
      'The rules of `createLiaison` apply to the result. The status changes only through transitions, and so do ' +
      'the procedure dates (approvedOn, establishedOn, lastReviewedOn, nextReviewDue): only an admin key may ' +
      'correct them here (403 for a secretariat key changing one). The category decides the procedure: it can ' +
      'change only while the liaison is proposed (409 afterwards). Every change is recorded in the history with ' +
      'the fields it changed.',
  })
  @ApiBody({ type: UpdateLiaisonDto })
  @ApiOkResponse({ type: LiaisonDto })
  @ID_PARAM
  @ApiProblems(
    400,
    {
      status: 403,
      description:
        "The key's role does not allow the operation, the bodies are outside a secretariat key's scope " +
        '(`requiredScope`), or a secretariat key changed a procedure date, which only an admin key may correct ' +
        '(`errors` names the fields, `requiredRoles` is admin).',
    },
    404,
    {
      status: 409,
      description:
        'Conflict: another live liaison with the same committee, partner and category (`existingId`), or a ' +
        'category change after the procedure started (`currentStatus`, `errors` names `category`).',
    },
    412,
    413,
    415,
    422,
    428,
    500,
  )
  async update(
    @Param('id', uuidParam()) id: string,
    @Body() input: UpdateLiaisonDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LiaisonDto> {
    const view = await this.liaisons.update(id, input, writeContext(request, { requireIfMatch: true }));
    void reply.header('etag', liaisonTag(view.liaison.version, view.bodyVersions, view.asOf));
    return LiaisonDto.from(view);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('liaison', 'id')
  @ApiOperation({
    operationId: 'deleteLiaison',
    summary: 'Delete a liaison',
    description:
      'Only a proposed liaison (a record made by mistake) can be deleted; later ones are rejected or withdrawn ' +
      'instead (409). Refused with 409 while a liaison statement cites it. The history is kept: the deletion is ' +
      'its last entry (`delete`), and `GET /v1/liaisons/{id}/history` still answers after the liaison is gone.',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ID_PARAM
  @ApiProblems(400, 404, 409, 412, 428, 500)
  async delete(@Param('id', uuidParam()) id: string, @Req() request: FastifyRequest): Promise<void> {
    await this.liaisons.delete(id, writeContext(request, { requireIfMatch: true }));
  }

  @Post(':id/transitions')
  @RequireScope('liaisonCommittee', 'id')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'transitionLiaison',
    summary: 'Move a liaison through its procedure',
    description:
      'Category A and B: submitForEligibility → recordEligibility (checklist; all four criteria met to go on) → ' +
      'openBallot → recordBallot (approved when approvals are at least two thirds of the P-members voting for or ' +
      'against; abstentions not counted; a failed ballot rejects unless `reopenOnFailure`, which keeps the liaison ' +
      'in balloting until a new openBallot, with its own reference, re-runs it) → activate. Categories C and D: ' +
      'approve (no ballot), then activate. Internal and ITU-T cooperation: approve makes them active. Then, for ' +
      'every category: active → startReview → under review → completeReview (active), suspend or withdraw; ' +
      'suspended → reinstate or withdraw. Reject from any state before approved. Withdrawn and rejected are final. ' +
      'An action the current state does not allow is 409 listing `allowedActions`. `reason` is required to ' +
      'reject, suspend and withdraw (400). Approval sets approvedOn and nextReviewDue (two years on); a completed ' +
      'review sets lastReviewedOn and moves nextReviewDue two years on. Each step takes effect on its `date` ' +
      '(openBallot: `ballot.openedOn`, recordBallot: `ballot.closedOn`; default today, UTC), kept as the history ' +
      "entry's `effectiveOn`; a step dated before the procedure so far (the proposal, the approval, the " +
      'establishment, the last review, the previous step, the opening of the ballot it closes) is 422 naming the ' +
      'date field. Requires `If-Match` with the version read (428 without, 412 when stale; `*` for any version).',
  })
  @ApiBody({ type: TransitionLiaisonDto })
  @ApiHeader({
    name: 'If-Match',
    required: true,
    description: 'ETag of the version read, e.g. "3", or *.',
    schema: { type: 'string', maxLength: 100 },
  })
  @ApiOkResponse({ type: LiaisonTransitionResultDto })
  @ID_PARAM
  @ApiProblems(
    400,
    404,
    {
      status: 409,
      description:
        'The action is not allowed from the current status: the problem (`transition-not-allowed`) gives ' +
        '`currentStatus` and the `allowedActions` of that status (empty in a final state).',
      example: {
        type: '/problems/transition-not-allowed',
        title: 'Transition not allowed',
        status: 409,
        detail: 'withdraw is not allowed for a category_a liaison in status active. Allowed now: startReview.',
        instance: '/v1/liaisons/9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f/transitions',
        requestId: 'b7d2c1d4-0d8e-4c3a-9b4e-2f1e0c9a8b7d',
        currentStatus: 'active',
        allowedActions: ['startReview'],
      },
    },
    412,
    413,
    415,
    {
      status: 422,
      description:
        'A business rule is broken: a step dated before the procedure so far, or ballot dates or a reference ' +
        'that contradict the open ballot (`errors` names the field).',
    },
    428,
    500,
  )
  async transition(
    @Param('id', uuidParam()) id: string,
    @Body() input: TransitionLiaisonDto,
    @Req() request: FastifyRequest,
  ): Promise<LiaisonTransitionResultDto> {
    const result = await this.workflow.transition(id, input, writeContext(request, { requireIfMatch: true }));
    return { liaison: LiaisonDto.from(result.view), entry: LiaisonHistoryEntryDto.from(result.entry) };
  }

  @Get(':id/history')
  @ApiOperation({
    operationId: 'listLiaisonHistory',
    summary: 'History of a liaison',
    description:
      'Every creation, edit (with the fields changed), transition (with checklist or ballot figures), expert ' +
      'change and deletion, oldest first, with who made it, the day it took effect (`effectiveOn`) and when it ' +
      'was recorded (`occurredAt`). Append-only: nothing edits or deletes an entry, and the history of a deleted ' +
      'liaison stays readable here (404 only for an id that never was a liaison).',
  })
  @ApiOkResponse({ type: LiaisonHistoryPageDto })
  @ID_PARAM
  @ApiProblems(400, 404, 500)
  async history(
    @Param('id', uuidParam()) id: string,
    @Query() query: ListLiaisonHistoryQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LiaisonHistoryPageDto> {
    return sendPage(request, reply, await this.workflow.history(id, query), LiaisonHistoryEntryDto.from);
  }

  @Post(':id/experts')
  @RequireScope('liaison', 'id')
  @ApiOperation({
    operationId: 'addLiaisonExpert',
    summary: 'Attach an expert nominated by the partner',
    description: 'Active Category A liaisons only (422 for other categories, 409 in other states).',
  })
  @ApiBody({ type: AddLiaisonExpertDto })
  @ApiCreatedResponse({ type: LiaisonDto })
  @ID_PARAM
  @ApiProblems(400, 404, 409, 413, 415, 422, 500)
  async addExpert(
    @Param('id', uuidParam()) id: string,
    @Body() input: AddLiaisonExpertDto,
    @Req() request: FastifyRequest,
  ): Promise<LiaisonDto> {
    return LiaisonDto.from(await this.workflow.addExpert(id, input, writeContext(request)));
  }

  @Delete(':id/experts/:contactId')
  @RequireScope('liaison', 'id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'removeLiaisonExpert',
    summary: 'Detach an expert',
    description: 'Removes a nominated expert from the liaison; recorded in its history. 404 when not attached.',
  })
  @ApiNoContentResponse({ description: 'Detached.' })
  @ID_PARAM
  @ApiParam({ name: 'contactId', format: 'uuid' })
  @ApiProblems(400, 404, 500)
  async removeExpert(
    @Param('id', uuidParam()) id: string,
    @Param('contactId', uuidParam('contactId')) contactId: string,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.workflow.removeExpert(id, contactId.toLowerCase(), writeContext(request));
  }
}
