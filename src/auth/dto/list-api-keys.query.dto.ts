import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../bodies/dto/list-bodies.query.dto.js';
import { ApiKeyRole } from '../api-key-role.js';
import { ApiKeyStatus } from '../api-key-rules.js';

export enum ApiKeySort {
  CreatedAt = 'createdAt',
  CreatedAtDesc = '-createdAt',
  Name = 'name',
  NameDesc = '-name',
}

export class ListApiKeysQueryDto extends PageQueryDto {
  @ApiProperty({ enum: ApiKeyRole, enumName: 'ApiKeyRole', required: false })
  @IsOptional()
  @IsEnum(ApiKeyRole)
  role?: ApiKeyRole;

  @ApiProperty({ enum: ApiKeyStatus, enumName: 'ApiKeyStatus', required: false })
  @IsOptional()
  @IsEnum(ApiKeyStatus)
  status?: ApiKeyStatus;

  /** Only secretariat keys scoped to this body (directly). */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  bodyId?: string;

  /** Sort order; a leading `-` sorts descending. Default `createdAt`. */
  @ApiProperty({ enum: ApiKeySort, enumName: 'ApiKeySort', required: false, default: ApiKeySort.CreatedAt })
  @IsOptional()
  @IsEnum(ApiKeySort)
  sort?: ApiKeySort;
}
