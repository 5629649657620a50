import type { DataSource, Migration } from 'typeorm';

/** Advisory lock key serialising migrations between instances starting at once on one database. */
const MIGRATION_LOCK = 7_340_000;

/**
 * Runs `work` while holding the migration advisory lock (session level, on a connection of its own): instances
 * starting at once, `migration:run` and `migration:revert` take turns instead of changing the schema together.
 */
async function withMigrationLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * Runs pending migrations, each in its own transaction, while holding a PostgreSQL advisory lock:
 * a second instance starting at the same time waits, then finds nothing left to do.
 */
export async function migrateWithLock(dataSource: DataSource): Promise<Migration[]> {
  return withMigrationLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }));
}

/**
 * Reverts the last applied migration (in a transaction) under the same lock, so that it never interleaves with
 * an instance migrating at start-up. Returns its name, or undefined when none is applied.
 */
export async function revertWithLock(dataSource: DataSource): Promise<string | undefined> {
  return withMigrationLock(dataSource, async () => {
    const table = dataSource.driver.escape(dataSource.options.migrationsTableName ?? 'migrations');
    const exists: { present: boolean }[] = await dataSource.query('SELECT to_regclass($1) IS NOT NULL AS present', [
      table,
    ]);
    if (!exists[0]?.present) return undefined;
    // The one TypeORM reverts: the most recently applied (highest id).
    const last: { name: string }[] = await dataSource.query(`SELECT name FROM ${table} ORDER BY id DESC LIMIT 1`);
    if (!last[0]) return undefined;
    await dataSource.undoLastMigration({ transaction: 'each' });
    return last[0].name;
  });
}
