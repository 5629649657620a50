import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, Matches } from 'class-validator';
import { IsOptionalNullable, NO_CONTROL_CHARS, NormalizeSpaces, Trim } from '../../common/validation/decorators.js';

export class CreateContactDto {
  /** Full name, as the person writes it; spaces are normalised. */
  @ApiProperty({ example: 'Andrew Dryden', minLength: 1, maxLength: 200 })
  @NormalizeSpaces()
  @Length(1, 200)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  @IsString()
  name: string;

  /** Form of address. */
  @ApiProperty({ type: String, required: false, nullable: true, maxLength: 50, example: 'Mr.' })
  @IsOptionalNullable()
  @NormalizeSpaces()
  @Length(1, 50)
  @Matches(NO_CONTROL_CHARS, { message: 'honorific must not contain control characters' })
  @IsString()
  honorific?: string | null;

  /** E-mail address, unique (case-insensitive); stored as given. */
  @ApiProperty({ format: 'email', minLength: 3, maxLength: 320, example: 'dryden@iso.org' })
  @Trim()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @Length(3, 320)
  @IsString()
  email: string;

  /** Organisation the person works for. */
  @ApiProperty({ type: String, required: false, nullable: true, maxLength: 200, example: 'ISO Central Secretariat' })
  @IsOptionalNullable()
  @NormalizeSpaces()
  @Length(1, 200)
  @Matches(NO_CONTROL_CHARS, { message: 'affiliation must not contain control characters' })
  @IsString()
  affiliation?: string | null;
}
