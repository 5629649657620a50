/**
 * A PostgreSQL the resilience tests can stop and start: runs the project's embedded PostgreSQL launcher in its
 * own process (`node embedded-pg-process.mjs <clusterDir> <port>`), prints `READY <url>` when it accepts
 * connections, and stops PostgreSQL cleanly on SIGTERM before exiting.
 */
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const [clusterDir, port] = process.argv.slice(2);
const { startEmbeddedPostgres } = await import(path.join(root, 'dist/src/database/embedded-postgres.js'));
const running = await startEmbeddedPostgres({
  clusterDir,
  database: 'registry',
  port: Number(port),
  settings: { fsync: 'off', synchronous_commit: 'off' },
});
process.stdout.write(`READY ${running.url}\n`);
const stop = async () => {
  await running.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
