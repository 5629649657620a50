/**
 * Writes openapi/openapi.json from the code: boots the application module in preview mode
 * (nothing connects, nothing listens) and fails loudly on any error.
 * `--check` compares instead of writing and exits 1 when the committed file is stale.
 */
import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app.factory.js';
import { loadConfig } from '../config/config.js';
import { buildOpenApiDocument } from './document.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const target = path.join(root, 'openapi', 'openapi.json');

export async function generateOpenApiJson(): Promise<string> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', LOG_PRETTY: 'false' }, false);
  const app = await createApp(config, 'postgres://openapi@127.0.0.1:1/preview', { preview: true });
  try {
    return `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

async function run(): Promise<void> {
  const generated = await generateOpenApiJson();
  if (process.argv.includes('--check')) {
    const committed = await readFile(target, 'utf8').catch(() => '');
    if (committed !== generated) {
      process.stderr.write(`${target} is out of date: run \`npm run openapi\` and commit the result.\n`);
      process.exit(1);
    }
    process.stdout.write(`${target} is up to date.\n`);
    return;
  }
  await writeFile(target, generated);
  process.stdout.write(`wrote ${target}\n`);
}

run().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `OpenAPI generation failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
