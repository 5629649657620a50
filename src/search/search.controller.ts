import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../common/pagination/send-page.js';
import { ApiProblems } from '../common/problem/problem.dto.js';
import { SearchPageDto, SearchQueryDto } from './dto/search.dto.js';
import { SearchService } from './search.service.js';

@ApiTags('search')
@Controller('v1/search')
export class SearchController {
  constructor(private readonly searchService: SearchService) {}

  @Get()
  @ApiOperation({
    operationId: 'searchRegistry',
    summary: 'Full-text search',
    description:
      'PostgreSQL full-text search over bodies (designation, name, scope), liaisons (rationale), work items ' +
      '(reference, title, status), contacts (names only) and statements (reference, title, summary, text); ' +
      'ranked, most relevant first, cursor-paginated.',
  })
  @ApiOkResponse({ type: SearchPageDto })
  @ApiProblems(400, 500)
  async search(
    @Query() query: SearchQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SearchPageDto> {
    return sendPage(request, reply, await this.searchService.search(query), (hit) => hit);
  }
}
