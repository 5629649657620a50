import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBodies1763800000000 implements MigrationInterface {
  name = 'CreateBodies1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE bodies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        designation text NOT NULL CHECK (length(designation) BETWEEN 1 AND 200),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
        kind text NOT NULL CHECK (kind IN ('organization', 'joint_technical_committee', 'technical_committee',
          'subcommittee', 'working_group', 'study_group', 'advisory_group', 'correspondence_group', 'focus_group', 'other')),
        parent_id uuid NULL REFERENCES bodies (id) ON DELETE RESTRICT,
        status text NOT NULL CHECK (status IN ('proposed', 'active', 'inactive', 'disbanded')),
        website text NULL,
        mailing_list text NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (parent_id IS NULL OR parent_id <> id)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX bodies_designation_key ON bodies (lower(designation))`);
    await queryRunner.query(`CREATE INDEX bodies_designation_sort_idx ON bodies (designation, id)`);
    await queryRunner.query(`CREATE INDEX bodies_name_sort_idx ON bodies (name, id)`);
    await queryRunner.query(`CREATE INDEX bodies_created_sort_idx ON bodies (created_at, id)`);
    await queryRunner.query(`CREATE INDEX bodies_updated_sort_idx ON bodies (updated_at, id)`);
    await queryRunner.query(`CREATE INDEX bodies_parent_idx ON bodies (parent_id, designation, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE bodies`);
  }
}
