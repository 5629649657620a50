import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/pagination/page.js';

export enum WebhookDeliveryStatus {
  /** Waiting for its first or next attempt (`nextAttemptAt`). */
  Pending = 'pending',
  /** An instance is posting it now. */
  Delivering = 'delivering',
  /** The target answered 2xx. */
  Succeeded = 'succeeded',
  /** Every attempt of the retry schedule failed, or the target answered 410 Gone. */
  Failed = 'failed',
  /** Not sent any more: the subscription was deactivated or disabled. */
  Abandoned = 'abandoned',
}

export interface AttemptRecord {
  attempt: number;
  attemptedAt: Date;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

export interface DeliveryRecord {
  id: string;
  webhookId: string;
  messageId: string;
  changeId: string | null;
  sequence: number | null;
  eventType: string;
  status: WebhookDeliveryStatus;
  attemptCount: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  completedAt: Date | null;
  payload: unknown;
  attempts: AttemptRecord[];
}

/** One attempt to post a delivery. */
export class WebhookAttemptDto {
  /** 1 for the first attempt. */
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: 1000, example: 1 })
  attempt: number;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:01.000Z' })
  attemptedAt: string;

  /** HTTP status of the answer; null when none came (connection error, timeout, refused address). */
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 100, maximum: 599, nullable: true, example: 503 })
  statusCode: number | null;

  /** Milliseconds from sending to the end of the answer (or the error). */
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: 86_400_000, example: 42 })
  durationMs: number;

  /** Why the attempt failed; null on success. */
  @ApiProperty({ type: String, nullable: true, example: 'The target answered 503 Service Unavailable.' })
  error: string | null;

  static from(record: AttemptRecord): WebhookAttemptDto {
    const dto = new WebhookAttemptDto();
    dto.attempt = record.attempt;
    dto.attemptedAt = record.attemptedAt.toISOString();
    dto.statusCode = record.statusCode;
    dto.durationMs = record.durationMs;
    dto.error = record.error;
    return dto;
  }
}

/** One event (or test ping) to deliver to one subscription, with every attempt made. */
export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  webhookId: string;

  /** The `webhook-id` header: the same on every attempt, so receivers can drop duplicates. */
  @ApiProperty({ example: 'msg_2b7f0c1e9a4d4e0f8c3b6a5d4e3f2a1b' })
  messageId: string;

  /** The change event delivered; null for a test delivery. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  changeId: string | null;

  /** Feed position of the change event; null for a test delivery. */
  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 1,
    maximum: 9_007_199_254_740_991,
    nullable: true,
    example: 1042,
  })
  sequence: number | null;

  @ApiProperty({ example: 'liaison.created' })
  eventType: string;

  @ApiProperty({
    enum: WebhookDeliveryStatus,
    enumName: 'WebhookDeliveryStatus',
    example: WebhookDeliveryStatus.Succeeded,
  })
  status: WebhookDeliveryStatus;

  /** Attempts made so far. */
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: 1000, example: 1 })
  attemptCount: number;

  /** When the next attempt is due (or the current one's lease ends); null once final. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextAttemptAt: string | null;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 100, maximum: 599, nullable: true, example: 200 })
  lastStatusCode: number | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  lastError: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  /** When it succeeded, failed for good or was abandoned. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt: string | null;

  /** The body posted: the change event as `GET /v1/changes` shows it, or the test ping. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  payload: unknown;

  /** Every attempt, oldest first. */
  @ApiProperty({ type: [WebhookAttemptDto] })
  attempts: WebhookAttemptDto[];

  static from(record: DeliveryRecord): WebhookDeliveryDto {
    const dto = new WebhookDeliveryDto();
    dto.id = record.id;
    dto.webhookId = record.webhookId;
    dto.messageId = record.messageId;
    dto.changeId = record.changeId;
    dto.sequence = record.sequence;
    dto.eventType = record.eventType;
    dto.status = record.status;
    dto.attemptCount = record.attemptCount;
    dto.nextAttemptAt = record.nextAttemptAt?.toISOString() ?? null;
    dto.lastStatusCode = record.lastStatusCode;
    dto.lastError = record.lastError;
    dto.createdAt = record.createdAt.toISOString();
    dto.completedAt = record.completedAt?.toISOString() ?? null;
    dto.payload = record.payload;
    dto.attempts = record.attempts.map((a) => WebhookAttemptDto.from(a));
    return dto;
  }
}

/** One page of deliveries. */
export class WebhookDeliveryPageDto extends PageMetaDto {
  @ApiProperty({ type: [WebhookDeliveryDto] })
  items: WebhookDeliveryDto[];
}
