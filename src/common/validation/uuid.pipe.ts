import { ParseUUIDPipe } from '@nestjs/common';
import { problems } from '../problem/problem.js';

/** Path ids must be UUIDs; anything else is a 400 naming the parameter. */
export function uuidParam(name = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      problems.validation([{ field: name, message: `${name} must be a UUID` }], `${name} must be a UUID.`),
  });
}
