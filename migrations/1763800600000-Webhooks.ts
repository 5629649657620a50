import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook subscriptions and their deliveries. Nothing lives only in one instance's memory: the dispatcher's
 * high-water mark, every queued delivery, its claim (who is sending it, until when) and every attempt are rows,
 * so any instance can take over the work of one that stopped or crashed.
 */
export class Webhooks1763800600000 implements MigrationInterface {
  name = 'Webhooks1763800600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE webhook_subscriptions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      url text NOT NULL CHECK (length(url) <= 2048),
      event_types text[] NOT NULL DEFAULT '{}',
      active boolean NOT NULL DEFAULT true,
      secret text NOT NULL,
      description text NULL,
      owner text NOT NULL,
      body_ids uuid[] NULL,
      disabled_reason text NULL,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await queryRunner.query(`CREATE INDEX webhook_subscriptions_created_idx ON webhook_subscriptions (created_at, id)`);
    await queryRunner.query(`CREATE INDEX webhook_subscriptions_url_idx ON webhook_subscriptions (url, id)`);

    await queryRunner.query(`CREATE TABLE webhook_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
      change_id uuid NULL,
      sequence bigint NULL,
      event_type text NOT NULL,
      message_id text GENERATED ALWAYS AS ('msg_' || replace(id::text, '-', '')) STORED,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'delivering', 'succeeded', 'failed', 'abandoned')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz(3) NULL,
      claimed_by text NULL,
      claimed_until timestamptz(3) NULL,
      last_status_code integer NULL,
      last_error text NULL,
      created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
      completed_at timestamptz(3) NULL,
      CONSTRAINT webhook_deliveries_event_key UNIQUE (subscription_id, change_id),
      CONSTRAINT webhook_deliveries_due_check CHECK ((status IN ('pending', 'delivering')) = (next_attempt_at IS NOT NULL))
    )`);
    // What the senders claim: open deliveries by due time (a claim sets next_attempt_at to the end of its lease).
    await queryRunner.query(
      `CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
        WHERE status IN ('pending', 'delivering')`,
    );
    await queryRunner.query(
      `CREATE INDEX webhook_deliveries_list_idx ON webhook_deliveries (subscription_id, created_at, id)`,
    );

    await queryRunner.query(`CREATE TABLE webhook_attempts (
      delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
      attempt integer NOT NULL,
      attempted_at timestamptz(3) NOT NULL,
      status_code integer NULL,
      duration_ms integer NOT NULL,
      error text NULL,
      sent_by text NOT NULL,
      PRIMARY KEY (delivery_id, attempt)
    )`);

    // The last feed position fanned out to deliveries. Starts at the current head: no history is replayed.
    await queryRunner.query(`CREATE TABLE webhook_dispatch_state (
      id smallint PRIMARY KEY CHECK (id = 1),
      last_position bigint NOT NULL,
      updated_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await queryRunner.query(
      `INSERT INTO webhook_dispatch_state (id, last_position) SELECT 1, coalesce(max(position), 0) FROM changes`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE webhook_dispatch_state`);
    await queryRunner.query(`DROP TABLE webhook_attempts`);
    await queryRunner.query(`DROP TABLE webhook_deliveries`);
    await queryRunner.query(`DROP TABLE webhook_subscriptions`);
  }
}
