import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../common/http/principal.js';
import { writeContext } from '../common/http/write-context.js';
import { sendPage } from '../common/pagination/send-page.js';
import { ApiProblems } from '../common/problem/problem.dto.js';
import { problems } from '../common/problem/problem.js';
import { uuidParam } from '../common/validation/uuid.pipe.js';
import { CreateWebhookDto } from './dto/create-webhook.dto.js';
import { WebhookDeliveryDto, WebhookDeliveryPageDto } from './dto/delivery.dto.js';
import { ListWebhookDeliveriesQueryDto, ListWebhooksQueryDto } from './dto/list-webhooks.query.dto.js';
import { UpdateWebhookDto } from './dto/update-webhook.dto.js';
import { CreatedWebhookDto, WebhookDto, WebhookPageDto } from './dto/webhook.dto.js';
import { RequiresWebhookAccess, WebhookAccess } from './webhook-access.js';
import { WebhooksService } from './webhooks.service.js';

const ID_PARAM = ApiParam({ name: 'id', format: 'uuid', description: 'Id of the webhook subscription.' });
/** The caller: never anonymous here, the access guard answers 401 first. */
function callerOf(request: FastifyRequest): Principal {
  if (!request.principal) throw problems.unauthorized('This operation needs an API key.', false);
  return request.principal;
}

const IF_MATCH = ApiHeader({
  name: 'If-Match',
  required: true,
  description: 'ETag (version) of the subscription as read, e.g. "3", or *.',
  schema: { type: 'string', maxLength: 100 },
});

