/**
 * `npm run sdk`: generates the TypeScript SDK (@liaison-registry/sdk) from openapi/openapi.json into
 * openapi/sdk/typescript/src with @hey-api/openapi-ts (fetch client), formatted with the repository's Prettier
 * settings. The package files around src/ (package.json, tsconfig.json, README.md) are written by hand.
 *
 * `npm run sdk:check` (CI): generates into a temporary folder and fails when anything differs from the
 * committed src/, i.e. when someone changed the document without running `npm run sdk`.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@hey-api/openapi-ts';
import * as prettier from 'prettier';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const input = path.join(root, 'openapi', 'openapi.json');
const packageDir = path.join(root, 'openapi', 'sdk', 'typescript');
const committed = path.join(packageDir, 'src');

async function listFiles(dir, prefix = '') {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path.join(dir, entry.name), relative)));
    else files.push(relative);
  }
  return files;
}

async function generate(outputDir) {
  await createClient({
    input,
    output: {
      path: outputDir,
      clean: true,
      module: { extension: '.js' },
      tsConfigPath: path.join(packageDir, 'tsconfig.json'),
    },
    // Pinned explicitly: the bundled fetch client (its createClient re-exported by the entry file), the types,
    // and one function per operation.
    plugins: [{ name: '@hey-api/client-fetch', includeInEntry: true }, '@hey-api/typescript', '@hey-api/sdk'],
    logs: { level: 'silent' },
  });
  const options = { ...(await prettier.resolveConfig(path.join(root, 'package.json'))), parser: 'typescript' };
  for (const file of await listFiles(outputDir)) {
    const full = path.join(outputDir, file);
    await writeFile(full, await prettier.format(await readFile(full, 'utf8'), options));
  }
}

async function check() {
  const scratch = await mkdtemp(path.join(tmpdir(), 'liaison-sdk-'));
  try {
    await generate(scratch);
    const fresh = await listFiles(scratch);
    const current = await listFiles(committed);
    const differences = [
      ...fresh.filter((f) => !current.includes(f)).map((f) => `missing: ${f}`),
      ...current.filter((f) => !fresh.includes(f)).map((f) => `not generated any more: ${f}`),
    ];
    for (const file of fresh.filter((f) => current.includes(f))) {
      const [a, b] = await Promise.all([
        readFile(path.join(scratch, file), 'utf8'),
        readFile(path.join(committed, file), 'utf8'),
      ]);
      if (a !== b) differences.push(`differs: ${file}`);
    }
    if (differences.length > 0) {
      process.stderr.write(
        `${differences.join('\n')}\n\nopenapi/sdk/typescript/src is not what openapi/openapi.json generates: ` +
          'run `npm run sdk` and commit the result.\n',
      );
      return 1;
    }
    process.stdout.write('openapi/sdk/typescript/src is up to date with openapi/openapi.json.\n');
    return 0;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function main() {
  if (process.argv.includes('--check')) return check();
  await generate(committed);
  process.stdout.write(`wrote ${path.relative(root, committed)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(
      `SDK generation failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
