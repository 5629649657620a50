import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The old trigger function: entries could disappear with their liaison (the cascade of a deleted proposal). */
const CASCADE_TOLERANT = `CREATE OR REPLACE FUNCTION liaison_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'UPDATE' THEN
      RAISE EXCEPTION 'liaison history is append-only' USING ERRCODE = 'restrict_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM liaisons WHERE id = OLD.liaison_id) THEN
      RAISE EXCEPTION 'liaison history is append-only' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN OLD;
  END $$`;

/**
 * The record of a liaison's procedure, made complete:
 * - every history entry carries the day its step took effect (`effective_on`, beside the wall-clock `occurred_at`),
 *   backfilled for old entries from the dates they recorded, else the UTC day they were written;
 * - history is append-only without exception: the cascade from liaisons is gone (entries keep the id of a deleted
 *   liaison, whose deletion is itself an entry), and the trigger refuses every UPDATE, DELETE and TRUNCATE;
 * - `ballot_open` says whether a ballot is open, so that a failed ballot kept for a re-run needs a new openBallot.
 *
 * Liaisons whose allowed actions change with the new rules (active: startReview only; a re-run ballot: openBallot;
 * a category without ballot in eligibility_review or balloting: approve) get a new version, so that cached copies
 * and `If-Match` versions of the old representation are not taken for current.
 */
export class ProcedureRecord1763801100000 implements MigrationInterface {
  name = 'ProcedureRecord1763801100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`ALTER TABLE liaisons ADD COLUMN ballot_open boolean NOT NULL DEFAULT false`);
    await q(`UPDATE liaisons l SET ballot_open = true
              WHERE l.status = 'balloting'
                AND (SELECT h.action FROM liaison_history h
                      WHERE h.liaison_id = l.id AND h.action IN ('openBallot', 'recordBallot')
                      ORDER BY h.sequence DESC LIMIT 1) = 'openBallot'`);
    await q(`UPDATE liaisons SET version = version + 1
              WHERE status = 'active'
                 OR (status = 'balloting' AND (NOT ballot_open OR category NOT IN ('category_a', 'category_b')))
                 OR (status = 'eligibility_review' AND category NOT IN ('category_a', 'category_b'))`);

    await q(`DROP TRIGGER liaison_history_append_only ON liaison_history`);
    await q(`ALTER TABLE liaison_history ADD COLUMN effective_on date NULL`);
    await q(`UPDATE liaison_history SET effective_on = coalesce(
               (CASE action
                  WHEN 'openBallot' THEN details->'ballot'->>'openedOn'
                  WHEN 'recordBallot' THEN details->'ballot'->>'closedOn'
                  WHEN 'approve' THEN details->'dates'->>'approvedOn'
                  WHEN 'activate' THEN details->'dates'->>'establishedOn'
                  WHEN 'completeReview' THEN details->'dates'->>'lastReviewedOn'
                  WHEN 'addExpert' THEN details->'expert'->>'nominatedOn'
                END)::date,
               (occurred_at AT TIME ZONE 'UTC')::date)`);
    await q(`ALTER TABLE liaison_history
               ALTER COLUMN effective_on SET NOT NULL,
               ALTER COLUMN effective_on SET DEFAULT ((now() AT TIME ZONE 'UTC')::date)`);
    await q(`ALTER TABLE liaison_history DROP CONSTRAINT liaison_history_liaison_id_fkey`);
    await q(`CREATE OR REPLACE FUNCTION liaison_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'liaison history is append-only' USING ERRCODE = 'restrict_violation';
      END $$`);
    await q(`CREATE TRIGGER liaison_history_append_only BEFORE UPDATE OR DELETE ON liaison_history
      FOR EACH ROW EXECUTE FUNCTION liaison_history_append_only()`);
    await q(`CREATE TRIGGER liaison_history_no_truncate BEFORE TRUNCATE ON liaison_history
      FOR EACH STATEMENT EXECUTE FUNCTION liaison_history_append_only()`);
  }

  /**
   * Back to entries that cascade with their liaison: the entries of liaisons deleted meanwhile go (the foreign key
   * cannot hold them), and so do the effective dates.
   */
  async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`DROP TRIGGER liaison_history_no_truncate ON liaison_history`);
    await q(CASCADE_TOLERANT);
    await q(`DELETE FROM liaison_history h WHERE NOT EXISTS (SELECT 1 FROM liaisons l WHERE l.id = h.liaison_id)`);
    await q(`ALTER TABLE liaison_history ADD CONSTRAINT liaison_history_liaison_id_fkey
               FOREIGN KEY (liaison_id) REFERENCES liaisons (id) ON DELETE CASCADE`);
    await q(`ALTER TABLE liaison_history DROP COLUMN effective_on`);
    await q(`ALTER TABLE liaisons DROP COLUMN ballot_open`);
  }
}
