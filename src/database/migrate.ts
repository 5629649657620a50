import type { DataSource, Migration } from 'typeorm';

/** Advisory lock key serialising migrations between instances starting at once on one database. */
const MIGRATION_LOCK = 7_340_000;

/**
 * Runs pending migrations, each in its own transaction, while holding a PostgreSQL advisory lock:
 * a second instance starting at the same time waits, then finds nothing left to do.
 */
export async function migrateWithLock(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
