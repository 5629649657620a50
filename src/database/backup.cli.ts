/** `npm run backup -- FILE` / `npm run restore -- FILE` on DATABASE_URL or the embedded PostgreSQL. */
import { backup, restore } from './backup.js';
import { runCli, say, withDataSource } from './cli-database.js';
import { migrateWithLock } from './migrate.js';

runCli(async () => {
  const [command, file] = process.argv.slice(2);
  if ((command !== 'backup' && command !== 'restore') || !file) {
    throw new Error('usage: npm run backup -- FILE | npm run restore -- FILE');
  }
  await withDataSource(async (dataSource) => {
    if (command === 'backup') {
      const summary = await backup(dataSource, file);
      say(
        `backup written to ${file}: ${Object.entries(summary.tables)
          .map(([t, n]) => `${t} ${n}`)
          .join(', ')}`,
      );
      return;
    }
    await migrateWithLock(dataSource);
    const summary = await restore(dataSource, file);
    say(
      `restored ${file}: ${Object.entries(summary.tables)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')}`,
    );
  });
});
