/**
 * The benchmark's database: a fresh embedded PostgreSQL in a temporary folder (with the settings the application
 * itself uses for its embedded cluster: durable commits), or a new database on the server of DATABASE_URL. Either
 * way it is migrated with the real migrations and removed at the end.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../dist/src/database/embedded-postgres.js';

const root = path.resolve(import.meta.dirname, '../..');

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * @param {string | undefined} databaseUrl  a server to create the database on; absent: an embedded cluster
 * @param {string} scratch  the runner's temporary folder (the embedded cluster goes in `scratch/postgres`)
 * @returns {Promise<{ url: string, where: string, stop(): Promise<void> }>}
 */
export async function openBenchDatabase(databaseUrl, scratch) {
  const name = `liaison_bench_${randomBytes(4).toString('hex')}`;
  if (databaseUrl) {
    const admin = withDatabase(databaseUrl, 'postgres');
    await adminQuery(admin, `CREATE DATABASE ${name}`);
    const url = withDatabase(databaseUrl, name);
    return {
      url,
      where: `database ${name} on ${new URL(databaseUrl).host} (DATABASE_URL)`,
      stop: () => adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const running = await startEmbeddedPostgres({ clusterDir: path.join(scratch, 'postgres'), database: name });
  return {
    url: running.url,
    where: `embedded PostgreSQL in ${scratch} (port ${running.port})`,
    stop: () => running.stop(),
  };
}

/** The real migrations, through the same CLI operators use. */
export function migrate(url) {
  const result = spawnSync(process.execPath, [path.join(root, 'dist/src/database/migrate.cli.js'), 'run'], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`migrating the benchmark database failed:\n${result.stderr}${result.stdout}`);
}
