import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../common/pagination/send-page.js';
import { writeContext } from '../common/http/write-context.js';
import { ApiProblems } from '../common/problem/problem.dto.js';
import { uuidParam } from '../common/validation/uuid.pipe.js';
import { AddRosterMemberDto, ListRosterQueryDto, UpdateRosterMemberDto } from './dto/roster-input.dto.js';
import { RosterEntryDto, RosterPageDto } from './dto/roster.dto.js';
import { RosterService } from './roster.service.js';
import { RequireScope } from '../auth/access.decorators.js';

const BODY_ID = { name: 'id', description: 'Identifier of the body.', format: 'uuid', type: String } as const;
const MEMBERSHIP_ID = {
  name: 'membershipId',
  description: 'Identifier of the membership (it must belong to this body).',
  format: 'uuid',
  type: String,
} as const;

@ApiTags('rosters')
@ApiParam(BODY_ID)
@Controller('v1/bodies/:id/roster')
export class RosterController {
  constructor(private readonly roster: RosterService) {}

  @Get()
  @ApiOperation({
    operationId: 'listBodyRoster',
    summary: "List a body's roster",
    description: 'Who holds which role in the body, with the contact embedded. Cursor-paginated.',
  })
  @ApiOkResponse({ type: RosterPageDto })
  @ApiProblems(400, 404, 500)
  async list(
    @Param('id', uuidParam()) bodyId: string,
    @Query() query: ListRosterQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RosterPageDto> {
    return sendPage(request, reply, await this.roster.list(bodyId, query), RosterEntryDto.from);
  }

  @Post()
  @RequireScope('body', 'params.id')
  @ApiOperation({
    operationId: 'addRosterMember',
    summary: "Add a person to a body's roster",
    description:
      'Refused with 409 when the person already holds the same current role in the body (an ended one does not count).',
  })
  @ApiBody({ type: AddRosterMemberDto })
  @ApiCreatedResponse({ type: RosterEntryDto, description: 'Created; `Location` names the new membership.' })
  @ApiProblems(400, 404, 409, 413, 415, 422, 500)
  async add(
    @Param('id', uuidParam()) bodyId: string,
    @Body() input: AddRosterMemberDto,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Req() request: FastifyRequest,
  ): Promise<RosterEntryDto> {
    const entry = await this.roster.add(bodyId, input, writeContext(request));
    void reply.header('location', `/v1/bodies/${bodyId}/roster/${entry.id}`);
    return RosterEntryDto.from(entry);
  }

  @Get(':membershipId')
  @ApiOperation({
    operationId: 'getRosterMember',
    summary: 'Get a membership of a roster',
    description: 'One role held by a contact in this body; 404 when the membership belongs to another body.',
  })
  @ApiParam(MEMBERSHIP_ID)
  @ApiOkResponse({ type: RosterEntryDto })
  @ApiProblems(400, 404, 500)
  async get(
    @Param('id', uuidParam()) bodyId: string,
    @Param('membershipId', uuidParam('membershipId')) membershipId: string,
  ): Promise<RosterEntryDto> {
    return RosterEntryDto.from(await this.roster.get(bodyId, membershipId));
  }

  @Patch(':membershipId')
  @RequireScope('body', 'params.id')
  @ApiOperation({
    operationId: 'updateRosterMember',
    summary: 'Update a membership of a roster',
    description: 'Absent fields stay as they are; `null` clears a nullable field. Set `until` to end the role.',
  })
  @ApiParam(MEMBERSHIP_ID)
  @ApiBody({ type: UpdateRosterMemberDto })
  @ApiOkResponse({ type: RosterEntryDto })
  @ApiProblems(400, 404, 409, 412, 413, 415, 422, 428, 500)
  async update(
    @Param('id', uuidParam()) bodyId: string,
    @Param('membershipId', uuidParam('membershipId')) membershipId: string,
    @Body() input: UpdateRosterMemberDto,
    @Req() request: FastifyRequest,
  ): Promise<RosterEntryDto> {
    return RosterEntryDto.from(
      await this.roster.update(bodyId, membershipId, input, writeContext(request, { requireIfMatch: true })),
    );
  }

  @Delete(':membershipId')
  @HttpCode(204)
  @RequireScope('body', 'params.id')
  @ApiOperation({
    operationId: 'removeRosterMember',
    summary: 'Remove a membership from a roster',
    description: 'Deletes the record; to keep it as roster history, set `until` instead.',
  })
  @ApiParam(MEMBERSHIP_ID)
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiProblems(400, 404, 412, 428, 500)
  async remove(
    @Param('id', uuidParam()) bodyId: string,
    @Param('membershipId', uuidParam('membershipId')) membershipId: string,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.roster.remove(bodyId, membershipId, writeContext(request, { requireIfMatch: true }));
  }
}
