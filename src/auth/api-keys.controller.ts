import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
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
import { actorOf } from '../common/http/actor.js';
import { sendPage } from '../common/pagination/send-page.js';
import { ApiProblems } from '../common/problem/problem.dto.js';
import { uuidParam } from '../common/validation/uuid.pipe.js';
import { AdminOnly } from './access.decorators.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApiKeyDto, ApiKeyPageDto, CreatedApiKeyDto } from './dto/api-key.dto.js';
import { CreateApiKeyDto } from './dto/create-api-key.dto.js';
import { ListApiKeysQueryDto } from './dto/list-api-keys.query.dto.js';

const ID_PARAM = { name: 'id', description: 'Identifier of the API key.', format: 'uuid', type: String } as const;

@ApiTags('api-keys')
@AdminOnly()
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @ApiOperation({
    operationId: 'listApiKeys',
    summary: 'List API keys',
    description: 'Never shows the keys themselves, only their first characters. Cursor-paginated.',
  })
  @ApiOkResponse({ type: ApiKeyPageDto })
  @ApiProblems(400, 500)
  async list(
    @Query() query: ListApiKeysQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApiKeyPageDto> {
    return sendPage(request, reply, await this.apiKeys.list(query), ApiKeyDto.from);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getApiKey', summary: 'Get an API key' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiProblems(400, 404, 500)
  async get(@Param('id', uuidParam()) id: string): Promise<ApiKeyDto> {
    return ApiKeyDto.from(await this.apiKeys.get(id));
  }

  @Post()
  @ApiOperation({
    operationId: 'createApiKey',
    summary: 'Create an API key',
    description:
      'Answers the key once, in `key`: only its SHA-256 is stored. A `secretariat` key needs `bodyIds` (its ' +
      'scope; descendants included), other roles must not have any (422). Names are unique for ever (409).',
  })
  @ApiBody({ type: CreateApiKeyDto })
  @ApiCreatedResponse({ type: CreatedApiKeyDto, description: 'Created; `Location` names the new key.' })
  @ApiProblems(400, 409, 413, 415, 422, 500)
  async create(
    @Body() input: CreateApiKeyDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreatedApiKeyDto> {
    const { view, key } = await this.apiKeys.create(input, actorOf(request));
    void reply.header('location', `/v1/api-keys/${view.id}`).header('cache-control', 'no-store');
    return CreatedApiKeyDto.created(view, key);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key',
    description: 'The key stops working at once; it stays listed with `revokedAt`. Revoking again changes nothing.',
  })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblems(400, 404, 500)
  async revoke(@Param('id', uuidParam()) id: string): Promise<void> {
    await this.apiKeys.revoke(id);
  }
}
