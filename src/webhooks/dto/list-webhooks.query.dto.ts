import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsOptional, IsString, Matches } from 'class-validator';
import { PageQueryDto } from '../../bodies/dto/list-bodies.query.dto.js';
import { ToBoolean } from '../../statements/dto/statement-validation.js';
import { WebhookDeliveryStatus } from './delivery.dto.js';
import { EVENT_TYPE_PATTERN } from './webhook-fields.js';

export enum WebhookSort {
  CreatedAt = 'createdAt',
  CreatedAtDesc = '-createdAt',
  Url = 'url',
  UrlDesc = '-url',
}

export class ListWebhooksQueryDto extends PageQueryDto {
  /** `true`: only active subscriptions; `false`: only inactive ones. */
  @ApiProperty({ required: false, type: Boolean })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  /** Only subscriptions that receive this event type (listing it, its `resource.*`, or all events). */
  @ApiProperty({ required: false, maxLength: 101, example: 'liaison.created' })
  @IsOptional()
  @Matches(EVENT_TYPE_PATTERN, { message: 'eventType must be an event type such as liaison.created' })
  @IsString()
  eventType?: string;

  /** Sort order; a leading `-` sorts descending. Default `createdAt`. */
  @ApiProperty({ enum: WebhookSort, enumName: 'WebhookSort', required: false, default: WebhookSort.CreatedAt })
  @IsOptional()
  @IsEnum(WebhookSort)
  sort?: WebhookSort;
}

export enum WebhookDeliverySort {
  CreatedAt = 'createdAt',
  CreatedAtDesc = '-createdAt',
}

export class ListWebhookDeliveriesQueryDto extends PageQueryDto {
  @ApiProperty({ enum: WebhookDeliveryStatus, enumName: 'WebhookDeliveryStatus', required: false })
  @IsOptional()
  @IsEnum(WebhookDeliveryStatus)
  status?: WebhookDeliveryStatus;

  /** Only deliveries of this event type (`webhook.ping` for test deliveries). */
  @ApiProperty({ required: false, maxLength: 101, example: 'liaison.created' })
  @IsOptional()
  @Matches(/^[a-zA-Z]{1,50}\.[a-zA-Z]{1,50}$/, { message: 'eventType must be an event type such as liaison.created' })
  @IsString()
  eventType?: string;

  /** Sort order; default `-createdAt` (newest first). */
  @ApiProperty({
    enum: WebhookDeliverySort,
    enumName: 'WebhookDeliverySort',
    required: false,
    default: WebhookDeliverySort.CreatedAtDesc,
  })
  @IsOptional()
  @IsEnum(WebhookDeliverySort)
  sort?: WebhookDeliverySort;
}
