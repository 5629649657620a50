import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem.js';
// The one state machine whose refusals carry these fields: named enums make them typed in the SDKs.
import { LiaisonStatus } from '../../liaisons/liaison-enums.js';
import { LiaisonAction } from '../../liaisons/lifecycle.js';
import { LIAISON_ACTION_SCHEMA, LIAISON_STATUS_SCHEMA } from '../../liaisons/dto/enum-schemas.js';

export class FieldErrorDto {
  /** Path of the offending input, e.g. `designation` or `objectives[2]`. */
  @ApiProperty({ example: 'designation' })
  field: string;

  @ApiProperty({ example: 'designation must be longer than or equal to 1 characters' })
  message: string;
}

/** The resource a request was applied to (409 `idempotency-key-applied`). */
export class AppliedResourceDto {
  /** The kind of resource, as the change feed names it. */
  @ApiProperty({ example: 'liaison' })
  type: string;

  @ApiProperty({ format: 'uuid', example: '3f0c7a52-8d5e-4a7b-9d0e-2b7c4f1a6e90' })
  id: string;
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

  /** 409 on a liaison's state change or edit: the status the liaison is in. */
  @ApiProperty({
    enum: LiaisonStatus,
    enumName: 'LiaisonStatus',
    enumSchema: LIAISON_STATUS_SCHEMA,
    required: false,
    example: LiaisonStatus.EligibilityReview,
  })
  currentStatus?: LiaisonStatus;

  /** 409 on a transition the state does not allow: the actions it allows now (empty in a final state). */
  @ApiProperty({
    enum: LiaisonAction,
    enumName: 'LiaisonAction',
    enumSchema: LIAISON_ACTION_SCHEMA,
    isArray: true,
    required: false,
    example: [LiaisonAction.RecordEligibility, LiaisonAction.Reject],
  })
  allowedActions?: LiaisonAction[];

  /** 409 on a delete: why the resource cannot go (`has-children`, `referenced`, `has-replies`, ...). */
  @ApiProperty({ required: false, example: 'has-children' })
  reason?: string;

  /** 409 on a duplicate: the id of the resource that already holds the unique value. */
  @ApiProperty({ format: 'uuid', required: false, example: '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10' })
  existingId?: string;

  /** 409 `idempotency-key-applied`: what the first request with the key changed (read it there). */
  @ApiProperty({ type: AppliedResourceDto, required: false })
  resource?: AppliedResourceDto;

  /** 409 on deleting a statement that has replies: the replies. */
  @ApiProperty({ type: 'string', format: 'uuid', isArray: true, required: false })
  replyIds?: string[];

  /** 409 on deleting a work item linked to liaisons: those liaisons. */
  @ApiProperty({ type: 'string', format: 'uuid', isArray: true, required: false })
  liaisonIds?: string[];
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

/** A status with the default description, or with one of the operation's own (and an example problem). */
export type ProblemResponse = number | { status: number; description: string; example?: Record<string, unknown> };

/** Documents the error responses of an operation, all sharing the problem schema. */
export function ApiProblems(...responses: ProblemResponse[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto, FieldErrorDto, AppliedResourceDto),
    ...responses.map((response) => {
      const { status, description, example } =
        typeof response === 'number'
          ? { status: response, description: DESCRIPTIONS[response], example: undefined }
          : response;
      return ApiResponse({
        status,
        description: description ?? 'Error.',
        content: {
          [PROBLEM_CONTENT_TYPE]: {
            schema: { $ref: getSchemaPath(ProblemDto) },
            ...(example === undefined ? {} : { example }),
          },
        },
      });
    }),
  );
}
