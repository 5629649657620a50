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
import { conditionalRead } from '../common/http/etag.js';
import { workItemTag } from './work-item-view.js';
import { writeContext } from '../common/http/write-context.js';
import { sendPage } from '../common/pagination/send-page.js';
import { ApiProblems } from '../common/problem/problem.dto.js';
import { uuidParam } from '../common/validation/uuid.pipe.js';
import { CreateWorkItemDto } from './dto/create-work-item.dto.js';
import { ListWorkItemsQueryDto } from './dto/list-work-items.query.dto.js';
import { UpdateWorkItemDto } from './dto/update-work-item.dto.js';
import {
  ListWorkItemHistoryQueryDto,
  WorkItemHistoryEntryDto,
  WorkItemHistoryPageDto,
} from './dto/work-item-history.dto.js';
import { WorkItemDto, WorkItemPageDto } from './dto/work-item.dto.js';
import { WorkItemsService } from './work-items.service.js';
import { RequireScope } from '../auth/access.decorators.js';

const ID_PARAM = { name: 'id', description: 'Identifier of the work item.', format: 'uuid', type: String } as const;

@ApiTags('work-items')
@Controller('v1/work-items')
export class WorkItemsController {
  constructor(private readonly workItems: WorkItemsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listWorkItems',
    summary: 'List work items',
    description: 'Cursor-paginated; the next page is in `nextCursor` and the `Link` header.',
  })
  @ApiOkResponse({ type: WorkItemPageDto })
  @ApiProblems(400, 500)
  async list(
    @Query() query: ListWorkItemsQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkItemPageDto> {
    return sendPage(request, reply, await this.workItems.list(query), WorkItemDto.from);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getWorkItem',
    summary: 'Get a work item',
    description:
      'With its body and the liaisons it matters to. `version` is what `If-Match` takes; the `ETag` revalidates ' +
      'the read (`If-None-Match` answers 304 while it is unchanged).',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: WorkItemDto })
  @ApiProblems(400, 404, 500)
  async get(
    @Param('id', uuidParam()) id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkItemDto | undefined> {
    return conditionalRead(
      request,
      reply,
      () => this.workItems.currentTag(id),
      async () => {
        const item = await this.workItems.get(id);
        return { etag: workItemTag(item), body: WorkItemDto.from(item) };
      },
    );
  }

  @Get(':id/history')
  @ApiOperation({
    operationId: 'listWorkItemHistory',
    summary: "List a work item's history",
    description:
      'The creation and every change of `stage` or `statusText`, oldest first, with who made it. Cursor-paginated.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: WorkItemHistoryPageDto })
  @ApiProblems(400, 404, 500)
  async history(
    @Param('id', uuidParam()) id: string,
    @Query() query: ListWorkItemHistoryQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkItemHistoryPageDto> {
    return sendPage(request, reply, await this.workItems.listHistory(id, query), WorkItemHistoryEntryDto.from);
  }

  @Post()
  @RequireScope('body', 'body.bodyId')
  @ApiOperation({
    operationId: 'createWorkItem',
    summary: 'Create a work item',
    description: 'The creation is the first entry of the history.',
  })
  @ApiBody({ type: CreateWorkItemDto })
  @ApiCreatedResponse({ type: WorkItemDto, description: 'Created; `Location` names the new work item.' })
  @ApiProblems(400, 409, 413, 415, 422, 500)
  async create(
    @Body() input: CreateWorkItemDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkItemDto> {
    const item = await this.workItems.create(input, writeContext(request));
    void reply.header('location', `/v1/work-items/${item.id}`).header('etag', workItemTag(item));
    return WorkItemDto.from(item);
  }

  @Patch(':id')
  @RequireScope('workItem', 'id')
  @ApiOperation({
    operationId: 'updateWorkItem',
    summary: 'Update a work item',
    description:
      'Absent fields stay as they are; `null` clears a nullable field. A change of `stage` or `statusText` adds a history entry.',
  })
  @ApiParam(ID_PARAM)
  @ApiBody({ type: UpdateWorkItemDto })
  @ApiOkResponse({ type: WorkItemDto })
  @ApiProblems(400, 404, 409, 412, 413, 415, 422, 428, 500)
  async update(
    @Param('id', uuidParam()) id: string,
    @Body() input: UpdateWorkItemDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkItemDto> {
    const item = await this.workItems.update(id, input, writeContext(request, { requireIfMatch: true }));
    void reply.header('etag', workItemTag(item));
    return WorkItemDto.from(item);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('workItem', 'id')
  @ApiOperation({
    operationId: 'deleteWorkItem',
    summary: 'Delete a work item',
    description: 'Deletes its history too. Refused with 409 while a liaison lists the work item.',
  })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(400, 404, 409, 412, 428, 500)
  async delete(@Param('id', uuidParam()) id: string, @Req() request: FastifyRequest): Promise<void> {
    await this.workItems.delete(id, writeContext(request, { requireIfMatch: true }));
  }
}
