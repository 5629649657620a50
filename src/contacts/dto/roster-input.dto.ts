import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQueryDto } from '../../bodies/dto/list-bodies.query.dto.js';
import {
  IsOptionalNotNull,
  IsOptionalNullable,
  NO_CONTROL_CHARS,
  NormalizeSpaces,
} from '../../common/validation/decorators.js';
import { IsDateOnly } from '../../work-items/dto/date-only.js';
import { RosterRole } from '../roster-role.js';

export class AddRosterMemberDto {
  /** The person taking the role (must exist). */
  @ApiProperty({ format: 'uuid', example: '7e4b1c2d-3f5a-4b6c-8d9e-0f1a2b3c4d5e' })
  @IsUUID('all')
  contactId: string;

  @ApiProperty({ enum: RosterRole, enumName: 'RosterRole', example: RosterRole.TechnicalProgrammeManager })
  @IsEnum(RosterRole)
  role: RosterRole;

  /** First day in the role. */
  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: '2024-01-01' })
  @IsOptionalNullable()
  @IsDateOnly()
  since?: string | null;

  /** Last day in the role, not before `since`; leave out while the role is current. */
  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: null })
  @IsOptionalNullable()
  @IsDateOnly()
  until?: string | null;

  /** Free text, e.g. the title the body uses for the role. */
  @ApiProperty({
    type: String,
    required: false,
    nullable: true,
    maxLength: 500,
    example: 'ISO Technical Programme Manager',
  })
  @IsOptionalNullable()
  @NormalizeSpaces()
  @Length(1, 500)
  @Matches(NO_CONTROL_CHARS, { message: 'note must not contain control characters' })
  @IsString()
  note?: string | null;
}

/** Fields to change; absent fields stay as they are, `null` clears a nullable field (`until: null` re-opens the role). */
export class UpdateRosterMemberDto {
  @ApiProperty({ enum: RosterRole, enumName: 'RosterRole', required: false })
  @IsOptionalNotNull()
  @IsEnum(RosterRole)
  role?: RosterRole;

  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: '2024-01-01' })
  @IsOptionalNullable()
  @IsDateOnly()
  since?: string | null;

  /** Setting it ends the role. */
  @ApiProperty({ type: String, format: 'date', required: false, nullable: true, example: '2026-12-31' })
  @IsOptionalNullable()
  @IsDateOnly()
  until?: string | null;

  @ApiProperty({ type: String, required: false, nullable: true, maxLength: 500, example: 'Acting convenor' })
  @IsOptionalNullable()
  @NormalizeSpaces()
  @Length(1, 500)
  @Matches(NO_CONTROL_CHARS, { message: 'note must not contain control characters' })
  @IsString()
  note?: string | null;
}

export enum RosterSort {
  CreatedAt = 'createdAt',
  CreatedAtDesc = '-createdAt',
}

/** Query strings arrive as text: `true` and `false` become booleans, anything else is left for the validator to refuse. */
function ToBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));
}

export class ListRosterQueryDto extends PageQueryDto {
  @ApiProperty({ enum: RosterRole, enumName: 'RosterRole', required: false })
  @IsOptional()
  @IsEnum(RosterRole)
  role?: RosterRole;

  /** `true`: only current roles (no `until`); `false`: only ended ones. */
  @ApiProperty({ type: Boolean, required: false, example: true })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'current must be true or false' })
  current?: boolean;

  /** Sort order; a leading `-` sorts descending. Default `createdAt` (the order members were added). */
  @ApiProperty({ enum: RosterSort, enumName: 'RosterSort', required: false, default: RosterSort.CreatedAt })
  @IsOptional()
  @IsEnum(RosterSort)
  sort?: RosterSort;
}
