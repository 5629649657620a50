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
      'The committee, partner, proposing body, representatives and work items must exist (422). A body cannot ' +
      'hold a liaison with itself, and approval or establishment cannot precede the proposal (422). Only one ' +
      'live (not withdrawn or rejected) liaison per committee, partner and category may exist (409).',
  })
  @ApiBody({ type: CreateLiaisonDto })
  @ApiCreatedResponse({ type: LiaisonDto, description: 'Created; `Location` names the new liaison.' })
  @ApiProblems(400, 409, 413, 415, 422, 500)
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
      'The rules of `createLiaison` apply to the result. The status changes only through transitions. ' +
      'Every change is recorded in the history with the fields it changed.',
  })
  @ApiBody({ type: UpdateLiaisonDto })
  @ApiOkResponse({ type: LiaisonDto })
  @ID_PARAM
  @ApiProblems(400, 404, 409, 412, 413, 415, 422, 428, 500)
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
      'Only a proposed liaison (a record made by mistake) can be deleted, with its history; later ones are rejected ' +
      'or withdrawn instead (409). Refused with 409 while a liaison statement cites it.',
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
      'against; abstentions not counted; a failed ballot rejects unless `reopenOnFailure`) → activate → ' +
      'startReview → completeReview, suspend, reinstate, withdraw; reject before approval. Categories C and D: ' +
      'approve (no ballot), then activate. Internal and ITU-T cooperation: approve makes them active. ' +
      'An action the current state does not allow is 409 listing `allowedActions`. Approval sets approvedOn and ' +
      'nextReviewDue (two years on); a completed review sets lastReviewedOn and moves nextReviewDue two years on. ' +
      'Requires `If-Match` with the version read (428 without, 412 when stale; `*` for any version).',
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
  @ApiProblems(400, 404, 409, 412, 413, 415, 422, 428, 500)
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
      'Every creation, edit (with the fields changed), transition (with checklist or ballot figures) and expert ' +
      'change, oldest first, with who made it and when. Append-only.',
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
