import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/pagination/page.js';
import { ApiKeyOrigin, ApiKeyRole } from '../api-key-role.js';
import { apiKeyStatus, ApiKeyStatus } from '../api-key-rules.js';
import type { ApiKeyView } from '../api-key.store.js';

/** An API key as listed: never the key itself, only its first characters. */
export class ApiKeyDto {
  @ApiProperty({ format: 'uuid', example: '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b' })
  id: string;

  /** Unique name of the key; history records name it as `key:<name>`. */
  @ApiProperty({ example: 'etsi-mts-secretariat' })
  name: string;

  @ApiProperty({ enum: ApiKeyRole, enumName: 'ApiKeyRole', example: ApiKeyRole.Secretariat })
  role: ApiKeyRole;

  /** Bodies a secretariat key may write in (descendants included); empty for other roles. */
  @ApiProperty({ type: 'string', format: 'uuid', isArray: true, example: ['0f3c1a52-8d4e-4b8f-a0a5-1b2c3d4e5f60'] })
  bodyIds: string[];

  /** The first characters of the key, to recognise it. */
  @ApiProperty({ example: 'lr_Zk3pQ9aB' })
  prefix: string;

  /** `active`, or why the key no longer works. */
  @ApiProperty({ enum: ApiKeyStatus, enumName: 'ApiKeyStatus', example: ApiKeyStatus.Active })
  status: ApiKeyStatus;

  /** Where the key was made: the API, the `api-key` command, or the `ADMIN_API_KEY` variable. */
  @ApiProperty({ enum: ApiKeyOrigin, enumName: 'ApiKeyOrigin', example: ApiKeyOrigin.Api })
  origin: ApiKeyOrigin;

  /** The principal that created the key (`key:<name>`), or the command line. */
  @ApiProperty({ type: String, nullable: true, example: 'key:ops' })
  createdBy: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  createdAt: string;

  /** When the key was last used, to the minute (updated at most once a minute). */
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  lastUsedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2027-12-31T23:59:59.000Z' })
  expiresAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  revokedAt: string | null;

  static from(view: ApiKeyView): ApiKeyDto {
    return ApiKeyDto.fill(new ApiKeyDto(), view);
  }

  protected static fill<T extends ApiKeyDto>(dto: T, view: ApiKeyView): T {
    dto.id = view.id;
    dto.name = view.name;
    dto.role = view.role;
    dto.bodyIds = [...view.bodyIds];
    dto.prefix = view.prefix;
    dto.status = apiKeyStatus(view, new Date());
    dto.origin = view.origin;
    dto.createdBy = view.createdBy;
    dto.createdAt = view.createdAt.toISOString();
    dto.lastUsedAt = view.lastUsedAt?.toISOString() ?? null;
    dto.expiresAt = view.expiresAt?.toISOString() ?? null;
    dto.revokedAt = view.revokedAt?.toISOString() ?? null;
    return dto;
  }
}

/** A key just created: the only response that ever contains the key. */
export class CreatedApiKeyDto extends ApiKeyDto {
  /** The key, shown this once: store it now; only its hash is kept. */
  @ApiProperty({ example: 'lr_Zk3pQ9aBc1d2e3f4g5h6i7j8k9l0m1n2o3p4q5r6s7t' })
  key: string;

  static created(view: ApiKeyView, key: string): CreatedApiKeyDto {
    const dto = ApiKeyDto.fill(new CreatedApiKeyDto(), view);
    dto.key = key;
    return dto;
  }
}

/** One page of API keys. */
export class ApiKeyPageDto extends PageMetaDto {
  @ApiProperty({ type: [ApiKeyDto] })
  items: ApiKeyDto[];
}
