/**
 * `npm run openapi:breaking`: fails when openapi/openapi.json breaks clients of the released document
 * openapi/baseline.json, unless openapi/breaking-changes.json declares each break (`{ change, reason }`).
 * A declaration that no longer matches a change fails too, so the list stays true. Releasing: copy
 * openapi.json over baseline.json and empty breaking-changes.json (`[]`).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBreakingChanges, parseDeclarations } from './breaking.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(path.join(root, file), 'utf8')) as unknown;
}

async function run(): Promise<number> {
  const report = checkBreakingChanges(
    await readJson('openapi/baseline.json'),
    await readJson('openapi/openapi.json'),
    parseDeclarations(await readJson('openapi/breaking-changes.json')),
  );
  for (const { change, reason } of report.declared) process.stdout.write(`declared: ${change} (${reason})\n`);
  for (const { change } of report.undeclared) process.stderr.write(`BREAKING: ${change}\n`);
  for (const { change } of report.stale) {
    process.stderr.write(`STALE DECLARATION (no such change; remove it): ${change}\n`);
  }
  if (report.undeclared.length > 0 || report.stale.length > 0) {
    process.stderr.write(
      '\nopenapi/openapi.json breaks clients of openapi/baseline.json. Avoid the break, or declare it in ' +
        'openapi/breaking-changes.json as { "change": "<the text above>", "reason": "..." }.\n',
    );
    return 1;
  }
  process.stdout.write('openapi/openapi.json keeps every client of openapi/baseline.json working.\n');
  return 0;
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Breaking-change check failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
