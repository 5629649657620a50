/**
 * `npm run migration:run | migration:revert | migration:show | migration:generate -- Name`
 * on DATABASE_URL or the embedded PostgreSQL.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, say, withDataSource } from './cli-database.js';
import { migrateWithLock } from './migrate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function migrationSource(className: string, up: string[], down: string[]): string {
  const lines = (queries: string[]) =>
    queries.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

runCli(async () => {
  const [command, name] = process.argv.slice(2);
  await withDataSource(async (dataSource) => {
    switch (command) {
      case 'run': {
        const applied = await migrateWithLock(dataSource);
        say(applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'no pending migrations');
        return;
      }
      case 'revert': {
        await dataSource.undoLastMigration({ transaction: 'each' });
        say('reverted the last migration');
        return;
      }
      case 'show': {
        const pending = await dataSource.showMigrations();
        say(pending ? 'there are pending migrations' : 'all migrations are applied');
        return;
      }
      case 'generate': {
        if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name))
          throw new Error('usage: npm run migration:generate -- PascalCaseName');
        await migrateWithLock(dataSource);
        const sql = await dataSource.driver.createSchemaBuilder().log();
        if (sql.upQueries.length === 0) {
          say('the entities match the schema: nothing to generate');
          return;
        }
        const timestamp = Date.now();
        const file = path.join(root, 'migrations', `${timestamp}-${name}.ts`);
        await writeFile(
          file,
          migrationSource(
            `${name}${timestamp}`,
            sql.upQueries.map((q) => q.query),
            sql.downQueries.reverse().map((q) => q.query),
          ),
        );
        say(`wrote ${file}: review it, then add it to migrations/index.ts`);
        return;
      }
      default:
        throw new Error('usage: migrate.cli.js run | revert | show | generate Name');
    }
  });
});
