import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEnum, IsOptional, IsString, Length, Matches } from 'class-validator';
import { Transform } from 'class-transformer';
import { PageMetaDto } from '../../common/pagination/page.js';
import { NO_CONTROL_CHARS, Trim } from '../../common/validation/decorators.js';
import { PageQueryDto } from '../../bodies/dto/list-bodies.query.dto.js';

export enum SearchHitType {
  Body = 'body',
  Liaison = 'liaison',
  WorkItem = 'workItem',
  Contact = 'contact',
  Statement = 'statement',
}

const MAX_TYPES_LENGTH = 100;

export class SearchQueryDto extends PageQueryDto {
  /** Words to find (web-search syntax: `"exact phrase"`, `-excluded`, `or`). */
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'trust' })
  @Trim()
  @Length(1, 200)
  @Matches(NO_CONTROL_CHARS, { message: 'q must not contain control characters' })
  @IsString()
  q: string;

  /** Only hits of these types, comma-separated (default: all). */
  @ApiProperty({
    required: false,
    type: 'string',
    maxLength: MAX_TYPES_LENGTH,
    description: 'Comma-separated subset of: body, liaison, workItem, contact, statement.',
    pattern: '^(body|liaison|workItem|contact|statement)(,(body|liaison|workItem|contact|statement)){0,4}$',
    example: 'body,statement',
  })
  @IsOptional()
  // Longer text is left a string, which the array check refuses.
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value.length <= MAX_TYPES_LENGTH ? value.split(',').map((v) => v.trim()) : value,
  )
  @ArrayMaxSize(5)
  @ArrayUnique({ message: 'types must not repeat a type' })
  @IsEnum(SearchHitType, {
    each: true,
    message: 'types must be a comma-separated list of body, liaison, workItem, contact, statement',
  })
  @IsArray({ message: `types must be a comma-separated list of at most ${MAX_TYPES_LENGTH} characters` })
  types?: SearchHitType[];
}

/** One search hit. */
export class SearchHitDto {
  @ApiProperty({ enum: SearchHitType, enumName: 'SearchHitType', example: SearchHitType.Body })
  type: SearchHitType;

  @ApiProperty({ format: 'uuid' })
  id: string;

  /** What the hit is called (designation and name, reference and title, a person's name, ...). */
  @ApiProperty({ example: 'ISO/IEC JTC 1/SC 42 — Artificial intelligence' })
  title: string;

  /** The matching passage, matched words between `**`. */
  @ApiProperty({ example: 'Joint Correspondence Group on **Trust**' })
  snippet: string;

  /** Relevance (higher first). */
  @ApiProperty({ example: 0.6079 })
  rank: number;

  /** Path of the resource. */
  @ApiProperty({ example: '/v1/bodies/5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10' })
  path: string;
}

export class SearchPageDto extends PageMetaDto {
  @ApiProperty({ type: [SearchHitDto] })
  items: SearchHitDto[];
}
