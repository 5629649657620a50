/** `npm run seed`: loads the seed registry (runs pending migrations first). Safe to repeat. */
import { runCli, say, withDataSource } from '../database/cli-database.js';
import { describeSeedReport, loadSeed } from './seed.js';
import { migrateWithLock } from '../database/migrate.js';

runCli(() =>
  withDataSource(async (dataSource) => {
    await migrateWithLock(dataSource);
    const report = await loadSeed(dataSource);
    say(`seed registry loaded: ${describeSeedReport(report)} (records already present are left as they are)`);
  }),
);
