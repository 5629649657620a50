import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsISO8601,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import { IsOptionalNotNull, IsOptionalNullable, NormalizeSpaces } from '../../common/validation/decorators.js';
import { LowercaseUuid } from '../../liaisons/dto/liaison-validation.js';
import { ApiKeyRole } from '../api-key-role.js';
import { API_KEY_NAME, API_KEY_NAME_RULE, MAX_API_KEY_NAME_LENGTH, MAX_SCOPE_BODIES } from '../api-key-rules.js';

/** An instant with a time zone: `2027-01-31T00:00:00Z` or `2027-01-31T01:00:00+01:00`. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export class CreateApiKeyDto {
  /**
   * Who or what holds the key (a person, a secretariat, an integration); unique among all keys ever
   * made, revoked ones included. History records name the key as `key:<name>`.
   */
  @ApiProperty({ minLength: 1, maxLength: MAX_API_KEY_NAME_LENGTH, example: 'etsi-mts-secretariat' })
  @NormalizeSpaces()
  @Length(1, MAX_API_KEY_NAME_LENGTH)
  @Matches(API_KEY_NAME, { message: `name must ${API_KEY_NAME_RULE}` })
  @IsString()
  name: string;

  @ApiProperty({ enum: ApiKeyRole, enumName: 'ApiKeyRole', example: ApiKeyRole.Secretariat })
  @IsEnum(ApiKeyRole)
  role: ApiKeyRole;

  /**
   * For a `secretariat` key (required, at least one): the bodies it may write in; their descendants
   * are included. Must be left out for the other roles.
   */
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    isArray: true,
    required: false,
    maxItems: MAX_SCOPE_BODIES,
    uniqueItems: true,
  })
  @IsOptionalNotNull()
  @LowercaseUuid()
  @ArrayUnique()
  @ArrayMaxSize(MAX_SCOPE_BODIES)
  @IsUUID('all', { each: true })
  @IsArray()
  bodyIds?: string[];

  /** When the key stops working (an instant with a time zone, in the future); null or absent: never. */
  @ApiProperty({
    type: String,
    format: 'date-time',
    required: false,
    nullable: true,
    maxLength: 40,
    example: '2027-12-31T23:59:59Z',
  })
  @IsOptionalNullable()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be a valid date-time' })
  @Matches(DATE_TIME, { message: 'expiresAt must be written YYYY-MM-DDTHH:MM[:SS[.sss]] with Z or an offset' })
  @IsString()
  expiresAt?: string | null;
}
