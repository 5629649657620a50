/** Command-line options of `npm run bench` (each also settable by an environment variable). */
import { parseArgs } from 'node:util';
import { SCENARIO_NAMES } from './scenarios.mjs';

export const USAGE = `Usage: npm run bench -- [options]

  --duration <s>       measured seconds per scenario and server   (BENCH_DURATION, default 8)
  --warmup <s>         warm-up seconds before each measured run    (BENCH_WARMUP, default 2)
  --connections <n>    concurrent connections of autocannon        (BENCH_CONNECTIONS, default 32)
  --size <factor>      registry size; 1 = 5,000 bodies, 50,000 liaisons and work items, 20,000 contacts,
                       200,000 change events                        (BENCH_SIZE, default 1)
  --scenarios <list>   comma-separated subset of: ${SCENARIO_NAMES.join(', ')}
                                                                    (BENCH_SCENARIOS, default all)
  --rounds <n>         measure every scenario n times per server, alternating; the median run is kept
                                                                    (BENCH_ROUNDS, default 1)
  --pool <n>           database pool of the application and of the baseline (BENCH_POOL, default 10)
  --app-log-level <l>  LOG_LEVEL of the application                  (BENCH_APP_LOG_LEVEL, default info)
  --app-node-options <o>  NODE_OPTIONS of the application only; the default caps the heap as \`npm start\`
                       and the Docker image do   (BENCH_APP_NODE_OPTIONS, default --max-old-space-size=192)
  --update-readme      write the results table into README.md (between the bench:results markers)
  --help

DATABASE_URL: use that server (a new database is created and dropped) instead of an embedded PostgreSQL.`;

function number(name, raw, { min, integer }) {
  const value = Number(raw);
  if (raw === '' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new Error(`--${name} must be ${integer ? 'an integer' : 'a number'} of at least ${min} (got "${raw}")`);
  }
  return value;
}

export function parseOptions(argv, env) {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: env.BENCH_DURATION ?? '8' },
      warmup: { type: 'string', default: env.BENCH_WARMUP ?? '2' },
      connections: { type: 'string', default: env.BENCH_CONNECTIONS ?? '32' },
      size: { type: 'string', default: env.BENCH_SIZE ?? '1' },
      scenarios: { type: 'string', default: env.BENCH_SCENARIOS ?? SCENARIO_NAMES.join(',') },
      rounds: { type: 'string', default: env.BENCH_ROUNDS ?? '1' },
      pool: { type: 'string', default: env.BENCH_POOL ?? '10' },
      'app-log-level': { type: 'string', default: env.BENCH_APP_LOG_LEVEL ?? 'info' },
      'app-node-options': { type: 'string', default: env.BENCH_APP_NODE_OPTIONS ?? '--max-old-space-size=192' },
      'update-readme': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const scenarios = values.scenarios
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = scenarios.filter((s) => !SCENARIO_NAMES.includes(s));
  if (unknown.length > 0)
    throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIO_NAMES.join(', ')}`);
  return {
    help: values.help,
    duration: number('duration', values.duration, { min: 1, integer: true }),
    warmup: number('warmup', values.warmup, { min: 0, integer: true }),
    connections: number('connections', values.connections, { min: 1, integer: true }),
    size: number('size', values.size, { min: 0.002, integer: false }),
    scenarios,
    rounds: number('rounds', values.rounds, { min: 1, integer: true }),
    pool: number('pool', values.pool, { min: 1, integer: true }),
    appLogLevel: values['app-log-level'],
    appNodeOptions: values['app-node-options'],
    updateReadme: values['update-readme'],
  };
}
