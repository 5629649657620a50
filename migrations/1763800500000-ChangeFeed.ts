import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change feed. Every committed change appends a row in its own transaction, stamped with that transaction's
 * id (`txid`). A row gets its feed `position` only once every transaction with a smaller id has finished
 * (`txid < pg_snapshot_xmin(pg_current_snapshot())`), in (txid, local_seq) order: positions are never assigned
 * out of order, so a client that polls `position > cursor` never misses an event and never sees one twice, even
 * when transactions commit in another order than they drew their ids.
 */
export class ChangeFeed1763800500000 implements MigrationInterface {
  name = 'ChangeFeed1763800500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE changes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
      local_seq bigint GENERATED ALWAYS AS IDENTITY,
      position bigint NULL,
      type text NOT NULL,
      resource_type text NOT NULL,
      resource_id uuid NOT NULL,
      occurred_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
      actor text NOT NULL,
      data jsonb NOT NULL
    )`);
    await queryRunner.query(`CREATE UNIQUE INDEX changes_position_key ON changes (position)`);
    await queryRunner.query(`CREATE INDEX changes_unpublished_idx ON changes (txid, local_seq) WHERE position IS NULL`);
    await queryRunner.query(`CREATE INDEX changes_resource_idx ON changes (resource_type, position)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE changes`);
  }
}
