/**
 * One PostgreSQL for the whole run (embedded, or the server of DATABASE_URL), and one template
 * database migrated once with the real migrations. Each test file clones its own database from
 * the template (see test/support/server.ts), so files run in parallel and never share rows.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '../..');

export default async function globalSetup() {
  const template = `registry_template_${randomBytes(4).toString('hex')}`;
  let adminUrl;
  let stop = async () => undefined;
  let scratch;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/postgres';
    adminUrl = url.toString();
  } else {
    const { startEmbeddedPostgres } = await import(path.join(root, 'dist/src/database/embedded-postgres.js'));
    scratch = await mkdtemp(path.join(os.tmpdir(), 'liaison-registry-test-'));
    const running = await startEmbeddedPostgres({
      clusterDir: path.join(scratch, 'postgres'),
      database: 'postgres',
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
    });
    adminUrl = running.urlFor('postgres');
    stop = running.stop;
  }

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();

  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  const migrate = spawnSync(process.execPath, [path.join(root, 'dist/src/database/migrate.cli.js'), 'run'], {
    env: { ...process.env, DATABASE_URL: templateUrl.toString() },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) {
    await stop();
    throw new Error(`migrating the template database failed:\n${migrate.stderr}${migrate.stdout}`);
  }

  process.env.TEST_PG_ADMIN_URL = adminUrl;
  process.env.TEST_PG_TEMPLATE = template;
  globalThis.__registryTestDatabase = {
    async teardown() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${template}`);
      await client.end();
      await stop();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    },
  };
}
