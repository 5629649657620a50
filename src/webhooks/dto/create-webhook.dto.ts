import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { IsOptionalNullable } from '../../common/validation/decorators.js';
import {
  BODY_IDS_SCHEMA,
  MAX_EVENT_TYPES,
  WebhookBodyIds,
  WebhookDescription,
  WebhookEventTypes,
  WebhookUrl,
} from './webhook-fields.js';

export class CreateWebhookDto {
  /**
   * Where deliveries are posted: http or https, no user name or password, and a host whose every address is public
   * (private, loopback, link-local and similar addresses are refused unless the deployment allows them).
   */
  @ApiProperty({ maxLength: 2048, format: 'uri', example: 'https://portal.example.org/hooks/registry' })
  @WebhookUrl()
  url: string;

  /** Event types to deliver (`liaison.created`, or `liaison.*` for all events of liaisons); empty or absent: all. */
  @ApiProperty({
    type: 'array',
    items: { type: 'string', maxLength: 100 },
    required: false,
    maxItems: MAX_EVENT_TYPES,
    example: ['liaison.created', 'liaison.transitioned', 'statement.*'],
  })
  @IsOptional()
  @WebhookEventTypes()
  eventTypes?: string[];

  /**
   * Only the events concerning these bodies or bodies below them: a body's own events; liaisons whose committee or
   * partner it is; its work items; statements it sends or receives (to or cc); its roster; contacts on its roster,
   * representing or expert of its liaisons, or contact of its statements. Deletions included. Required for a
   * secretariat key, every body within its scope. Admin keys may leave it out or send null: every event.
   */
  @ApiProperty(BODY_IDS_SCHEMA)
  @WebhookBodyIds()
  bodyIds?: string[] | null;

  /** Inactive subscriptions receive nothing (test deliveries excepted). Default true. */
  @ApiProperty({ required: false, default: true, example: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  /** What the subscription is for. */
  @ApiProperty({ type: String, required: false, nullable: true, maxLength: 500, example: 'SC 42 portal' })
  @IsOptionalNullable()
  @WebhookDescription()
  description?: string | null;
}