@ApiTags('webhooks')
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @RequiresWebhookAccess(WebhookAccess.CreateForOwnBodies)
  @ApiOperation({
    operationId: 'createWebhook',
    summary: 'Subscribe to change events',
    description:
      'Every change event of the chosen types (see `GET /v1/changes`) that occurs from now on is posted to `url` ' +
      'as JSON, signed per the Standard Webhooks specification (`webhook-id`, `webhook-timestamp`, ' +
      '`webhook-signature`). The answer holds the signing `secret`: it is shown this once only. A target that ' +
      'is not http(s), holds credentials, or resolves to a private, loopback, link-local or otherwise non-public ' +
      'address is refused with 422.\n\n' +
      'With `bodyIds`, only the events concerning those bodies or bodies below them are posted, deletions ' +
      "included: a body's own events, its liaisons (as committee or partner), work items, statements (sent, or " +
      'received to or cc), roster, and the contacts linked to any of these. A secretariat key must send `bodyIds` ' +
      '(422 `rule-violation` without it: only admin keys subscribe to every event), each one of its bodies or below ' +
      'one of them (403 naming the others in `outOfScopeBodyIds`); an unknown body is 422 `unknown-reference`. ' +
      "Deliveries carry contacts' e-mail addresses, which every key holder may read.",
  })
  @ApiBody({ type: CreateWebhookDto })
  @ApiCreatedResponse({ type: CreatedWebhookDto, description: 'Created; `Location` names the subscription.' })
  @ApiProblems(400, 413, 415, 422, 500)
  async create(
    @Body() input: CreateWebhookDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreatedWebhookDto> {
    const { record, secret } = await this.webhooks.create(input, writeContext(request), callerOf(request));
    void reply.header('location', `/v1/webhooks/${record.id}`);
    return CreatedWebhookDto.withSecret(record, secret);
  }

  @Get()
  @RequiresWebhookAccess(WebhookAccess.ListOwnBodies)
  @ApiOperation({
    operationId: 'listWebhooks',
    summary: 'List webhook subscriptions',
    description: 'Cursor-paginated; secrets are never shown.',
  })
  @ApiOkResponse({ type: WebhookPageDto })
  @ApiProblems(400, 500)
  async list(
    @Query() query: ListWebhooksQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookPageDto> {
    return sendPage(request, reply, await this.webhooks.list(query, callerOf(request)), WebhookDto.from);
  }

  @Get(':id')
  @RequiresWebhookAccess(WebhookAccess.OwnBodies)
  @ID_PARAM
  @ApiOperation({ operationId: 'getWebhook', summary: 'Get a webhook subscription (without its secret)' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiProblems(400, 404, 500)
  async get(@Param('id', uuidParam()) id: string, @Req() request: FastifyRequest): Promise<WebhookDto> {
    return WebhookDto.from(await this.webhooks.get(id, callerOf(request)));
  }

  @Patch(':id')
  @RequiresWebhookAccess(WebhookAccess.OwnBodies)
  @ID_PARAM
  @IF_MATCH
  @ApiOperation({
    operationId: 'updateWebhook',
    summary: 'Change a webhook subscription',
    description:
      'Absent fields stay as they are. `active: false` stops deliveries and abandons queued ones; `active: true` ' +
      'resumes deliveries for events from then on (for instance after a 410 Gone disabled it). Requires `If-Match`. ' +
      'New `bodyIds` follow the rules of `createWebhook`: a secretariat key cannot set them to null (422) nor name ' +
      `a body outside its scope (403), so it cannot widen a subscription.`,
  })
  @ApiBody({ type: UpdateWebhookDto })
  @ApiOkResponse({ type: WebhookDto })
  @ApiProblems(400, 404, 412, 413, 415, 422, 428, 500)
  async update(
    @Param('id', uuidParam()) id: string,
    @Body() input: UpdateWebhookDto,
    @Req() request: FastifyRequest,
  ): Promise<WebhookDto> {
    return WebhookDto.from(
      await this.webhooks.update(id, input, writeContext(request, { requireIfMatch: true }), callerOf(request)),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresWebhookAccess(WebhookAccess.OwnBodies)
  @ID_PARAM
  @IF_MATCH
  @ApiOperation({
    operationId: 'deleteWebhook',
    summary: 'Delete a webhook subscription',
    description: `Its queued deliveries and delivery log go with it. Requires \`If-Match\`.`,
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(400, 404, 412, 428, 500)
  async delete(@Param('id', uuidParam()) id: string, @Req() request: FastifyRequest): Promise<void> {
    await this.webhooks.delete(id, writeContext(request, { requireIfMatch: true }), callerOf(request));
  }

  @Get(':id/deliveries')
  @RequiresWebhookAccess(WebhookAccess.OwnBodies)
  @ID_PARAM
  @ApiOperation({
    operationId: 'listWebhookDeliveries',
    summary: 'Deliveries of a subscription, with every attempt',
    description:
      'Newest first by default. Each delivery lists its attempts (time, status code, duration, error). Failed ' +
      'attempts are retried with exponential backoff and jitter over at least 24 hours (a `Retry-After` answer is ' +
      `honoured); 410 Gone disables the subscription.`,
  })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiProblems(400, 404, 500)
  async deliveries(
    @Param('id', uuidParam()) id: string,
    @Query() query: ListWebhookDeliveriesQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookDeliveryPageDto> {
    return sendPage(
      request,
      reply,
      await this.webhooks.listDeliveries(id, query, callerOf(request)),
      WebhookDeliveryDto.from,
    );
  }

  @Get(':id/deliveries/:deliveryId')
  @RequiresWebhookAccess(WebhookAccess.OwnBodies)
  @ID_PARAM
  @ApiParam({ name: 'deliveryId', format: 'uuid', description: 'Id of the delivery.' })
  @ApiOperation({ operationId: 'getWebhookDelivery', summary: 'Get one delivery with its attempts' })
  @ApiOkResponse({ type: WebhookDeliveryDto })
  @ApiProblems(400, 404, 500)
  async delivery(
    @Param('id', uuidParam()) id: string,
    @Param('deliveryId', uuidParam('deliveryId')) deliveryId: string,
    @Req() request: FastifyRequest,
  ): Promise<WebhookDeliveryDto> {
    return WebhookDeliveryDto.from(await this.webhooks.getDelivery(id, deliveryId, callerOf(request)));
  }

  @Post(':id/test')
  @HttpCode(202)
  @RequiresWebhookAccess(WebhookAccess.OwnBodies)
  @ID_PARAM
  @ApiOperation({
    operationId: 'testWebhook',
    summary: 'Send a test delivery',
    description:
      'Queues a signed `webhook.ping` delivery, sent within a poll interval even when the subscription is inactive ' +
      `(to check a receiver before reactivating it). Follow it at \`Location\`.`,
  })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto, description: 'Queued; `Location` names the delivery.' })
  @ApiProblems(400, 404, 500)
  async test(
    @Param('id', uuidParam()) id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookDeliveryDto> {
    const delivery = await this.webhooks.ping(id, writeContext(request), callerOf(request));
    void reply.header('location', `/v1/webhooks/${id}/deliveries/${delivery.id}`);
    return WebhookDeliveryDto.from(delivery);
  }
}
