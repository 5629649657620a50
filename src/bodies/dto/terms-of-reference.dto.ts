import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsOptionalNullable, Trim } from '../../common/validation/decorators.js';

/** Text of a terms-of-reference item: tabs and line breaks allowed, other control characters not. */
const TOR_TEXT = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

/** Terms of reference of a group (correspondence group, focus group, ...). Its parent entity is the body's parent. */
export class TermsOfReferenceDto {
  /** What the group deliberates on. */
  @ApiProperty({
    type: String,
    nullable: true,
    example:
      'The Joint-CG-Trust will deliberate on the topic of "trust" (including trusted information) and "trustworthiness".',
  })
  scope: string | null;

  /** Objectives or deliberation topics, in order. */
  @ApiProperty({ type: [String], example: ['Explore the concept of trust in the context of telecom and ICTs.'] })
  objectives: string[];

  /** Work methods, in order. */
  @ApiProperty({ type: [String], example: ['Open to all ITU-T SG13, SG17 and SG20 members.'] })
  workMethods: string[];

  /** When and to whom the group reports. */
  @ApiProperty({
    type: String,
    nullable: true,
    example:
      'The results of the Joint-CG-Trust activities will be reported two weeks prior to each Study Group meeting.',
  })
  reporting: string | null;

  /** Bodies the group is associated with (e.g. the study groups whose members it is open to). */
  @ApiProperty({ type: [String], format: 'uuid' })
  associatedBodyIds: string[];
}

/** Terms of reference as sent by clients; replaces the stored terms of reference as a whole. */
export class TermsOfReferenceInputDto {
  @ApiProperty({ type: String, required: false, nullable: true, maxLength: 4000 })
  @IsOptionalNullable()
  @Trim()
  @Length(1, 4000)
  @Matches(TOR_TEXT, { message: 'scope must not contain control characters' })
  @IsString()
  scope?: string | null;

  @ApiProperty({
    type: [String],
    required: false,
    maxItems: 50,
    example: ['Review existing standards and frameworks.'],
  })
  @IsOptional()
  @ArrayMaxSize(50)
  @Length(1, 2000, { each: true })
  @Matches(TOR_TEXT, { each: true, message: 'objectives must not contain control characters' })
  @IsString({ each: true })
  @IsArray()
  objectives?: string[];

  @ApiProperty({ type: [String], required: false, maxItems: 50 })
  @IsOptional()
  @ArrayMaxSize(50)
  @Length(1, 2000, { each: true })
  @Matches(TOR_TEXT, { each: true, message: 'workMethods must not contain control characters' })
  @IsString({ each: true })
  @IsArray()
  workMethods?: string[];

  @ApiProperty({ type: String, required: false, nullable: true, maxLength: 2000 })
  @IsOptionalNullable()
  @Trim()
  @Length(1, 2000)
  @Matches(TOR_TEXT, { message: 'reporting must not contain control characters' })
  @IsString()
  reporting?: string | null;

  @ApiProperty({ type: [String], format: 'uuid', required: false, maxItems: 50 })
  @IsOptional()
  @ArrayMaxSize(50)
  @ArrayUnique({ message: 'associatedBodyIds must not repeat a body' })
  @IsUUID('all', { each: true })
  @IsArray()
  associatedBodyIds?: string[];
}
