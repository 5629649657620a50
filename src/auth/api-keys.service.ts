import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Principal } from '../common/http/principal.js';
import { keysetPage, SqlConditions, type SortColumn } from '../common/pagination/keyset-page.js';
import type { Page } from '../common/pagination/page.js';
import { problems } from '../common/problem/problem.js';
import { ApiKeyOrigin } from './api-key-role.js';
import { ApiKeyStatus, unusableReason } from './api-key-rules.js';
import { hashApiKey } from './api-key-secret.js';
import {
  API_KEY_COLUMNS,
  attachScopes,
  findApiKey,
  insertApiKey,
  revokeApiKey,
  toApiKeyView,
  type ApiKeyView,
} from './api-key.store.js';
import type { CreateApiKeyDto } from './dto/create-api-key.dto.js';
import { ApiKeySort, type ListApiKeysQueryDto } from './dto/list-api-keys.query.dto.js';

const SORTS: Record<ApiKeySort, SortColumn<ApiKeyView>> = {
  [ApiKeySort.CreatedAt]: {
    column: 'k.created_at',
    direction: 'ASC',
    cast: 'timestamptz',
    key: (k) => k.createdAt.toISOString(),
  },
  [ApiKeySort.CreatedAtDesc]: {
    column: 'k.created_at',
    direction: 'DESC',
    cast: 'timestamptz',
    key: (k) => k.createdAt.toISOString(),
  },
  [ApiKeySort.Name]: { column: 'k.name', direction: 'ASC', key: (k) => k.name },
  [ApiKeySort.NameDesc]: { column: 'k.name', direction: 'DESC', key: (k) => k.name },
};

const STATUS_CONDITIONS: Record<ApiKeyStatus, string> = {
  [ApiKeyStatus.Active]: 'k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())',
  [ApiKeyStatus.Expired]: 'k.revoked_at IS NULL AND k.expires_at <= now()',
  [ApiKeyStatus.Revoked]: 'k.revoked_at IS NOT NULL',
};

/** `last_used_at` is refreshed at most this often per key, so that reads do not turn into writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type Authentication = { principal: Principal } | { failure: string };

@Injectable()
export class ApiKeysService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Looks a presented key up by its hash. */
  async authenticate(key: string): Promise<Authentication> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${API_KEY_COLUMNS},
         ARRAY(SELECT s.body_id::text FROM api_key_scopes s WHERE s.api_key_id = k.id) AS scope
       FROM api_keys k WHERE k.key_hash = $1`,
      [hashApiKey(key)],
    );
    const row = rows[0];
    if (!row) return { failure: 'The API key is not valid.' };
    const view = toApiKeyView(row, row.scope as string[]);
    const now = new Date();
    const unusable = unusableReason(view, now);
    if (unusable) return { failure: unusable };
    if (view.lastUsedAt === null || now.getTime() - view.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      // Conditional, so that concurrent requests of one key write once.
      await this.dataSource.query(
        `UPDATE api_keys SET last_used_at = now()
         WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= now() - interval '1 minute')`,
        [view.id],
      );
    }
    return { principal: { keyId: view.id, name: view.name, role: view.role, bodyIds: view.bodyIds } };
  }

  async list(query: ListApiKeysQueryDto): Promise<Page<ApiKeyView>> {
    const { limit, cursor, sort = ApiKeySort.CreatedAt, ...filters } = query;
    const conditions = new SqlConditions()
      .add(filters.role, (p) => `k.role = ${p}`)
      .add(
        filters.bodyId,
        (p) => `EXISTS (SELECT 1 FROM api_key_scopes s WHERE s.api_key_id = k.id AND s.body_id = ${p}::uuid)`,
      );
    if (filters.status !== undefined) conditions.where(STATUS_CONDITIONS[filters.status]);
    const manager = this.dataSource.manager;
    const page = await keysetPage({
      manager,
      from: `SELECT ${API_KEY_COLUMNS} FROM api_keys k`,
      idColumn: 'k.id',
      conditions,
      filters,
      sortName: sort,
      sort: SORTS[sort],
      limit,
      cursor,
      map: (row) => toApiKeyView(row),
    });
    await attachScopes(manager, page.items);
    return page;
  }

  async get(id: string): Promise<ApiKeyView> {
    const key = await findApiKey(this.dataSource.manager, id);
    if (!key) throw problems.notFound('API key', id);
    return key;
  }

  async create(input: CreateApiKeyDto, createdBy: string): Promise<{ view: ApiKeyView; key: string }> {
    return this.dataSource.transaction((manager) =>
      insertApiKey(manager, {
        name: input.name,
        role: input.role,
        bodyIds: input.bodyIds ?? [],
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
        origin: ApiKeyOrigin.Api,
        createdBy,
      }),
    );
  }

  async revoke(id: string): Promise<void> {
    const key = await revokeApiKey(this.dataSource.manager, id);
    if (!key) throw problems.notFound('API key', id);
  }
}
