import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../common/pagination/send-page.js';
import { ApiProblems } from '../common/problem/problem.dto.js';
import { uuidParam } from '../common/validation/uuid.pipe.js';
import { LiaisonDto, LiaisonPageDto } from './dto/liaison.dto.js';
import { ListBodyLiaisonsQueryDto } from './dto/list-liaisons.query.dto.js';
import { LiaisonsService } from './liaisons.service.js';

/** The liaisons of one body, read from the body's side. Lives here so that bodies/ need not know liaisons. */
@ApiTags('liaisons')
@Controller('v1/bodies/:id/liaisons')
export class BodyLiaisonsController {
  constructor(private readonly liaisons: LiaisonsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listBodyLiaisons',
    summary: 'List the liaisons of a body',
    description:
      'Liaisons in which the body is the committee or the partner; the same filters, sorts and pagination as ' +
      '`listLiaisons`.',
  })
  @ApiOkResponse({ type: LiaisonPageDto })
  @ApiParam({ name: 'id', format: 'uuid', description: 'Id of the body.' })
  @ApiProblems(400, 404, 500)
  async list(
    @Param('id', uuidParam()) id: string,
    @Query() query: ListBodyLiaisonsQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LiaisonPageDto> {
    return sendPage(request, reply, await this.liaisons.listForBody(id, query), LiaisonDto.from);
  }
}
