import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { IsOptionalNotNull, IsOptionalNullable } from '../../common/validation/decorators.js';
import {
  BODY_IDS_SCHEMA,
  MAX_EVENT_TYPES,
  WebhookBodyIds,
  WebhookDescription,
  WebhookEventTypes,
  WebhookUrl,
} from './webhook-fields.js';

/** Fields to change; absent fields stay as they are. */
export class UpdateWebhookDto {
  /** New target URL (checked like at creation). */
  @ApiProperty({ required: false, maxLength: 2048, format: 'uri', example: 'https://portal.example.org/hooks/v2' })
  @IsOptionalNotNull()
  @WebhookUrl()
  url?: string;

  /** Replaces the event types; empty: all events. */
  @ApiProperty({
    type: 'array',
    items: { type: 'string', maxLength: 100 },
    required: false,
    maxItems: MAX_EVENT_TYPES,
    example: ['liaison.*'],
  })
  @IsOptionalNotNull()
  @WebhookEventTypes()
  eventTypes?: string[];

  /**
   * Replaces the bodies (see `createWebhook`); null: every event (admin keys only). A secretariat key may only name
   * bodies within its scope: it cannot widen a subscription beyond it.
   */
  @ApiProperty(BODY_IDS_SCHEMA)
  @WebhookBodyIds()
  bodyIds?: string[] | null;

  /**
   * `false` stops deliveries (queued ones are abandoned; events while inactive are never delivered); `true` resumes
   * them for events from then on and clears `disabledReason`.
   */
  @ApiProperty({ required: false, example: true })
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;

  @ApiProperty({ type: String, required: false, nullable: true, maxLength: 500 })
  @IsOptionalNullable()
  @WebhookDescription()
  description?: string | null;
}
