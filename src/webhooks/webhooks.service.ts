import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ScopeService } from '../auth/scope.service.js';
import type { Principal } from '../common/http/principal.js';
import { checkVersion, type WriteContext } from '../common/http/write-context.js';
import { keysetPage, SqlConditions, type SortColumn } from '../common/pagination/keyset-page.js';
import type { Page } from '../common/pagination/page.js';
import { problems } from '../common/problem/problem.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { CreateWebhookDto } from './dto/create-webhook.dto.js';
import type { DeliveryRecord, WebhookDeliveryStatus } from './dto/delivery.dto.js';
import {
  WebhookDeliverySort,
  WebhookSort,
  type ListWebhookDeliveriesQueryDto,
  type ListWebhooksQueryDto,
} from './dto/list-webhooks.query.dto.js';
import type { UpdateWebhookDto } from './dto/update-webhook.dto.js';
import type { WebhookRecord } from './dto/webhook.dto.js';
import { resolveAll } from './webhook-http.js';
import { PING_EVENT_TYPE, pingPayload } from './webhook-payload.js';
import { newWebhookSecret } from './webhook-secret.js';
import { abandonQueued } from './webhook-sender.js';
import { checkBodyIdsGiven, outOfScope, type WebhookAudience } from './webhook-scope.js';
import { checkTarget, TargetRefused } from './webhook-target.js';

const WEBHOOK_COLUMNS = `w.id, w.url, w.event_types, w.active, w.description, w.owner, w.body_ids, w.disabled_reason,
  w.version, w.created_at, w.updated_at`;

/** A delivery row with its attempts, oldest first, in one statement. */
const DELIVERY_COLUMNS = `d.id, d.subscription_id, d.message_id, d.change_id, d.sequence, d.event_type, d.status,
  d.attempts, d.next_attempt_at, d.last_status_code, d.last_error, d.created_at, d.completed_at, d.payload,
  coalesce((SELECT json_agg(json_build_array(a.attempt, a.attempted_at, a.status_code, a.duration_ms, a.error)
                            ORDER BY a.attempt)
              FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]'::json) AS attempt_list`;

const WEBHOOK_SORTS: Record<WebhookSort, SortColumn<WebhookRecord>> = {
  [WebhookSort.CreatedAt]: {
    column: 'w.created_at',
    direction: 'ASC',
    cast: 'timestamptz',
    key: (w) => w.createdAt.toISOString(),
  },
  [WebhookSort.CreatedAtDesc]: {
    column: 'w.created_at',
    direction: 'DESC',
    cast: 'timestamptz',
    key: (w) => w.createdAt.toISOString(),
  },
  [WebhookSort.Url]: { column: 'w.url', direction: 'ASC', key: (w) => w.url },
  [WebhookSort.UrlDesc]: { column: 'w.url', direction: 'DESC', key: (w) => w.url },
};

const DELIVERY_SORTS: Record<WebhookDeliverySort, SortColumn<DeliveryRecord>> = {
  [WebhookDeliverySort.CreatedAt]: {
    column: 'd.created_at',
    direction: 'ASC',
    cast: 'timestamptz',
    key: (d) => d.createdAt.toISOString(),
  },
  [WebhookDeliverySort.CreatedAtDesc]: {
    column: 'd.created_at',
    direction: 'DESC',
    cast: 'timestamptz',
    key: (d) => d.createdAt.toISOString(),
  },
};

