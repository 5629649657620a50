/**
 * `npm run migration:run | migration:revert | migration:show | migration:generate -- Name`
 * on DATABASE_URL or the embedded PostgreSQL.
 *
 * `migration:generate -- Name` migrates the database, then writes migrations/<timestamp>-Name.ts with what the
 * entities need and the schema lacks; when they agree it says "no changes" and writes nothing (exit 0).
 * `migration:generate -- --check` writes nothing either way: exit 0 when they agree, 2 (listing the statements)
 * when they do not, for CI.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliExit, runCli, say, withDataSource } from './cli-database.js';
import { migrateWithLock, revertWithLock } from './migrate.js';
import { pendingSchemaChanges } from './schema-diff.js';

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

const GENERATE_USAGE = 'usage: npm run migration:generate -- PascalCaseName | npm run migration:generate -- --check';

runCli(async () => {
  const [command, ...rest] = process.argv.slice(2);
  const check = command === 'generate' && rest.includes('--check');
  const name = rest.find((arg) => !arg.startsWith('--'));
  // Checked before any database is opened, so that a typo fails at once.
  if (command === 'generate') {
    const unknown = rest.some((arg) => arg.startsWith('--') && arg !== '--check');
    if (unknown || (!check && !/^[A-Z][A-Za-z0-9]*$/.test(name ?? ''))) throw new Error(GENERATE_USAGE);
  }
  await withDataSource(async (dataSource) => {
    switch (command) {
      case 'run': {
        const applied = await migrateWithLock(dataSource);
        say(applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'no pending migrations');
        return;
      }
      case 'revert': {
        const reverted = await revertWithLock(dataSource);
        say(reverted ? `reverted the last migration: ${reverted}` : 'no applied migration to revert');
        return;
      }
      case 'show': {
        const pending = await dataSource.showMigrations();
        say(pending ? 'there are pending migrations' : 'all migrations are applied');
        return;
      }
      case 'generate': {
        await migrateWithLock(dataSource);
        const sql = await pendingSchemaChanges(dataSource);
        if (sql.upQueries.length === 0) {
          say('no changes: the entities match the migrated schema, nothing to generate');
          return;
        }
        if (check || !name) {
          throw new CliExit(
            `the entities differ from the migrated schema; a new migration would run:\n${sql.upQueries
              .map((q) => `  ${q.query};`)
              .join('\n')}`,
            2,
          );
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
