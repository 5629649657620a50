import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The liaison workflow: an append-only history of every change and transition (with ballot and
 * checklist figures), the outcome of the latest eligibility checklist, and experts nominated by the
 * partner to an active Category A liaison.
 */
export class LiaisonWorkflow1763800200000 implements MigrationInterface {
  name = 'LiaisonWorkflow1763800200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`ALTER TABLE liaisons ADD COLUMN eligibility_passed boolean NULL`);
    await q(`CREATE TABLE liaison_history (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      sequence bigint GENERATED ALWAYS AS IDENTITY,
      liaison_id uuid NOT NULL REFERENCES liaisons (id) ON DELETE CASCADE,
      action text NOT NULL,
      from_status text NULL,
      to_status text NOT NULL,
      reason text NULL,
      actor text NOT NULL,
      occurred_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
      details jsonb NOT NULL DEFAULT '{}'::jsonb
    )`);
    await q(`CREATE INDEX liaison_history_liaison_idx ON liaison_history (liaison_id, sequence)`);
    // Append-only: rows are never updated, and only disappear with their liaison (a proposed record deleted
    // as a mistake, whose cascade runs after the liaison row is gone).
    await q(`CREATE FUNCTION liaison_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          RAISE EXCEPTION 'liaison history is append-only' USING ERRCODE = 'restrict_violation';
        END IF;
        IF EXISTS (SELECT 1 FROM liaisons WHERE id = OLD.liaison_id) THEN
          RAISE EXCEPTION 'liaison history is append-only' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN OLD;
      END $$`);
    await q(`CREATE TRIGGER liaison_history_append_only BEFORE UPDATE OR DELETE ON liaison_history
      FOR EACH ROW EXECUTE FUNCTION liaison_history_append_only()`);
    await q(`CREATE TABLE liaison_experts (
      liaison_id uuid NOT NULL REFERENCES liaisons (id) ON DELETE CASCADE,
      contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
      nominated_on date NULL,
      note text NULL,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      PRIMARY KEY (liaison_id, contact_id)
    )`);
    await q(`CREATE INDEX liaison_experts_contact_idx ON liaison_experts (contact_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE liaison_experts`);
    await queryRunner.query(`DROP TABLE liaison_history`);
    await queryRunner.query(`DROP FUNCTION liaison_history_append_only()`);
    await queryRunner.query(`ALTER TABLE liaisons DROP COLUMN eligibility_passed`);
  }
}