@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scopes: ScopeService,
  ) {}

  /**
   * Creates a subscription; returns it with its secret (the only time the secret leaves the service). The bodies
   * are checked before the URL: DNS can take seconds, and a refused caller need not wait for it.
   */
  async create(
    input: CreateWebhookDto,
    context: WriteContext,
    caller: Principal,
  ): Promise<{ record: WebhookRecord; secret: string }> {
    const audience = await this.audienceOf(caller);
    const bodyIds = await this.checkBodyIds(audience, input.bodyIds, true);
    const url = await this.checkUrl(input.url);
    const secret = newWebhookSecret();
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `INSERT INTO webhook_subscriptions AS w (url, event_types, active, secret, description, owner, body_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${WEBHOOK_COLUMNS}`,
      [
        url,
        input.eventTypes ?? [],
        input.active ?? true,
        secret,
        input.description ?? null,
        context.actor,
        bodyIds ?? null,
      ],
    );
    return { record: toWebhook(rows[0]!), secret };
  }

  async list(query: ListWebhooksQueryDto, caller: Principal): Promise<Page<WebhookRecord>> {
    const audience = await this.audienceOf(caller);
    const { limit, cursor, sort = WebhookSort.CreatedAt, ...filters } = query;
    const conditions = reachable(new SqlConditions(), audience)
      .add(filters.active, (p) => `w.active = ${p}`)
      .add(
        filters.eventType,
        (p) =>
          `(cardinality(w.event_types) = 0 OR ${p} = ANY (w.event_types) OR split_part(${p}, '.', 1) || '.*' = ANY (w.event_types))`,
      );
    return keysetPage({
      manager: this.dataSource.manager,
      from: `SELECT ${WEBHOOK_COLUMNS} FROM webhook_subscriptions w`,
      idColumn: 'w.id',
      conditions,
      filters,
      sortName: sort,
      sort: WEBHOOK_SORTS[sort],
      limit,
      cursor,
      map: toWebhook,
    });
  }

  async get(id: string, caller: Principal): Promise<WebhookRecord> {
    return this.load(this.dataSource.manager, id, await this.audienceOf(caller));
  }

  async update(id: string, input: UpdateWebhookDto, context: WriteContext, caller: Principal): Promise<WebhookRecord> {
    const audience = await this.audienceOf(caller);
    // 404 for a subscription the caller does not reach comes before anything about the input.
    await this.load(this.dataSource.manager, id, audience);
    const bodyIds = await this.checkBodyIds(audience, input.bodyIds, false);
    // Resolved before the row is locked: DNS can take seconds.
    const url = input.url === undefined ? undefined : await this.checkUrl(input.url);
    return this.dataSource.transaction(async (manager) => {
      // Read again under the lock: its bodies may have changed meanwhile.
      const current = await this.load(manager, id, audience, true);
      checkVersion('webhook', current.version, context);
      const active = input.active ?? current.active;
      let disabledReason = current.disabledReason;
      if (input.active === true) disabledReason = null;
      if (input.active === false && current.active) disabledReason = `Deactivated by ${context.actor}.`;
      await manager.query(
        `UPDATE webhook_subscriptions
            SET url = $2, event_types = $3, active = $4, description = $5, disabled_reason = $6, body_ids = $7,
                version = version + 1, updated_at = now()
          WHERE id = $1`,
        [
          id,
          url ?? current.url,
          input.eventTypes ?? current.eventTypes,
          active,
          input.description === undefined ? current.description : input.description,
          disabledReason,
          bodyIds === undefined ? current.bodyIds : bodyIds,
        ],
      );
      if (current.active && !active) {
        await abandonQueued(manager, id, 'The subscription was deactivated.');
      }
      return this.load(manager, id, audience);
    });
  }

  async delete(id: string, context: WriteContext, caller: Principal): Promise<void> {
    const audience = await this.audienceOf(caller);
    await this.dataSource.transaction(async (manager) => {
      const current = await this.load(manager, id, audience, true);
      checkVersion('webhook', current.version, context);
      // Deliveries and their attempts go with it (ON DELETE CASCADE).
      await manager.query('DELETE FROM webhook_subscriptions WHERE id = $1', [id]);
    });
  }

  async listDeliveries(
    webhookId: string,
    query: ListWebhookDeliveriesQueryDto,
    caller: Principal,
  ): Promise<Page<DeliveryRecord>> {
    const audience = await this.audienceOf(caller);
    const { limit, cursor, sort = WebhookDeliverySort.CreatedAtDesc, ...filters } = query;
    const conditions = new SqlConditions()
      .add(webhookId, (p) => `d.subscription_id = ${p}::uuid`)
      .add(filters.status, (p) => `d.status = ${p}`)
      .add(filters.eventType, (p) => `d.event_type = ${p}`);
    // The caller's reach is part of the page query; only an empty page needs to tell 404 from "no deliveries".
    if (audience.kind === 'within') {
      conditions.add(
        audience.bodies,
        (p) =>
          `EXISTS (SELECT 1 FROM webhook_subscriptions w WHERE w.id = d.subscription_id ` +
          `AND w.body_ids IS NOT NULL AND w.body_ids <@ ${p}::uuid[])`,
      );
    }
    const page = await keysetPage({
      manager: this.dataSource.manager,
      from: `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d`,
      idColumn: 'd.id',
      conditions,
      filters: { ...filters, webhookId },
      sortName: sort,
      sort: DELIVERY_SORTS[sort],
      limit,
      cursor,
      map: toDelivery,
    });
    if (page.items.length === 0) await this.load(this.dataSource.manager, webhookId, audience);
    return page;
  }

  async getDelivery(webhookId: string, deliveryId: string, caller: Principal): Promise<DeliveryRecord> {
    const audience = await this.audienceOf(caller);
    const conditions = reachable(new SqlConditions(), audience);
    conditions.where(`d.id = ${conditions.bind(deliveryId)}`).where(`d.subscription_id = ${conditions.bind(webhookId)}`);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS}
         FROM webhook_deliveries d JOIN webhook_subscriptions w ON w.id = d.subscription_id${conditions.toSql()}`,
      conditions.params,
    );
    if (rows[0]) return toDelivery(rows[0]);
    // Which 404: the subscription (unknown or out of reach) or the delivery.
    await this.load(this.dataSource.manager, webhookId, audience);
    throw problems.notFound('webhook delivery', deliveryId);
  }

  /** Queues a `webhook.ping` delivery, due at once; sent even when the subscription is inactive. */
  async ping(webhookId: string, context: WriteContext, caller: Principal): Promise<DeliveryRecord> {
    const audience = await this.audienceOf(caller);
    return this.dataSource.transaction(async (manager) => {
      await this.load(manager, webhookId, audience);
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO webhook_deliveries (subscription_id, event_type, payload, next_attempt_at)
         VALUES ($1, $2, $3, now()) RETURNING id`,
        [webhookId, PING_EVENT_TYPE, JSON.stringify(pingPayload(webhookId, context.actor))],
      );
      return this.loadDelivery(manager, webhookId, rows[0]!.id);
    });
  }

  /** 422 naming `url` when the target is not allowed (scheme, credentials, an address that is not public). */
  private async checkUrl(raw: string): Promise<string> {
    try {
      const url = await checkTarget(raw, { allowPrivate: this.config.webhookAllowPrivateTargets }, (host) =>
        resolveAll(host),
      );
      return url.toString();
    } catch (error) {
      if (error instanceof TargetRefused) throw problems.ruleViolation('url', error.message);
      throw error;
    }
  }

  /** Admin keys reach every subscription; a secretariat key those within its scope (see webhook-scope.ts). */
  private async audienceOf(caller: Principal): Promise<WebhookAudience> {
    if (caller.role !== 'secretariat') return { kind: 'all' };
    return {
      kind: 'within',
      keyName: caller.name,
      keyBodyIds: caller.bodyIds,
      bodies: await this.scopes.bodiesWithin(caller),
    };
  }

  /**
   * The `bodyIds` to store (`undefined`: leave them as they are): 422 when a secretariat sends none or names a body
   * that does not exist, 403 when it names one outside its scope.
   */
  private async checkBodyIds(
    audience: WebhookAudience,
    bodyIds: string[] | null | undefined,
    creating: boolean,
  ): Promise<string[] | null | undefined> {
    const missing = checkBodyIdsGiven(audience, bodyIds, creating);
    if (missing) throw missing;
    if (!bodyIds) return bodyIds;
    const found: { id: string }[] = await this.dataSource.query('SELECT id FROM bodies WHERE id = ANY ($1::uuid[])', [
      bodyIds,
    ]);
    const known = new Set(found.map((row) => row.id));
    const index = bodyIds.findIndex((id) => !known.has(id));
    if (index >= 0) throw problems.unknownReference(`bodyIds[${index}]`, `No body with id ${bodyIds[index]} exists.`);
    const refused = outOfScope(audience, bodyIds);
    if (refused) throw refused;
    return bodyIds;
  }

  /** 404 for an unknown subscription, and for one the caller does not reach (the same answer: nothing to probe). */
  private async load(
    manager: EntityManager,
    id: string,
    audience: WebhookAudience,
    lock = false,
  ): Promise<WebhookRecord> {
    const conditions = reachable(new SqlConditions(), audience);
    conditions.where(`w.id = ${conditions.bind(id)}`);
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT ${WEBHOOK_COLUMNS} FROM webhook_subscriptions w${conditions.toSql()}${lock ? ' FOR UPDATE' : ''}`,
      conditions.params,
    );
    if (!rows[0]) throw problems.notFound('webhook', id);
    return toWebhook(rows[0]);
  }

  private async loadDelivery(manager: EntityManager, webhookId: string, id: string): Promise<DeliveryRecord> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.id = $1 AND d.subscription_id = $2`,
      [id, webhookId],
    );
    if (!rows[0]) throw problems.notFound('webhook delivery', id);
    return toDelivery(rows[0]);
  }
}

