import { applyDecorators } from '@nestjs/common';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { IsOptionalNullable, NO_CONTROL_CHARS, Trim } from '../../common/validation/decorators.js';
import { LowercaseUuid } from '../../liaisons/dto/liaison-validation.js';

/*
 * Decorator stacks shared by the create and update DTOs. `applyDecorators` registers them in the order given, and
 * with `stopAtFirstError` the first registered runs first: the type check comes first here (it is the bottom
 * decorator of a written stack).
 */

/** `liaison.created`, or `liaison.*` for every event of a resource type. */
export const EVENT_TYPE_PATTERN = /^[a-zA-Z]{1,50}\.([a-zA-Z]{1,50}|\*)$/;
export const MAX_EVENT_TYPES = 50;

/** Validation of a target URL: syntax here (400); the address rules are checked by the service (422). */
export function WebhookUrl(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    MaxLength(2048),
    IsUrl(
      { protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_fragments: false },
      { message: 'url must be an http or https URL without a fragment' },
    ),
    Trim(),
  );
}

export function WebhookEventTypes(): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    IsString({ each: true }),
    Matches(EVENT_TYPE_PATTERN, {
      each: true,
      message: 'eventTypes must be event types such as liaison.created, or liaison.* for all events of a resource',
    }),
    ArrayUnique({ message: 'eventTypes must not repeat a type' }),
    ArrayMaxSize(MAX_EVENT_TYPES),
    MaxLength(100, { each: true }),
  );
}

export function WebhookDescription(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Matches(NO_CONTROL_CHARS, { message: 'description must not contain control characters' }),
    Length(1, 500),
    Trim(),
  );
}

/** Most bodies one subscription names (as many as a secretariat key may be scoped to). */
export const MAX_WEBHOOK_BODIES = 50;

/**
 * Validation of `bodyIds`: absent or null (every event, admin keys only), or one or more distinct body ids. Whether
 * the bodies exist and lie within the caller's scope is checked by the service.
 */
export function WebhookBodyIds(): PropertyDecorator {
  return applyDecorators(
    IsOptionalNullable(),
    IsArray(),
    IsUUID('all', { each: true, message: 'bodyIds must be body ids (UUIDs)' }),
    ArrayMinSize(1, { message: 'bodyIds must name at least one body, or be null for every event' }),
    ArrayMaxSize(MAX_WEBHOOK_BODIES),
    ArrayUnique({ message: 'bodyIds must not repeat a body' }),
    LowercaseUuid(),
  );
}

/** The OpenAPI schema of `bodyIds` in requests. */
export const BODY_IDS_SCHEMA = {
  type: 'array',
  items: { type: 'string', format: 'uuid' },
  required: false,
  nullable: true,
  minItems: 1,
  maxItems: MAX_WEBHOOK_BODIES,
  uniqueItems: true,
  example: ['5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10'],
} as const;
