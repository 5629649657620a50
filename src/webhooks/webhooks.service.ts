import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { checkVersion, type WriteContext } from '../common/http/write-context.js';
import { keysetPage, SqlConditions, type SortColumn } from '../common/pagination/keyset-page.js';
import type { Page } from '../common/pagination/page.js';
import { problems } from '../common/problem/problem.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { CreateWebhookDto } from './dto/create-webhook.dto.js';
import type { AttemptRecord, DeliveryRecord, WebhookDeliveryStatus } from './dto/delivery.dto.js';
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
import { checkTarget, TargetRefused } from './webhook-target.js';

const WEBHOOK_COLUMNS = `w.id, w.url, w.event_types, w.active, w.description, w.owner, w.body_ids, w.disabled_reason,
  w.version, w.created_at, w.updated_at`;

const DELIVERY_COLUMNS = `d.id, d.subscription_id, d.message_id, d.change_id, d.sequence, d.event_type, d.status,
  d.attempts, d.next_attempt_at, d.last_status_code, d.last_error, d.created_at, d.completed_at, d.payload`;

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

const DELIVERY_SORTS: Record<WebhookDeliverySort, SortColumn<Omit<DeliveryRecord, 'attempts'>>> = {
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
  ) {}

  /** Creates a subscription; returns it with its secret (the only time the secret leaves the service). */
  async create(input: CreateWebhookDto, context: WriteContext): Promise<{ record: WebhookRecord; secret: string }> {
    const url = await this.checkUrl(input.url);
    const secret = newWebhookSecret();
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `INSERT INTO webhook_subscriptions AS w (url, event_types, active, secret, description, owner)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${WEBHOOK_COLUMNS}`,
      [url, input.eventTypes ?? [], input.active ?? true, secret, input.description ?? null, context.actor],
    );
    return { record: toWebhook(rows[0]!), secret };
  }

  async list(query: ListWebhooksQueryDto): Promise<Page<WebhookRecord>> {
    const { limit, cursor, sort = WebhookSort.CreatedAt, ...filters } = query;
    const conditions = new SqlConditions()
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

  async get(id: string): Promise<WebhookRecord> {
    return this.load(this.dataSource.manager, id);
  }

  async update(id: string, input: UpdateWebhookDto, context: WriteContext): Promise<WebhookRecord> {
    // Resolved before the row is locked: DNS can take seconds.
    const url = input.url === undefined ? undefined : await this.checkUrl(input.url);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.load(manager, id, true);
      checkVersion('webhook', current.version, context);
      const active = input.active ?? current.active;
      let disabledReason = current.disabledReason;
      if (input.active === true) disabledReason = null;
      if (input.active === false && current.active) disabledReason = `Deactivated by ${context.actor}.`;
      await manager.query(
        `UPDATE webhook_subscriptions
            SET url = $2, event_types = $3, active = $4, description = $5, disabled_reason = $6,
                version = version + 1, updated_at = now()
          WHERE id = $1`,
        [
          id,
          url ?? current.url,
          input.eventTypes ?? current.eventTypes,
          active,
          input.description === undefined ? current.description : input.description,
          disabledReason,
        ],
      );
      if (current.active && !active) {
        await abandonQueued(manager, id, 'The subscription was deactivated.');
      }
      return this.load(manager, id);
    });
  }

  async delete(id: string, context: WriteContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const current = await this.load(manager, id, true);
      checkVersion('webhook', current.version, context);
      // Deliveries and their attempts go with it (ON DELETE CASCADE).
      await manager.query('DELETE FROM webhook_subscriptions WHERE id = $1', [id]);
    });
  }

  async listDeliveries(webhookId: string, query: ListWebhookDeliveriesQueryDto): Promise<Page<DeliveryRecord>> {
    await this.load(this.dataSource.manager, webhookId);
    const { limit, cursor, sort = WebhookDeliverySort.CreatedAtDesc, ...filters } = query;
    const conditions = new SqlConditions()
      .add(webhookId, (p) => `d.subscription_id = ${p}::uuid`)
      .add(filters.status, (p) => `d.status = ${p}`)
      .add(filters.eventType, (p) => `d.event_type = ${p}`);
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
    return { items: await this.withAttempts(this.dataSource.manager, page.items), nextCursor: page.nextCursor };
  }

  async getDelivery(webhookId: string, deliveryId: string): Promise<DeliveryRecord> {
    await this.load(this.dataSource.manager, webhookId);
    return this.loadDelivery(this.dataSource.manager, webhookId, deliveryId);
  }

  /** Queues a `webhook.ping` delivery, due at once; sent even when the subscription is inactive. */
  async ping(webhookId: string, context: WriteContext): Promise<DeliveryRecord> {
    return this.dataSource.transaction(async (manager) => {
      await this.load(manager, webhookId);
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

  private async load(manager: EntityManager, id: string, lock = false): Promise<WebhookRecord> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT ${WEBHOOK_COLUMNS} FROM webhook_subscriptions w WHERE w.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
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
    const [record] = await this.withAttempts(manager, [toDelivery(rows[0])]);
    return record!;
  }

  /** The attempts of a whole page of deliveries in one query. */
  private async withAttempts(
    manager: EntityManager,
    deliveries: Omit<DeliveryRecord, 'attempts'>[],
  ): Promise<DeliveryRecord[]> {
    const rows: Record<string, unknown>[] = deliveries.length
      ? await manager.query(
          `SELECT delivery_id, attempt, attempted_at, status_code, duration_ms, error
             FROM webhook_attempts WHERE delivery_id = ANY ($1::uuid[]) ORDER BY delivery_id, attempt`,
          [deliveries.map((d) => d.id)],
        )
      : [];
    const byDelivery = new Map<string, AttemptRecord[]>();
    for (const row of rows) {
      const list = byDelivery.get(row.delivery_id as string) ?? [];
      list.push({
        attempt: row.attempt as number,
        attemptedAt: row.attempted_at as Date,
        statusCode: (row.status_code as number | null) ?? null,
        durationMs: row.duration_ms as number,
        error: (row.error as string | null) ?? null,
      });
      byDelivery.set(row.delivery_id as string, list);
    }
    return deliveries.map((d) => ({ ...d, attempts: byDelivery.get(d.id) ?? [] }));
  }
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

function toDelivery(row: Record<string, unknown>): Omit<DeliveryRecord, 'attempts'> {
  return {
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
