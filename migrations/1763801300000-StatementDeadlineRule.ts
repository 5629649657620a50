import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "A statement for action or comment has a deadline" moves from a table constraint to the API alone. Recorded
 * history can lack the deadline: the seeded SG17 statement asks TSAG to act but prints no deadline, and the registry
 * must not invent one. The API still refuses to create such a statement, or to edit one into it (statement-rules.ts).
 */
const RULE = `CHECK (purpose NOT IN ('action', 'comment') OR deadline IS NOT NULL)`;

/** The constraint holding the rule: created unnamed in CreateRegistry, so found by its definition. */
async function ruleConstraints(queryRunner: QueryRunner): Promise<string[]> {
  const rows: { name: string }[] = await queryRunner.query(
    `SELECT conname AS name FROM pg_constraint
      WHERE conrelid = 'statements'::regclass AND contype = 'c'
        AND pg_get_constraintdef(oid) LIKE '%deadline IS NOT NULL%'`,
  );
  return rows.map((row) => row.name);
}

export class StatementDeadlineRule1763801300000 implements MigrationInterface {
  name = 'StatementDeadlineRule1763801300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const names = await ruleConstraints(queryRunner);
    if (names.length !== 1) throw new Error(`expected one deadline constraint on statements, found ${names.length}`);
    await queryRunner.query(`ALTER TABLE statements DROP CONSTRAINT "${names[0]}"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // NOT VALID keeps statements recorded without a deadline (the seeded one) while new rows obey the rule again;
    // on a database without such rows the constraint is validated, as it was before.
    await queryRunner.query(`ALTER TABLE statements ADD CONSTRAINT statements_deadline_check ${RULE} NOT VALID`);
    const rows: { n: number }[] = await queryRunner.query(
      `SELECT count(*)::int AS n FROM statements WHERE purpose IN ('action', 'comment') AND deadline IS NULL`,
    );
    if (rows[0]?.n === 0)
      await queryRunner.query('ALTER TABLE statements VALIDATE CONSTRAINT statements_deadline_check');
  }
}
