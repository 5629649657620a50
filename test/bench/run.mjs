/**
 * `npm run bench`: loads a generated registry into a fresh PostgreSQL, starts the application (production mode)
 * and the hand-written baseline beside it, checks that both answer the same JSON, then drives both with
 * autocannon over the scenarios of scenarios.mjs (same connections, warm-up and duration, alternating which
 * server goes first) and prints the table, the application's peak RSS and the targets of issue #8. Results go to
 * test/bench/results/latest.json. Everything it starts is stopped and removed, on errors and Ctrl-C too.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { checkCommitted, checkSameAnswers, checkSameCreate } from './checks.mjs';
import { migrate, openBenchDatabase } from './database.mjs';
import { generateRegistry, sizesFor } from './generate.mjs';
import { parseOptions, USAGE } from './options.mjs';
import { benchAdminKey, cpuSnapshot, otherLoad, startApp, startBaseline, watchMemory } from './processes.mjs';
import { checkTargets, markdown, median, summarize, updateReadme } from './report.mjs';
import { SCENARIOS } from './scenarios.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const log = (message) => process.stdout.write(`${message}\n`);

/** Undo steps, run last-in first-out once, whatever ends the run. */
const cleanups = [];
let cleaning;
function cleanup() {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const undo = cleanups.pop();
      await undo().catch((error) => log(`cleanup: ${error.message}`));
    }
  })();
  return cleaning;
}
// A stray error (a dropped connection while stopping, say) must not leave PostgreSQL or a server running.
process.on('uncaughtException', (error) => {
  log(`\nbench failed: ${error.stack ?? error}`);
  void cleanup().finally(() => process.exit(1));
});
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(signal, () => {
    log(`\n${signal}: stopping the servers and PostgreSQL…`);
    void cleanup().finally(() => process.exit(code));
  });
}

/**
 * One autocannon run; latencies are taken from every response, at full (sub-millisecond) resolution. Also
 * returns the ids of created resources, the application's highest RSS during the run and the CPU other
 * processes took meanwhile.
 */
async function drive(target, scenario, inputs, seconds, connections, counter, memory) {
  const latencies = [];
  const statuses = {};
  const created = [];
  const collect = (status, body) => {
    if (status === 201) created.push(/"id":"([0-9a-f-]{36})"/.exec(body)?.[1]);
  };
  const cpu = cpuSnapshot();
  memory.window();
  const instance = autocannon({
    url: target.url,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        setupRequest: (request) => ({ ...request, ...scenario.request(inputs, counter.next++) }),
        ...(scenario.kind === 'write' ? { onResponse: collect } : {}),
      },
    ],
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const result = await instance;
  const summary = summarize({
    latencies,
    statuses,
    socketErrors: result.errors,
    seconds: (result.finish - result.start) / 1000,
    expect: scenario.expect,
  });
  return {
    ...summary,
    cpu: otherLoad(cpu, cpuSnapshot()),
    appRssMb: Number((memory.window() / 1024).toFixed(1)),
    created,
  };
}

async function machine(db) {
  const { rows } = await db.query(`SELECT current_setting('server_version') AS version,
      current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync`);
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.versions.node,
    postgres: `PostgreSQL ${rows[0].version} (fsync ${rows[0].fsync}, synchronous_commit ${rows[0].sync})`,
  };
}

