import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Publishing the change feed in one round trip. `publish_changes(batch, lock_key)` gives feed positions to the
 * events of finished transactions (the rule of 1763800500000-ChangeFeed) and returns how many it published and
 * the newest position. It is a function so that it can take the publisher lock and then read: in READ COMMITTED
 * each statement of a volatile PL/pgSQL function takes a new snapshot, so the positions published by an instance
 * that held the lock just before are visible to the UPDATE that follows the lock. One instance publishes at a
 * time; the others get the current head without waiting. Called as a single statement, the transaction-level
 * advisory lock ends with it.
 */
export class PublishChanges1763800900000 implements MigrationInterface {
  name = 'PublishChanges1763800900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION publish_changes(batch integer, lock_key bigint)
      RETURNS TABLE (published bigint, head bigint)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        n bigint := 0;
      BEGIN
        IF pg_try_advisory_xact_lock(lock_key) THEN
          WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
               base AS (SELECT coalesce(max(c.position), 0) AS p FROM changes c),
               pending AS (
                 SELECT c.id, row_number() OVER (ORDER BY c.txid, c.local_seq) AS rn
                   FROM changes c, horizon h
                  WHERE c.position IS NULL AND c.txid < h.xmin
                  ORDER BY c.txid, c.local_seq
                  LIMIT batch),
               updated AS (
                 UPDATE changes c SET position = base.p + pending.rn
                   FROM pending, base WHERE c.id = pending.id RETURNING 1)
          SELECT count(*) INTO n FROM updated;
        END IF;
        RETURN QUERY SELECT n, coalesce(max(c.position), 0)::bigint FROM changes c;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION publish_changes(integer, bigint)`);
  }
}
