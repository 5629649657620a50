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
import { conditionalRead } from '../common/http/etag.js';
import { writeContext } from '../common/http/write-context.js';
import { ApiProblems } from '../common/problem/problem.dto.js';
import { uuidParam } from '../common/validation/uuid.pipe.js';
import { CreateStatementDto } from './dto/create-statement.dto.js';
import { ListStatementsQueryDto } from './dto/list-statements.query.dto.js';
import { StatementDto, StatementPageDto } from './dto/statement.dto.js';
import { UpdateStatementDto } from './dto/update-statement.dto.js';
import { statementTag } from './statement-model.js';
import { StatementsService } from './statements.service.js';
import { RequireScope } from '../auth/access.decorators.js';

/** The `{id}` path parameter, documented as a UUID (malformed ids answer 400). */
const StatementIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'Id of the statement.' });

@ApiTags('statements')
@Controller('v1/statements')
export class StatementsController {
  constructor(private readonly statements: StatementsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listStatements',
    summary: 'List liaison statements',
    description:
      'Cursor-paginated; the next page is in `nextCursor` and the `Link` header. Deadline bounds are inclusive; ' +
      '`overdue` compares the deadline with today in UTC. Sorting by `deadline` or `sentOn` lists only the ' +
      'statements that have that date.',
  })
  @ApiOkResponse({ type: StatementPageDto })
  @ApiProblems(400, 500)
  async list(
    @Query() query: ListStatementsQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StatementPageDto> {
    return sendPage(request, reply, await this.statements.list(query), StatementDto.from);
  }

  @Get(':id')
  @StatementIdParam()
  @ApiOperation({
    operationId: 'getStatement',
    summary: 'Get a liaison statement',
    description:
      'With its recipients, the statements replying to it (`replyIds`) and whether it is `overdue`. `version` is ' +
      'what `If-Match` takes; the `ETag` revalidates the read (`If-None-Match` answers 304 while it is unchanged).',
  })
  @ApiOkResponse({ type: StatementDto })
  @ApiProblems(400, 404, 500)
  async get(
    @Param('id', uuidParam()) id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StatementDto | undefined> {
    return conditionalRead(
      request,
      reply,
      () => this.statements.currentTag(id),
      async () => {
        const statement = await this.statements.get(id);
        return { etag: statementTag(statement), body: StatementDto.from(statement) };
      },
    );
  }

  @Post()
  @RequireScope('body', 'body.fromBodyId')
  @ApiOperation({
    operationId: 'createStatement',
    summary: 'Create a liaison statement',
    description:
      'The statement and all its lists are written in one transaction. Business rules (a deadline for action ' +
      'and comment, `inReplyToId` for and only for a response, sender not a recipient, a body not both `to` and ' +
      '`cc`) answer 422 `rule-violation`; ids of records that do not exist answer 422 `unknown-reference`; a ' +
      'reference the sending body already used answers 409.',
  })
  @ApiBody({ type: CreateStatementDto })
  @ApiCreatedResponse({ type: StatementDto, description: 'Created; `Location` names the new statement.' })
  @ApiProblems(400, 409, 413, 415, 422, 500)
  async create(
    @Body() input: CreateStatementDto,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Req() request: FastifyRequest,
  ): Promise<StatementDto> {
    const statement = await this.statements.create(input, writeContext(request));
    void reply.header('location', `/v1/statements/${statement.id}`).header('etag', statementTag(statement));
    return StatementDto.from(statement);
  }

  @Patch(':id')
  @RequireScope('statement', 'id')
  @StatementIdParam()
  @ApiOperation({
    operationId: 'updateStatement',
    summary: 'Update a liaison statement',
    description:
      'Absent fields stay as they are; `null` clears a nullable field; lists and objects are replaced whole. ' +
      'The rules are checked against the merged record, so changing the purpose may require a deadline or ' +
      '`inReplyToId` in the same request. Record the action taken by sending `actionTaken`.',
  })
  @ApiBody({ type: UpdateStatementDto })
  @ApiOkResponse({ type: StatementDto })
  @ApiProblems(400, 404, 409, 412, 413, 415, 422, 428, 500)
  async update(
    @Param('id', uuidParam()) id: string,
    @Body() input: UpdateStatementDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StatementDto> {
    const statement = await this.statements.update(id, input, writeContext(request, { requireIfMatch: true }));
    void reply.header('etag', statementTag(statement));
    return StatementDto.from(statement);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('statement', 'id')
  @StatementIdParam()
  @ApiOperation({
    operationId: 'deleteStatement',
    summary: 'Delete a liaison statement',
    description: 'Refused with 409 while other statements reply to it.',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(400, 404, 409, 412, 428, 500)
  async delete(@Param('id', uuidParam()) id: string, @Req() request: FastifyRequest): Promise<void> {
    await this.statements.delete(id, writeContext(request, { requireIfMatch: true }));
  }
}
