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
import { conditionalRead, versionTag } from '../common/http/etag.js';
import { writeContext } from '../common/http/write-context.js';
import { BodiesService } from './bodies.service.js';
import { BodyDto, BodyPageDto } from './dto/body.dto.js';
import { CreateBodyDto } from './dto/create-body.dto.js';
import { ListBodiesQueryDto, ListChildrenQueryDto } from './dto/list-bodies.query.dto.js';
import { UpdateBodyDto } from './dto/update-body.dto.js';
import { AdminOnly } from '../auth/access.decorators.js';

const ID_PARAM = ApiParam({ name: 'id', format: 'uuid', description: 'Id of the body.' });

@ApiTags('bodies')
@Controller('v1/bodies')
export class BodiesController {
  constructor(private readonly bodies: BodiesService) {}

  @Get()
  @ApiOperation({
    operationId: 'listBodies',
    summary: 'List bodies',
    description: 'Cursor-paginated; the next page is in `nextCursor` and the `Link` header.',
  })
  @ApiOkResponse({ type: BodyPageDto })
  @ApiProblems(400, 500)
  async list(
    @Query() query: ListBodiesQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BodyPageDto> {
    return sendPage(request, reply, await this.bodies.list(query), BodyDto.from);
  }

  @Get(':id')
  @ID_PARAM
  @ApiOperation({
    operationId: 'getBody',
    summary: 'Get a body',
    description:
      'With its terms of reference when it is a group. `version` is what `If-Match` takes to change it; the ' +
      '`ETag` revalidates the read (`If-None-Match` answers 304 while it is unchanged).',
  })
  @ApiOkResponse({ type: BodyDto })
  @ID_PARAM
  @ApiProblems(400, 404, 500)
  async get(
    @Param('id', uuidParam()) id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BodyDto | undefined> {
    return conditionalRead(
      request,
      reply,
      () => this.bodies.currentTag(id),
      async () => {
        const body = await this.bodies.get(id);
        return { etag: versionTag(body.body.version), body: BodyDto.from(body) };
      },
    );
  }

  @Get(':id/children')
  @ID_PARAM
  @ApiOperation({
    operationId: 'listBodyChildren',
    summary: 'List the direct children of a body',
    description: 'Sorted by designation, cursor-paginated.',
  })
  @ApiOkResponse({ type: BodyPageDto })
  @ID_PARAM
  @ApiProblems(400, 404, 500)
  async children(
    @Param('id', uuidParam()) id: string,
    @Query() query: ListChildrenQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BodyPageDto> {
    await this.bodies.requireExists(id);
    return sendPage(request, reply, await this.bodies.list({ ...query, parentId: id }), BodyDto.from);
  }

  @Post()
  @AdminOnly()
  @ApiOperation({
    operationId: 'createBody',
    summary: 'Create a body',
    description:
      'The designation must be unique, compared case-insensitively (409). The parent and the associated bodies ' +
      'must exist (422); organizations have no terms of reference (422).',
  })
  @ApiBody({ type: CreateBodyDto })
  @ApiCreatedResponse({ type: BodyDto, description: 'Created; `Location` names the new body.' })
  @ApiProblems(400, 409, 413, 415, 422, 500)
  async create(
    @Body() input: CreateBodyDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BodyDto> {
    const body = await this.bodies.create(input, writeContext(request));
    void reply.header('location', `/v1/bodies/${body.body.id}`).header('etag', versionTag(body.body.version));
    return BodyDto.from(body);
  }

  @Patch(':id')
  @AdminOnly()
  @ID_PARAM
  @ApiOperation({
    operationId: 'updateBody',
    summary: 'Update a body',
    description: 'Absent fields stay as they are; `null` clears a nullable field.',
  })
  @ApiBody({ type: UpdateBodyDto })
  @ApiOkResponse({ type: BodyDto })
  @ID_PARAM
  @ApiProblems(400, 404, 409, 412, 413, 415, 422, 428, 500)
  async update(
    @Param('id', uuidParam()) id: string,
    @Body() input: UpdateBodyDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BodyDto> {
    const body = await this.bodies.update(id, input, writeContext(request, { requireIfMatch: true }));
    void reply.header('etag', versionTag(body.body.version));
    return BodyDto.from(body);
  }

  @Delete(':id')
  @HttpCode(204)
  @AdminOnly()
  @ID_PARAM
  @ApiOperation({
    operationId: 'deleteBody',
    summary: 'Delete a body',
    description: 'Refused with 409 while the body has child bodies.',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ID_PARAM
  @ApiProblems(400, 404, 409, 412, 428, 500)
  async delete(@Param('id', uuidParam()) id: string, @Req() request: FastifyRequest): Promise<void> {
    await this.bodies.delete(id, writeContext(request, { requireIfMatch: true }));
  }
}
