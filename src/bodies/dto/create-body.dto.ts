import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { TermsOfReferenceInputDto } from './terms-of-reference.dto.js';
import {
  IsEnum,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  IsObject,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNullable, NO_CONTROL_CHARS, NormalizeSpaces, Trim } from '../../common/validation/decorators.js';
import { BodyKind, BodyStatus } from '../body-kind.js';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class CreateBodyDto {
  /** Designation as people write it, unique (case-insensitive); spaces are normalised. */
  @ApiProperty({ example: 'ISO/IEC JTC 1/SC 42', minLength: 1, maxLength: 200 })
  @NormalizeSpaces()
  @Length(1, 200)
  @Matches(NO_CONTROL_CHARS, { message: 'designation must not contain control characters' })
  @IsString()
  designation: string;

  /** Full name. */
  @ApiProperty({ example: 'Artificial intelligence', minLength: 1, maxLength: 500 })
  @NormalizeSpaces()
  @Length(1, 500)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  @IsString()
  name: string;

  @ApiProperty({ enum: BodyKind, enumName: 'BodyKind', example: BodyKind.Subcommittee })
  @IsEnum(BodyKind)
  kind: BodyKind;

  /** The body this one sits under (must exist). */
  @ApiProperty({ type: String, format: 'uuid', required: false, nullable: true })
  @IsOptionalNullable()
  @IsUUID('all')
  parentId?: string | null;

  /** Defaults to `active`. */
  @ApiProperty({ enum: BodyStatus, enumName: 'BodyStatus', required: false, example: BodyStatus.Active })
  @IsOptional()
  @IsEnum(BodyStatus)
  status?: BodyStatus;

  /** Public web page (http or https). */
  @ApiProperty({
    type: String,
    required: false,
    nullable: true,
    maxLength: 2048,
    example: 'https://www.iso.org/committee/6794475.html',
  })
  @IsOptionalNullable()
  @Trim()
  @MaxLength(2048)
  @IsUrl(URL_OPTIONS, { message: 'website must be an http or https URL' })
  @IsString()
  website?: string | null;

  /** Mailing list, as the body publishes it. */
  @ApiProperty({ type: String, required: false, nullable: true, maxLength: 320, example: 'sc42@lists.example.org' })
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