async function main() {
  const options = parseOptions(process.argv.slice(2), process.env);
  if (options.help) return log(USAGE);
  const scenarios = SCENARIOS.filter((s) => options.scenarios.includes(s.name));
  const sizes = sizesFor(options.size);

  const scratch = await mkdtemp(path.join(os.tmpdir(), 'liaison-registry-bench-'));
  cleanups.push(() => rm(scratch, { recursive: true, force: true }));
  const database = await openBenchDatabase(process.env.DATABASE_URL, scratch);
  cleanups.push(() => database.stop());
  log(`Database: ${database.where}`);
  migrate(database.url);

  log('Loading the registry:');
  const loader = new pg.Client({ connectionString: database.url });
  await loader.connect();
  const loadStarted = performance.now();
  const counts = await generateRegistry(loader, sizes, log);
  const load = { ms: Math.round(performance.now() - loadStarted), counts };
  await loader.end();
  log(`Loaded in ${(load.ms / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);

  const adminKey = benchAdminKey();
  const app = await startApp({
    databaseUrl: database.url,
    scratch,
    adminKey,
    poolSize: options.pool,
    logLevel: options.appLogLevel,
    nodeOptions: options.appNodeOptions,
  });
  cleanups.push(() => app.stop());
  const memory = watchMemory(app.child.pid);
  cleanups.push(async () => memory.stop());
  const baseline = await startBaseline({ databaseUrl: database.url, scratch, poolSize: options.pool });
  cleanups.push(() => baseline.stop());
  log(`Application on ${app.url} (pid ${app.child.pid}), baseline on ${baseline.url}`);

  const db = new pg.Pool({ connectionString: database.url, max: 2 });
  db.on('error', (error) => log(`runner's database pool: ${error.message}`));
  cleanups.push(() => db.end());
  const context = { db, sizes, adminKey };
  const createCounter = { next: 0 };
  const inputs = new Map();
  for (const scenario of scenarios) {
    const prepared = await scenario.prepare(context);
    await scenario.check?.(prepared, app);
    if (scenario.kind === 'write') {
      await checkSameCreate(scenario, prepared, app, baseline, db, adminKey, createCounter);
    } else {
      await checkSameAnswers(scenario, prepared, app, baseline);
    }
    inputs.set(scenario.name, prepared);
  }
  log('The application and the baseline answer the same JSON in every scenario.\n');

  const runs = new Map(scenarios.map((s) => [s.name, { app: [], baseline: [], committed: { ok: true } }]));
  for (let round = 0; round < options.rounds; round += 1) {
    for (const [index, scenario] of scenarios.entries()) {
      const order = (index + round) % 2 === 0 ? [app, baseline] : [baseline, app];
      for (const target of order) {
        const targetInputs = scenario.forTarget
          ? await scenario.forTarget(inputs.get(scenario.name), target)
          : inputs.get(scenario.name);
        const counter = scenario.kind === 'write' ? createCounter : { next: 0 };
        const created = [];
        if (options.warmup > 0) {
          const warm = await drive(
            target,
            scenario,
            targetInputs,
            options.warmup,
            options.connections,
            counter,
            memory,
          );
          created.push(...warm.created);
        }
        const { created: measured, ...result } = await drive(
          target,
          scenario,
          targetInputs,
          options.duration,
          options.connections,
          counter,
          memory,
        );
        runs.get(scenario.name)[target.name].push(result);
        if (scenario.kind === 'write') {
          const committed = await checkCommitted(db, [...created, ...measured]);
          if (!committed.ok) runs.get(scenario.name).committed = committed;
        }
        log(
          `${scenario.name.padEnd(13)} ${target.name.padEnd(9)} ${String(result.rps).padStart(8)} req/s  ` +
            `p50 ${String(result.p50).padStart(6)} ms  p99 ${String(result.p99).padStart(7)} ms  ` +
            `errors ${result.errors}  (app RSS ≤ ${result.appRssMb} MB, other processes ${result.cpu.others} cores)`,
        );
      }
    }
  }

  const rss = memory.read();
  await baseline.stop();
  await app.stop();

  const results = scenarios.map((scenario) => {
    const run = runs.get(scenario.name);
    const appRun = median(run.app);
    const baseRun = median(run.baseline);
    return {
      name: scenario.name,
      title: scenario.title,
      kind: scenario.kind,
      detail: scenario.describe?.(inputs.get(scenario.name)) ?? null,
      app: appRun,
      baseline: baseRun,
      ratio: Number((appRun.rps / baseRun.rps).toFixed(2)),
      ...(scenario.kind === 'write' ? { committed: run.committed } : {}),
    };
  });
  const report = {
    finishedAt: new Date().toISOString(),
    machine: await machine(db),
    options: { ...options, help: undefined, updateReadme: undefined },
    sizes,
    load,
    results,
    rss,
  };
  const loads = [...runs.values()].flatMap((run) => [...run.app, ...run.baseline]).map((r) => r.cpu.others);
  report.otherCpu = {
    averageCores: Number((loads.reduce((a, b) => a + b, 0) / loads.length).toFixed(2)),
    maxCores: Math.max(...loads),
  };
  report.targets = checkTargets(results, rss, options.connections);
  report.markdown = markdown(report);

  await mkdir(path.join(root, 'test/bench/results'), { recursive: true });
  await writeFile(path.join(root, 'test/bench/results/latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  log(`\n${report.markdown}\n\nWritten to test/bench/results/latest.json`);
  if (options.updateReadme) {
    await updateReadme(path.join(root, 'README.md'), report.markdown);
    log('README.md updated.');
  }
}

try {
  await main();
  await cleanup();
} catch (error) {
  log(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await cleanup();
  process.exit(1);
}
