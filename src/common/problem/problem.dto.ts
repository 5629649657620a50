import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem.js';

export class FieldErrorDto {
  /** Path of the offending input, e.g. `designation` or `objectives[2]`. */
  @ApiProperty({ example: 'designation' })
  field: string;

  @ApiProperty({ example: 'designation must be longer than or equal to 1 characters' })
  message: string;
}

/** RFC 9457 problem details. */
export class ProblemDto {
  /** URI reference identifying the problem type. */
  @ApiProperty({ example: '/problems/not-found' })
  type: string;

  @ApiProperty({ example: 'Resource not found' })
  title: string;

  @ApiProperty({ example: 404 })
  status: number;

  @ApiProperty({ example: 'No body with id 5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10 exists.' })
  detail: string;

  /** The request path the problem occurred on. */
  @ApiProperty({ example: '/v1/bodies/5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10' })
  instance: string;

  /** Correlates the response with the server's logs. */
  @ApiProperty({ required: false, example: 'b7d2c1d4-0d8e-4c3a-9b4e-2f1e0c9a8b7d' })
  requestId?: string;

  /** Field-level details (validation failures, unknown references, duplicates). */
  @ApiProperty({ type: [FieldErrorDto], required: false })
  errors?: FieldErrorDto[];

  /** 403: the roles that may call the operation. */
  @ApiProperty({ type: [String], required: false, example: ['secretariat', 'admin'] })
  requiredRoles?: string[];

  /** 403: what a secretariat key's bodies must cover for this request. */
  @ApiProperty({ required: false, example: "the liaison's committee or partner" })
  requiredScope?: string;

  /** 429: seconds to wait, as in `Retry-After`. */
  @ApiProperty({ required: false, example: 42 })
  retryAfter?: number;
  /** 412: the version the resource is at (send it as `If-Match` after reading the resource again). */
  @ApiProperty({ type: 'integer', required: false, minimum: 1, maximum: 2_147_483_647, example: 4 })
  currentVersion?: number;

  /** 409 on a state change: the state the resource is in. */
  @ApiProperty({ required: false, example: 'eligibility_review' })
  currentStatus?: string;

  /** 409 on a transition the state does not allow: the actions it allows now. */
  @ApiProperty({ type: [String], required: false, example: ['recordEligibility', 'reject'] })
  allowedActions?: string[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: malformed JSON, invalid fields or parameters (see `errors`), or a bad cursor.',
  404: 'Not found.',
  409: 'Conflict with the current state (duplicate, or resource still in use).',
  413: 'Request body too large.',
  428: 'If-Match is required: send the ETag (version) of the resource as you read it.',
  412: 'The `If-Match` version is not the current one: read the resource again (`currentVersion`).',
  415: 'Unsupported media type: send application/json.',
  422: 'The request refers to something that does not exist or breaks a business rule.',
  500: 'Unexpected server error (no internal detail is disclosed).',
  503: 'Service unavailable.',
};

/** Documents the error responses of an operation, all sharing the problem schema. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto, FieldErrorDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error.',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}
