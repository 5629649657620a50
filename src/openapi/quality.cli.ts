/** `npm run lint:openapi` (first step): the house rules of src/openapi/quality.ts over openapi/openapi.json. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDocumentQuality, formatFindings } from './quality.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

async function run(): Promise<number> {
  const document = JSON.parse(await readFile(path.join(root, 'openapi', 'openapi.json'), 'utf8')) as unknown;
  const findings = checkDocumentQuality(document);
  if (findings.length > 0) {
    process.stderr.write(`${formatFindings(findings)}\n\n${findings.length} finding(s) in openapi/openapi.json.\n`);
    return 1;
  }
  process.stdout.write('openapi/openapi.json follows every house rule (src/openapi/quality.ts).\n');
  return 0;
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Quality check failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