/**
 * Limits a query of subscriptions `w` to those the audience reaches: for a secretariat key, those with bodies, all
 * within its scope (`<@`: contained in). Unrestricted subscriptions (`body_ids` null) never are.
 */
function reachable(conditions: SqlConditions, audience: WebhookAudience): SqlConditions {
  if (audience.kind === 'all') return conditions;
  return conditions.add(audience.bodies, (p) => `(w.body_ids IS NOT NULL AND w.body_ids <@ ${p}::uuid[])`);
}

function toWebhook(row: Record<string, unknown>): WebhookRecord {
  return {
    id: row.id as string,
    url: row.url as string,
    eventTypes: row.event_types as string[],
    active: row.active as boolean,
    description: (row.description as string | null) ?? null,
    owner: row.owner as string,
    bodyIds: (row.body_ids as string[] | null) ?? null,
    disabledReason: (row.disabled_reason as string | null) ?? null,
    version: row.version as number,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  };
}

function toDelivery(row: Record<string, unknown>): DeliveryRecord {
  const attempts = row.attempt_list as [number, string, number | null, number, string | null][];
  return {
    attempts: attempts.map(([attempt, attemptedAt, statusCode, durationMs, error]) => ({
      attempt,
      attemptedAt: new Date(attemptedAt),
      statusCode,
      durationMs,
      error,
    })),
    id: row.id as string,
    webhookId: row.subscription_id as string,
    messageId: row.message_id as string,
    changeId: (row.change_id as string | null) ?? null,
    sequence: row.sequence === null ? null : Number(row.sequence),
    eventType: row.event_type as string,
    status: row.status as WebhookDeliveryStatus,
    attemptCount: row.attempts as number,
    nextAttemptAt: (row.next_attempt_at as Date | null) ?? null,
    lastStatusCode: (row.last_status_code as number | null) ?? null,
    lastError: (row.last_error as string | null) ?? null,
    createdAt: row.created_at as Date,
    completedAt: (row.completed_at as Date | null) ?? null,
    payload: row.payload,
  };
}
