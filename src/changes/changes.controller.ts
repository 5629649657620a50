import { Controller, Get, Header, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ApiProblems } from '../common/problem/problem.dto.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { publishFeed, readFeed } from './change-feed.js';
import { ChangeEventDto, ChangePageDto, ListChangesQueryDto } from './dto/change.dto.js';

const DEFAULT_LIMIT = 100;

@ApiTags('changes')
@Controller('v1/changes')
export class ChangesController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('cache-control', 'no-cache')
  @ApiOperation({
    operationId: 'listChanges',
    summary: 'Poll the change feed',
    description:
      'Every committed change (create, update, delete, transition, roster change, ...) in order. Poll with the ' +
      '`nextCursor` you were given: you never miss an event and never see one twice, even when transactions commit ' +
      'out of order (an event is published only once every transaction before it has finished). `X-Poll-Interval` ' +
      'says how many seconds to wait between polls; `If-None-Match` with the last `ETag` answers 304 when nothing new.',
  })
  @ApiHeader({
    name: 'If-None-Match',
    required: false,
    description: 'ETag of the previous poll.',
    schema: { type: 'string', maxLength: 1000 },
  })
  @ApiOkResponse({
    type: ChangePageDto,
    headers: {
      ETag: { description: 'Validator of this page.', schema: { type: 'string' } },
      'X-Poll-Interval': {
        description: 'Seconds to wait before the next poll.',
        schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 3600, example: 5 },
      },
    },
  })
  @ApiResponse({ status: 304, description: 'Nothing new since the ETag sent in `If-None-Match`.' })
  @ApiProblems(400, 500)
  async list(
    @Query() query: ListChangesQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ChangePageDto | undefined> {
    const manager = this.dataSource.manager;
    // Decided before reading any event: the page only changes when a new position is published.
    const { head } = await publishFeed(manager);
    const after = Number(query.after ?? 0);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const shape = createHash('sha256')
      .update(JSON.stringify([after, limit, query.types ?? null, query.resourceType ?? null]))
      .digest('base64url')
      .slice(0, 16);
    const etag = `"c${head}-${shape}"`;
    void reply.header('etag', etag).header('x-poll-interval', String(this.config.changesPollIntervalSeconds));
    if (request.headers['if-none-match'] === etag) {
      void reply.status(304);
      return undefined;
    }
    const { events, last } = await readFeed(manager, {
      after,
      limit,
      types: query.types,
      resourceType: query.resourceType,
    });
    return { items: events.map((e) => ChangeEventDto.from(e)), nextCursor: String(last) };
  }
}
