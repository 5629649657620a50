import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { MAX_PAGE_SIZE } from '../../common/pagination/page.js';
import { ToInteger } from '../../common/validation/decorators.js';
import { mayReadEmails } from '../../common/http/principal.js';
import type { ChangeEvent, ResourceType } from '../change-feed.js';

/** Contacts' e-mail addresses are personal data: callers without a key see them as null in event data too. */
function withoutEmails(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmails);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, key === 'email' ? null : withoutEmails(inner)]),
  );
}

/**
 * The resources whose representation embeds contacts' e-mail addresses (a contact; a roster membership, which
 * embeds its contact). Events of the others carry none and are passed through as stored.
 */
const WITH_EMAILS: ReadonlySet<ResourceType> = new Set<ResourceType>(['contact', 'membership']);

export const RESOURCE_TYPES: readonly ResourceType[] = [
  'body',
  'liaison',
  'workItem',
  'contact',
  'membership',
  'statement',
];

export enum ChangeResourceType {
  Body = 'body',
  Liaison = 'liaison',
  WorkItem = 'workItem',
  Contact = 'contact',
  Membership = 'membership',
  Statement = 'statement',
}

export class ListChangesQueryDto {
  /** `nextCursor` of the previous poll; omitted: from the beginning. */
  @ApiProperty({ required: false, maxLength: 20, pattern: '^[0-9]{1,15}$', example: '1042' })
  @IsOptional()
  @Matches(/^[0-9]{1,15}$/, { message: 'after must be a cursor returned as nextCursor' })
  @IsString()
  after?: string;

  /** Events per page (1 to 200, default 100). */
  @ApiProperty({ type: 'integer', required: false, minimum: 1, maximum: MAX_PAGE_SIZE, default: 100 })
  @IsOptional()
  @ToInteger()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  @IsInt()
  limit?: number;

  /** Only these event types, comma-separated (e.g. `liaison.transitioned,liaison.created`). */
  @ApiProperty({
    required: false,
    type: 'string',
    maxLength: 1000,
    pattern: '^[a-zA-Z]+\\.[a-zA-Z]+(,[a-zA-Z]+\\.[a-zA-Z]+)*$',
    example: 'liaison.created,liaison.transitioned',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value,
  )
  @ArrayMaxSize(30)
  @ArrayUnique()
  @Matches(/^[a-zA-Z]+\.[a-zA-Z]+$/, { each: true, message: 'types must be event types such as liaison.created' })
  @IsString({ each: true })
  @IsArray()
  types?: string[];

  @ApiProperty({ required: false, enum: ChangeResourceType, enumName: 'ChangeResourceType' })
  @IsOptional()
  @IsIn(RESOURCE_TYPES)
  resourceType?: ResourceType;
}

/** One committed change. */
export class ChangeEventDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  /** Position in the feed: strictly increasing, in commit-safe order. */
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, example: 1042 })
  sequence: number;

  /** `<resourceType>.<created|updated|deleted|transitioned|...>` */
  @ApiProperty({ example: 'liaison.transitioned' })
  type: string;

  @ApiProperty({ enum: ChangeResourceType, enumName: 'ChangeResourceType' })
  resourceType: ResourceType;

  @ApiProperty({ format: 'uuid' })
  resourceId: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt: string;

  /** Who made the change. */
  @ApiProperty({ example: 'anonymous' })
  actor: string;

  /** The resource as it was after the change (its API representation), or `{ id }` for a deletion. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  data: unknown;

  static from(event: ChangeEvent): ChangeEventDto {
    const dto = new ChangeEventDto();
    dto.id = event.id;
    dto.sequence = event.sequence;
    dto.type = event.type;
    dto.resourceType = event.resourceType;
    dto.resourceId = event.resourceId;
    dto.occurredAt = event.occurredAt.toISOString();
    dto.actor = event.actor;
    dto.data = mayReadEmails() || !WITH_EMAILS.has(event.resourceType) ? event.data : withoutEmails(event.data);
    return dto;
  }
}

export class ChangePageDto {
  @ApiProperty({ type: [ChangeEventDto] })
  items: ChangeEventDto[];

  /** Poll again with `after=<nextCursor>`; the same cursor comes back when nothing new was committed. */
  @ApiProperty({ example: '1042' })
  nextCursor: string;
}
