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
import { ApiProblems } from '../common/problem/problem.dto.js';
import { uuidParam } from '../common/validation/uuid.pipe.js';
import { CreateLiaisonDto } from './dto/create-liaison.dto.js';
import { LiaisonDto, LiaisonPageDto } from './dto/liaison.dto.js';
import { ListLiaisonsQueryDto } from './dto/list-liaisons.query.dto.js';
import { UpdateLiaisonDto } from './dto/update-liaison.dto.js';
import { LiaisonsService } from './liaisons.service.js';
import { RequireScope } from '../auth/access.decorators.js';

const ID_PARAM = ApiParam({ name: 'id', format: 'uuid', description: 'Id of the liaison.' });

@ApiTags('liaisons')
@Controller('v1/liaisons')
export class LiaisonsController {
  constructor(private readonly liaisons: LiaisonsService) {}

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
  @ApiOperation({ operationId: 'getLiaison', summary: 'Get a liaison' })
  @ApiOkResponse({ type: LiaisonDto })
  @ID_PARAM
  @ApiProblems(400, 404, 500)
  async get(@Param('id', uuidParam()) id: string): Promise<LiaisonDto> {
    return LiaisonDto.from(await this.liaisons.get(id));
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
  async create(@Body() input: CreateLiaisonDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<LiaisonDto> {
    const liaison = LiaisonDto.from(await this.liaisons.create(input));
    void reply.header('location', `/v1/liaisons/${liaison.id}`);
    return liaison;
  }

  @Patch(':id')
  @RequireScope('liaison', 'id')
  @ApiOperation({
    operationId: 'updateLiaison',
    summary: 'Update a liaison',
    description:
      'Absent fields stay as they are; `null` clears a nullable field; a list sent replaces the stored one. ' +
      'The rules of `createLiaison` apply to the result.',
  })
  @ApiBody({ type: UpdateLiaisonDto })
  @ApiOkResponse({ type: LiaisonDto })
  @ID_PARAM
  @ApiProblems(400, 404, 409, 413, 415, 422, 500)
  async update(@Param('id', uuidParam()) id: string, @Body() input: UpdateLiaisonDto): Promise<LiaisonDto> {
    return LiaisonDto.from(await this.liaisons.update(id, input));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('liaison', 'id')
  @ApiOperation({
    operationId: 'deleteLiaison',
    summary: 'Delete a liaison',
    description: 'Refused with 409 while a liaison statement cites it; withdraw it instead.',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ID_PARAM
  @ApiProblems(400, 404, 409, 500)
  async delete(@Param('id', uuidParam()) id: string): Promise<void> {
    await this.liaisons.delete(id);
  }
}
