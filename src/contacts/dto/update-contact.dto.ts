import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, Matches } from 'class-validator';
import {
  IsOptionalNotNull,
  IsOptionalNullable,
  NO_CONTROL_CHARS,
  NormalizeSpaces,
  Trim,
} from '../../common/validation/decorators.js';

/** Fields to change; absent fields stay as they are, `null` clears a nullable field. */
export class UpdateContactDto {
  @ApiProperty({ required: false, minLength: 1, maxLength: 200, example: 'Andrew Dryden' })
  @IsOptionalNotNull()
  @NormalizeSpaces()
  @Length(1, 200)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  @IsString()
  name?: string;

  @ApiProperty({ type: String, required: false, nullable: true, maxLength: 50, example: 'Dr.' })
  @IsOptionalNullable()
  @NormalizeSpaces()
  @Length(1, 50)
  @Matches(NO_CONTROL_CHARS, { message: 'honorific must not contain control characters' })
  @IsString()
  honorific?: string | null;

  /** Unique (case-insensitive); stored as given. */
  @ApiProperty({ required: false, format: 'email', minLength: 3, maxLength: 320, example: 'dryden@iso.org' })
  @IsOptionalNotNull()
  @Trim()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @Length(3, 320)
  @IsString()
  email?: string;

  @ApiProperty({ type: String, required: false, nullable: true, maxLength: 200, example: 'ISO Central Secretariat' })
  @IsOptionalNullable()
  @NormalizeSpaces()
  @Length(1, 200)
  @Matches(NO_CONTROL_CHARS, { message: 'affiliation must not contain control characters' })
  @IsString()
  affiliation?: string | null;
}
