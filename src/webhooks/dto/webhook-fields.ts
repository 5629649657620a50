import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, ArrayUnique, IsArray, IsString, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { NO_CONTROL_CHARS, Trim } from '../../common/validation/decorators.js';

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
