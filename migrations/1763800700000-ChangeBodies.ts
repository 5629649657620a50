import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which bodies each change event concerns, so that webhook subscriptions scoped to bodies receive only the events
 * of their bodies and the bodies below them.
 *
 * `changes.body_ids` is written with the event, in the transaction of the change: the bodies the resource belonged
 * to before and after the change, and every ancestor of those bodies as the hierarchy stood then. Recording it at
 * write time is what lets a deletion (whose `data` is only `{ id }`) reach the subscribers of the deleted
 * resource's bodies, and keeps an event of a body that was deleted or moved since matched to the subtrees it was
 * in. With the ancestors stored, matching is an array overlap with the subscription's bodies (no hierarchy walk in
 * the fan-out). NULL: not recorded (events written before this migration, or by an older instance during a rolling
 * upgrade); such events reach only unrestricted subscriptions. No backfill: no subscription could be scoped before
 * this migration, and subscriptions only receive events that occur after they were created.
 *
 * `webhook_subscriptions.body_ids` is NULL (every event) or names at least one body: an empty list would silently
 * receive nothing.
 */
export class ChangeBodies1763800700000 implements MigrationInterface {
  name = 'ChangeBodies1763800700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE changes ADD COLUMN body_ids uuid[] NULL`);
    await queryRunner.query(
      `ALTER TABLE webhook_subscriptions ADD CONSTRAINT webhook_subscriptions_body_ids_check
         CHECK (body_ids IS NULL OR cardinality(body_ids) > 0)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE webhook_subscriptions DROP CONSTRAINT webhook_subscriptions_body_ids_check`);
    await queryRunner.query(`ALTER TABLE changes DROP COLUMN body_ids`);
  }
}
