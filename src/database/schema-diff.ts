/**
 * What `npm run migration:generate` would write: TypeORM's schema diff between the entities and the migrated
 * database, limited to what the entities model.
 *
 * The migrations own more of the schema than the entities declare: full-text `search` columns (generated), trigram
 * and sort indexes, CHECK constraints, foreign keys of tables whose relations are not mapped. Left alone, TypeORM
 * proposes to drop all of them, and it cannot even read a generated column without its own `typeorm_metadata`
 * table, which migrations written in SQL never fill. So the diff here
 * - gives TypeORM an empty, temporary `typeorm_metadata` table for the session (nothing is created in the schema);
 * - ignores indexes, unique constraints, checks, exclusions and foreign keys that no entity names, and generated
 *   columns that no entity maps: adding or changing a declared one is still reported, and so is a column that an
 *   entity maps and the schema lacks (or the reverse, for plain columns);
 * - compares defaults up to type casts on both sides: PostgreSQL stores `'[]'::jsonb`, TypeORM strips the cast
 *   from what it reads but not from an entity's `default: () => "'[]'::jsonb"`.
 */
import type { DataSource, EntityMetadata, QueryRunner, Table } from 'typeorm';

interface SqlStatements {
  upQueries: { query: string }[];
  downQueries: { query: string }[];
}

/** The cast suffixes TypeORM removes from the defaults it reads (PostgresQueryRunner.loadTables). */
const CAST = /::[\w\s.[\]\-"]+/g;

/** PostgreSQL stores function calls of defaults in lower case, quoted text aside (as TypeORM compares them). */
function lowerOutsideQuotes(value: string): string {
  return value
    .split(`'`)
    .map((part, i) => (i % 2 === 1 ? part : part.toLowerCase()))
    .join(`'`);
}

function keepModelled(table: Table, metadata: EntityMetadata, dataSource: DataSource): void {
  const named = (items: { name?: string }[]) => new Set(items.map((item) => item.name));
  const indices = named(metadata.indices);
  const uniques = named(metadata.uniques);
  const checks = named(metadata.checks);
  const exclusions = named(metadata.exclusions);
  const foreignKeys = named(metadata.foreignKeys);
  table.indices = table.indices.filter((index) => indices.has(index.name));
  table.uniques = table.uniques.filter((unique) => uniques.has(unique.name));
  table.checks = table.checks.filter((check) => checks.has(check.name));
  table.exclusions = table.exclusions.filter((exclusion) => exclusions.has(exclusion.name));
  table.foreignKeys = table.foreignKeys.filter((foreignKey) => foreignKeys.has(foreignKey.name));
  const mapped = new Map(metadata.columns.map((column) => [column.databaseName, column]));
  table.columns = table.columns.filter((column) => mapped.has(column.name) || !column.generatedType);
  for (const column of table.columns) {
    const entityColumn = mapped.get(column.name);
    if (!entityColumn || typeof entityColumn.default !== 'function' || column.default === undefined) continue;
    const declared = dataSource.driver.normalizeDefault?.(entityColumn);
    if (declared === undefined) continue;
    const lowered = lowerOutsideQuotes(declared);
    if (lowered.replaceAll(CAST, '') === column.default) column.default = lowered;
  }
}

function tableName(path: string): string {
  return path.includes('.') ? path.slice(path.lastIndexOf('.') + 1) : path;
}

/** Reads the schema of the entities' tables, trimmed to what the entities model (see above). */
function trimmingQueryRunner(dataSource: DataSource, runner: QueryRunner): QueryRunner {
  const getTables = runner.getTables.bind(runner);
  runner.getTables = async (paths?: string[]) => {
    await runner.query(
      `CREATE TEMPORARY TABLE IF NOT EXISTS "${dataSource.metadataTableName}" (
         "type" varchar NOT NULL, "database" varchar, "schema" varchar, "table" varchar, "name" varchar, "value" text)`,
    );
    const tables = await getTables(paths);
    for (const table of tables) {
      const metadata = dataSource.entityMetadatas.find((m) => m.tableName === tableName(table.name));
      if (metadata) keepModelled(table, metadata, dataSource);
    }
    return tables;
  };
  return runner;
}

/** The statements a new migration would hold to bring the schema to the entities (none: they agree). */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<SqlStatements> {
  const builder = dataSource.driver.createSchemaBuilder();
  const original = dataSource.createQueryRunner.bind(dataSource);
  // The schema builder opens its own query runner; hand it one that trims what it reads.
  dataSource.createQueryRunner = (...args: Parameters<DataSource['createQueryRunner']>) =>
    trimmingQueryRunner(dataSource, original(...args));
  try {
    return await builder.log();
  } finally {
    dataSource.createQueryRunner = original;
  }
}
