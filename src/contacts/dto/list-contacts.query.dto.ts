import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQueryDto } from '../../bodies/dto/list-bodies.query.dto.js';
import { NO_CONTROL_CHARS, Trim } from '../../common/validation/decorators.js';
import { RosterRole } from '../roster-role.js';

export enum ContactSort {
  Name = 'name',
  NameDesc = '-name',
  CreatedAt = 'createdAt',
  CreatedAtDesc = '-createdAt',
}

export class ListContactsQueryDto extends PageQueryDto {
  /** Case-insensitive text matched against the name and, for callers with an API key, the e-mail address. */
  @ApiProperty({ required: false, maxLength: 200, example: 'dryden' })
  @IsOptional()
  @Trim()
  @Length(1, 200)
  @Matches(NO_CONTROL_CHARS, { message: 'q must not contain control characters' })
  @IsString()
  q?: string;

  /** Only contacts with a membership (current or ended) in this body. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  bodyId?: string;

  /** Only contacts holding (or having held) this role; with `bodyId`, in that body. */
  @ApiProperty({ enum: RosterRole, enumName: 'RosterRole', required: false })
  @IsOptional()
  @IsEnum(RosterRole)
  role?: RosterRole;

  /** Sort order; a leading `-` sorts descending. Default `name`. */
  @ApiProperty({ enum: ContactSort, enumName: 'ContactSort', required: false, default: ContactSort.Name })
  @IsOptional()
  @IsEnum(ContactSort)
  sort?: ContactSort;
}
