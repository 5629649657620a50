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
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
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

/** Where two JSON documents first differ, for a readable failure. */
function firstDifference(a, b, at = '$') {
  if (isDeepStrictEqual(a, b)) return null;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  ) {
    return `${at}: ${JSON.stringify(a)?.slice(0, 200)} ≠ ${JSON.stringify(b)?.slice(0, 200)}`;
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const found = firstDifference(a[key], b[key], `${at}.${key}`);
    if (found) return found;
  }
  return `${at}: differ`;
}

async function send(target, request) {
  const response = await fetch(`${target.url}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** Reads: the same requests to both servers must get the same status and the same JSON. */
async function checkSameAnswers(scenario, inputs, app, baseline) {
  const [appInputs, baseInputs] = scenario.forTarget
    ? [await scenario.forTarget(inputs, app), await scenario.forTarget(inputs, baseline)]
    : [inputs, inputs];
  for (let i = 0; i < 3; i += 1) {
    const mine = await send(app, scenario.request(appInputs, i));
    const theirs = await send(baseline, scenario.request(baseInputs, i));
    if (mine.status !== scenario.expect || theirs.status !== scenario.expect) {
      throw new Error(`${scenario.name}: expected ${scenario.expect}, app ${mine.status}, baseline ${theirs.status}`);
    }
    const difference = firstDifference(mine.body, theirs.body);
    if (difference) throw new Error(`${scenario.name}: app and baseline answer different JSON at ${difference}`);
  }
}

/**
 * Creates: the same liaison created through both (the application's copy deleted in between, so that the pair is
 * free again) must come back the same but for id and timestamps, with the same change event stored.
 */
async function checkSameCreate(scenario, inputs, app, baseline, db, adminKey, counter) {
  const request = scenario.request(inputs, counter.next++);
  const mine = await send(app, request);
  if (mine.status !== 201)
    throw new Error(`create: the application answered ${mine.status}: ${JSON.stringify(mine.body)}`);
  const removed = await fetch(`${app.url}/v1/liaisons/${mine.body.id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${adminKey}`, 'if-match': '"1"' },
  });
  if (removed.status !== 204) throw new Error(`create: deleting the checked liaison answered ${removed.status}`);
  const theirs = await send(baseline, request);
  if (theirs.status !== 201) throw new Error(`create: the baseline answered ${theirs.status}`);
  const strip = (body) => ({ ...body, id: null, createdAt: null, updatedAt: null });
  const difference = firstDifference(strip(mine.body), strip(theirs.body));
  if (difference) throw new Error(`create: app and baseline answer different JSON at ${difference}`);
  for (const created of [mine.body, theirs.body]) {
    const { rows } = await db.query(`SELECT data FROM changes WHERE resource_id = $1 AND type = 'liaison.created'`, [
      created.id,
    ]);
    if (rows.length !== 1 || !isDeepStrictEqual(rows[0].data, created)) {
      throw new Error(`create: the change event of ${created.id} is missing or differs from the response`);
    }
  }
}

/**
 * Every liaison answered 201 is stored with its history entry and its change event: the client was told only
 * after COMMIT, so each must be there (requests still in flight when a run stops may add more rows; they are
 * not counted).
 */
async function checkCommitted(db, ids) {
  const { rows } = await db.query(
    `SELECT count(*)::int AS n FROM liaisons l
      WHERE l.id = ANY($1::uuid[])
        AND EXISTS (SELECT 1 FROM liaison_history h WHERE h.liaison_id = l.id AND h.action = 'create')
        AND EXISTS (SELECT 1 FROM changes c WHERE c.resource_id = l.id AND c.type = 'liaison.created')`,
    [ids],
  );
  return rows[0].n === ids.length
    ? { ok: true, checked: ids.length }
    : { ok: false, checked: ids.length, detail: `only ${rows[0].n} of ${ids.length} created liaisons fully stored` };
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
