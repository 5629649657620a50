/** The committed SDK is exactly what the committed OpenAPI document generates (`npm run sdk`). */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

describe('the committed TypeScript SDK (openapi/sdk/typescript)', () => {
  it('is what @hey-api/openapi-ts generates from openapi/openapi.json', () => {
    const result = spawnSync(process.execPath, [path.join(root, 'scripts/sdk.mjs'), '--check'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
