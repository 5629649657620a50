import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/pagination/page.js';

/** A subscription as stored (the secret stays inside the service except in the answer to its creation). */
export interface WebhookRecord {
  id: string;
  url: string;
  eventTypes: string[];
  active: boolean;
  description: string | null;
  owner: string;
  bodyIds: string[] | null;
  disabledReason: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A webhook subscription. Its signing secret is shown only once, in the answer to `createWebhook`. */
export class WebhookDto {
  @ApiProperty({ format: 'uuid', example: '3f1c2b4a-9d8e-4f7a-8b6c-5d4e3f2a1b0c' })
  id: string;

  /** Where deliveries are posted. */
  @ApiProperty({ format: 'uri', example: 'https://portal.example.org/hooks/registry' })
  url: string;

  /** Event types delivered (`type` or `resource.*`); empty: all. */
  @ApiProperty({ type: [String], example: ['liaison.created', 'statement.*'] })
  eventTypes: string[];

  /** Inactive subscriptions receive nothing but test deliveries. */
  @ApiProperty({ example: true })
  active: boolean;

  @ApiProperty({ type: String, nullable: true, example: 'SC 42 portal' })
  description: string | null;

  /** Who created the subscription (`key:<name>`). Every key whose scope covers its bodies may manage it. */
  @ApiProperty({ example: 'secretariat.sc42' })
  owner: string;

  /**
   * The subscription receives only the events concerning these bodies or bodies below them (see `createWebhook`);
   * null: every event (only admin keys make such subscriptions).
   */
  @ApiProperty({ type: [String], format: 'uuid', nullable: true, example: null })
  bodyIds: string[] | null;

  /** Why the subscription is inactive (410 Gone from the target, or deactivated through the API); null when active. */
  @ApiProperty({ type: String, nullable: true, example: null })
  disabledReason: string | null;

  /** Incremented on every change; send it in `If-Match`. */
  @ApiProperty({ example: 1 })
  version: number;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  updatedAt: string;

  static from(record: WebhookRecord): WebhookDto {
    return Object.assign(new WebhookDto(), WebhookDto.fields(record));
  }

  protected static fields(record: WebhookRecord): Omit<WebhookDto, never> {
    return {
      id: record.id,
      url: record.url,
      eventTypes: record.eventTypes,
      active: record.active,
      description: record.description,
      owner: record.owner,
      bodyIds: record.bodyIds,
      disabledReason: record.disabledReason,
      version: record.version,
      createdAt: record.createdAt.toISOString(),
      updatedAt: record.updatedAt.toISOString(),
    };
  }
}

/** A new subscription, with its signing secret: store it now, it is never shown again. */
export class CreatedWebhookDto extends WebhookDto {
  /**
   * Standard Webhooks signing secret (`whsec_` and base64): verify `webhook-signature` with it, e.g.
   * `new Webhook(secret).verify(body, headers)` from the `standardwebhooks` package.
   */
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw4R9NsQ8qGJ0=' })
  secret: string;

  static withSecret(record: WebhookRecord, secret: string): CreatedWebhookDto {
    return Object.assign(new CreatedWebhookDto(), WebhookDto.fields(record), { secret });
  }
}

/** One page of subscriptions. */
export class WebhookPageDto extends PageMetaDto {
  @ApiProperty({ type: [WebhookDto] })
  items: WebhookDto[];
}
