import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Substring filters (`q` of the lists, `designationPrefix` of bodies) are `ILIKE '%…%'`: without an index they read
 * the whole table. Trigram GIN indexes (pg_trgm, a trusted extension the database owner may create) serve them.
 */
const INDEXES: [table: string, column: string][] = [
  ['bodies', 'designation'],
  ['bodies', 'name'],
  ['liaisons', 'rationale'],
  ['work_items', 'reference'],
  ['work_items', 'title'],
  ['contacts', 'name'],
  ['contacts', 'email'],
  ['statements', 'reference'],
  ['statements', 'title'],
  ['statements', 'summary'],
];

export class TrigramIndexes1763801000000 implements MigrationInterface {
  name = 'TrigramIndexes1763801000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    for (const [table, column] of INDEXES) {
      await queryRunner.query(`CREATE INDEX ${table}_${column}_trgm_idx ON ${table} USING gin (${column} gin_trgm_ops)`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of INDEXES) await queryRunner.query(`DROP INDEX ${table}_${column}_trgm_idx`);
  }
}
