/**
 * The README's "Using the API from TypeScript" example works as written: it is compiled under `--strict` against
 * the SDK package built as it would be published (`dist/` + package.json exports), then run against a server, and
 * prints what its comments say.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type TestServer } from '../support/server.js';

const root = path.resolve(import.meta.dirname, '../..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
let server: TestServer;
let scratch: string;

beforeAll(async () => {
  server = await startServer();
  scratch = mkdtempSync(path.join(tmpdir(), 'liaison-readme-'));
});

afterAll(async () => {
  await server?.dispose();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function readmeExample(): string {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.split('## Using the API from TypeScript')[1] ?? '';
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (code === undefined) throw new Error('README.md has no ```ts example under "Using the API from TypeScript"');
  return code;
}

/** `console.log(...); // expected output` lines of the example. */
function expectedOutput(code: string): string[] {
  return code
    .split('\n')
    .map((line) => /^console\.log\(.*\);\s*\/\/\s*(.*)$/.exec(line.trim())?.[1])
    .filter((expected): expected is string => expected !== undefined);
}

function run(command: string, args: string[], env: Record<string, string> = {}): string {
  const result = spawnSync(command, args, {
    cwd: scratch,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', ...env },
  });
  if (result.status !== 0) {
    throw new Error(
      `${path.basename(args[0] ?? command)} failed (${result.status}):\n${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout;
}

describe('the README example of the TypeScript SDK', () => {
  it('compiles under --strict against the built package and prints what it says when run', () => {
    const code = readmeExample();
    const expected = expectedOutput(code);
    expect(expected.length).toBeGreaterThanOrEqual(3);

    const packageDir = path.join(scratch, 'node_modules', '@liaison-registry', 'sdk');
    mkdirSync(packageDir, { recursive: true });
    cpSync(path.join(root, 'openapi/sdk/typescript/package.json'), path.join(packageDir, 'package.json'));
    run(process.execPath, [
      tsc,
      '-p',
      path.join(root, 'openapi/sdk/typescript/tsconfig.json'),
      '--outDir',
      path.join(packageDir, 'dist'),
    ]);

    writeFileSync(path.join(scratch, 'example.mts'), code);
    writeFileSync(
      path.join(scratch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          lib: ['es2022', 'dom'],
          typeRoots: [path.join(root, 'node_modules', '@types')],
          types: ['node'],
          skipLibCheck: true,
          noEmitOnError: true,
          outDir: 'out',
        },
        files: ['example.mts'],
      }),
    );
    run(process.execPath, [tsc, '-p', path.join(scratch, 'tsconfig.json')]);

    const output = run(process.execPath, [path.join(scratch, 'out', 'example.mjs')], {
      REGISTRY_URL: server.baseUrl,
      REGISTRY_API_KEY: server.adminKey,
    });
    expect(output.trim().split('\n')).toEqual(expected);
  });
});
