import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { dispatchBatch } from './webhook-dispatcher.js';
import { WebhookSender, type AttemptOutcome, type ClaimedDelivery } from './webhook-sender.js';

/** Deliveries one instance sends at the same time. */
const MAX_IN_FLIGHT = 16;
/** Change events fanned out per dispatcher transaction, and batches per round. */
const DISPATCH_BATCH = 500;
const DISPATCH_BATCHES_PER_ROUND = 10;
/** Longest wait for in-flight sends at shutdown before they are cut short and their claims given back. */
const DRAIN_MS = 5_000;

/**
 * The delivery worker of one API instance: every `WEBHOOK_POLL_MS` it fans new change events out to deliveries
 * (one instance at a time) and claims what is due, up to `MAX_IN_FLIGHT` concurrent sends. Rounds never overlap.
 *
 * When the database is unavailable a round fails as a whole and the worker tries again next round: claims and
 * outcomes live in the database, so nothing is lost. An outcome that could not be written (the database went away
 * while the target was answering) is kept and written first when the database is back, under the lease it was
 * sent with, so the delivery is not sent again unless the outage outlasted the lease.
 */
@Injectable()
export class WebhookWorker implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  readonly instanceId = `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
  private readonly sender: WebhookSender;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly unrecorded: AttemptOutcome[] = [];
  private readonly cancel = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private started = false;
  private stopping = false;
  private paused = false;
  private lastFailureLog = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.sender = new WebhookSender(dataSource, {
      instanceId: this.instanceId,
      timeoutMs: config.webhookTimeoutMs,
      retrySchedule: config.webhookRetrySchedule,
      policy: { allowPrivate: config.webhookAllowPrivateTargets },
    });
  }

  /** Starts the rounds; called once the schema is migrated. Does nothing when `WEBHOOKS_ENABLED=false`. */
  start(): void {
    if (!this.config.webhooksEnabled || this.started || this.stopping) return;
    this.started = true;
    this.logger.log(`webhook worker ${this.instanceId} started`);
    this.schedule(0);
  }

  /** Stops claiming, lets in-flight sends finish (a few seconds at most), then gives back what is still claimed. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.started || this.stopping) return;
    this.stopping = true;
    clearTimeout(this.timer);
    await this.round;
    const drained = Promise.allSettled([...this.inFlight.values()]);
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      drained.then(() => true),
      new Promise<false>(
        (resolve) => (timer = setTimeout(() => resolve(false), Math.min(DRAIN_MS, this.config.shutdownGraceMs))),
      ),
    ]);
    clearTimeout(timer);
    if (!finished) {
      this.cancel.abort(new Error('The instance is shutting down.'));
      await drained;
    }
    try {
      await this.flushUnrecorded();
      await this.sender.release();
    } catch (error) {
      this.logger.warn(
        `claims of ${this.instanceId} could not be given back (${(error as Error).message}); they become due when their lease ends`,
      );
    }
    this.logger.log(`webhook worker ${this.instanceId} stopped`);
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.round = this.runRound();
    }, delayMs);
    this.timer.unref();
  }

  private async runRound(): Promise<void> {
    let more = false;
    try {
      await this.flushUnrecorded();
      for (let i = 0; i < DISPATCH_BATCHES_PER_ROUND && !this.stopping; i++) {
        const result = await dispatchBatch(this.dataSource.manager, DISPATCH_BATCH);
        if (!result.ran || result.events < DISPATCH_BATCH) break;
      }
      const free = MAX_IN_FLIGHT - this.inFlight.size;
      if (free > 0 && !this.stopping) {
        const claimed = await this.sender.claim(free);
        for (const delivery of claimed) this.launch(delivery);
        more = claimed.length === free;
      }
      this.available();
    } catch (error) {
      this.unavailable(error);
    } finally {
      this.schedule(more ? 0 : this.config.webhookPollMs);
    }
  }

  private launch(delivery: ClaimedDelivery): void {
    const sending = (async () => {
      let outcome: AttemptOutcome | undefined;
      try {
        outcome = await this.sender.send(delivery, this.cancel.signal);
      } catch (error) {
        this.logger.error({ err: error, deliveryId: delivery.id }, 'webhook delivery could not be sent');
        return;
      }
      // Cancelled by shutdown: not an attempt; the claim is given back.
      if (!outcome) return;
      try {
        if (!(await this.sender.record(outcome))) {
          this.logger.warn(`the lease of delivery ${delivery.id} ended before its outcome was written`);
        }
      } catch (error) {
        this.unrecorded.push(outcome);
        this.unavailable(error);
      }
    })().finally(() => this.inFlight.delete(delivery.id));
    this.inFlight.set(delivery.id, sending);
  }

  /** Writes the outcomes kept while the database was unavailable, oldest first; throws while it still is. */
  private async flushUnrecorded(): Promise<void> {
    while (this.unrecorded.length > 0) {
      await this.sender.record(this.unrecorded[0]!);
      this.unrecorded.shift();
    }
  }

  private available(): void {
    if (!this.paused) return;
    this.paused = false;
    this.logger.log('webhook worker resumed: the database answers again');
  }

  /** Logs the first failure, then at most one a minute while they go on. */
  private unavailable(error: unknown): void {
    const now = Date.now();
    if (this.paused && now - this.lastFailureLog < 60_000) return;
    this.lastFailureLog = now;
    this.logger.warn(
      `webhook worker ${this.paused ? 'still paused' : 'paused'}, retrying every round: ${(error as Error).message}`,
    );
    this.paused = true;
  }
}
