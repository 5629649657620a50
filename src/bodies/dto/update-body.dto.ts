import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { TermsOfReferenceInputDto } from './terms-of-reference.dto.js';
import { IsEnum, IsString, IsUrl, IsUUID, Length, Matches, MaxLength, IsObject, ValidateNested } from 'class-validator';
import {
  IsOptionalNotNull,
  IsOptionalNullable,
  NO_CONTROL_CHARS,
  NormalizeSpaces,
  Trim,
} from '../../common/validation/decorators.js';
import { BodyKind, BodyStatus } from '../body-kind.js';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** Fields to change; absent fields stay as they are, `null` clears a nullable field. */
export class UpdateBodyDto {
  @ApiProperty({ required: false, minLength: 1, maxLength: 200, example: 'ISO/IEC JTC 1/SC 42' })
  @IsOptionalNotNull()
  @NormalizeSpaces()
  @Length(1, 200)
  @Matches(NO_CONTROL_CHARS, { message: 'designation must not contain control characters' })
  @IsString()
  designation?: string;

  @ApiProperty({ required: false, minLength: 1, maxLength: 500, example: 'Artificial intelligence' })
  @IsOptionalNotNull()
  @NormalizeSpaces()
  @Length(1, 500)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  @IsString()
  name?: string;

  @ApiProperty({ enum: BodyKind, enumName: 'BodyKind', required: false })
  @IsOptionalNotNull()
  @IsEnum(BodyKind)
  kind?: BodyKind;

  /** New parent (must exist and must not be the body itself or one of its descendants); null makes it top-level. */
  @ApiProperty({ type: String, format: 'uuid', required: false, nullable: true })
  @IsOptionalNullable()
  @IsUUID('all')
  parentId?: string | null;

  @ApiProperty({ enum: BodyStatus, enumName: 'BodyStatus', required: false })
  @IsOptionalNotNull()
  @IsEnum(BodyStatus)
  status?: BodyStatus;

  @ApiProperty({ type: String, required: false, nullable: true, maxLength: 2048 })
  @IsOptionalNullable()
  @Trim()
  @MaxLength(2048)
  @IsUrl(URL_OPTIONS, { message: 'website must be an http or https URL' })
  @IsString()
  website?: string | null;

  @ApiProperty({ type: String, required: false, nullable: true, maxLength: 320 })
  @IsOptionalNullable()
  @Trim()
  @Length(1, 320)
  @Matches(NO_CONTROL_CHARS, { message: 'mailingList must not contain control characters' })
  @IsString()
  mailingList?: string | null;

  /**
   * Terms of reference (groups only, not organizations); replaces the stored ones as a whole, null removes them.
   * Its parent entity is `parentId`, its mailing list `mailingList`.
   */
  @ApiProperty({ type: () => TermsOfReferenceInputDto, required: false, nullable: true })
  @IsOptionalNullable()
  @ValidateNested()
  @Type(() => TermsOfReferenceInputDto)
  @IsObject()
  termsOfReference?: TermsOfReferenceInputDto | null;
}
