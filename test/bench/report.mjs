/** Figures of a run, the targets of issue #8 checked against them, and the Markdown table of both. */
import { readFile, writeFile } from 'node:fs/promises';

/** Nearest-rank percentile of sorted values. */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (value, digits = 2) => (value === null ? null : Number(value.toFixed(digits)));

/** One measured run: requests per second, latency percentiles (ms) and errors (socket errors + wrong statuses). */
export function summarize({ latencies, statuses, socketErrors, seconds, expect }) {
  const sorted = Float64Array.from(latencies).sort();
  const wrongStatus = Object.entries(statuses)
    .filter(([status]) => Number(status) !== expect)
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    requests: latencies.length,
    rps: round(latencies.length / seconds, 1),
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : null),
    errors: socketErrors + wrongStatus,
    socketErrors,
    statuses,
    seconds: round(seconds, 3),
  };
}

/** The run with the median throughput (of one or more rounds). */
export function median(runs) {
  const sorted = [...runs].sort((a, b) => a.rps - b.rps);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)], rounds: runs.map((r) => r.rps) };
}

const READ_P99_MS = 25;
const READ_RATIO = 0.7;
const NOT_MODIFIED_FACTOR = 2;
const DEEP_P50_FACTOR = 1.5;
const CREATE_RPS = 500;
const RSS_MB = 300;

/** The targets of issue #8 that the scenarios run allow to check. */
export function checkTargets(results, rss, connections) {
  const by = Object.fromEntries(results.map((r) => [r.name, r]));
  const targets = [];
  for (const r of results.filter((s) => s.kind === 'read')) {
    targets.push({
      target: `${r.name}: ≥ ${READ_RATIO} × baseline req/s`,
      measured: `${r.ratio} ×`,
      met: r.ratio >= READ_RATIO,
    });
    targets.push({
      target: `${r.name}: p99 ≤ ${READ_P99_MS} ms at ${connections} connections, 0 errors`,
      measured: `p99 ${r.app.p99} ms, ${r.app.errors} errors`,
      met: r.app.p99 <= READ_P99_MS && r.app.errors === 0,
    });
  }
  if (by['not-modified'] && by.get) {
    const factor = round(by['not-modified'].app.rps / by.get.app.rps);
    targets.push({
      target: `not-modified: ≥ ${NOT_MODIFIED_FACTOR} × the req/s of get`,
      measured: `${factor} ×`,
      met: factor >= NOT_MODIFIED_FACTOR,
    });
  }
  if (by['deep-page'] && by['first-page']) {
    const factor = round(by['deep-page'].app.p50 / by['first-page'].app.p50);
    targets.push({
      target: `deep-page: p50 ≤ ${DEEP_P50_FACTOR} × first-page p50`,
      measured: `${factor} × (${by['deep-page'].app.p50} / ${by['first-page'].app.p50} ms)`,
      met: factor <= DEEP_P50_FACTOR,
    });
  }
  if (by.create) {
    const { app, committed } = by.create;
    targets.push({
      target: `create: ≥ ${CREATE_RPS} req/s, 0 errors, every write committed`,
      measured: `${app.rps} req/s, ${app.errors} errors, ${committed.ok ? 'all committed' : committed.detail}`,
      met: app.rps >= CREATE_RPS && app.errors === 0 && committed.ok,
    });
  }
  const peakMb = round(rss.peakKb / 1024, 1);
  targets.push({ target: `application peak RSS ≤ ${RSS_MB} MB`, measured: `${peakMb} MB`, met: peakMb <= RSS_MB });
  return targets;
}

const cell = (value) => (value === null || value === undefined ? '–' : String(value));

export function markdown(report) {
  const { machine, options, sizes, load, results, rss, targets, otherCpu } = report;
  const lines = [
    `Run of ${report.finishedAt.slice(0, 16).replace('T', ' ')} UTC: ${machine.cpus} × ${machine.cpuModel}, ` +
      `${machine.memoryGb} GB, Node ${machine.node}, ${machine.postgres}; ${options.connections} connections, ` +
      `${options.warmup} s warm-up + ${options.duration} s per run, ${options.rounds} round(s), pool ${options.pool}` +
      `${options.appLogLevel === 'info' ? '' : `, application LOG_LEVEL ${options.appLogLevel}`}` +
      `${options.appNodeOptions ? `, application NODE_OPTIONS \`${options.appNodeOptions}\`` : ''}; ` +
      `registry of ${sizes.bodies.toLocaleString('en')} bodies, ${sizes.liaisons.toLocaleString('en')} liaisons, ` +
      `${sizes.workItems.toLocaleString('en')} work items, ${sizes.contacts.toLocaleString('en')} contacts, ` +
      `${sizes.changes.toLocaleString('en')} change events, loaded in ${(load.ms / 1000).toFixed(1)} s. ` +
      `Other programs on the machine took ${otherCpu.averageCores} cores on average during the runs ` +
      `(at most ${otherCpu.maxCores}).`,
    '',
    '| Scenario | App req/s | App p50 ms | App p99 ms | App errors | Baseline req/s | Baseline p50 ms | Baseline p99 ms | Baseline errors | App / baseline |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) =>
      [
        `${r.title}${r.detail ? ` (${r.detail})` : ''}`,
        r.app.rps,
        r.app.p50,
        r.app.p99,
        r.app.errors,
        r.baseline.rps,
        r.baseline.p50,
        r.baseline.p99,
        r.baseline.errors,
        `${r.ratio} ×`,
      ]
        .map(cell)
        .join(' | ')
        .replace(/^/, '| ')
        .replace(/$/, ' |'),
    ),
    '',
    `Application peak RSS (VmHWM): ${(rss.peakKb / 1024).toFixed(1)} MB (highest sampled VmRSS ` +
      `${(rss.maxSampledKb / 1024).toFixed(1)} MB, at the end ${(rss.lastKb / 1024).toFixed(1)} MB).`,
    '',
    '| Target | Measured | Met |',
    '| --- | --- | :---: |',
    ...targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`),
  ];
  return lines.join('\n');
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/** Replaces the table between the markers of README.md. */
export async function updateReadme(file, text) {
  const readme = await readFile(file, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section`);
  await writeFile(file, `${readme.slice(0, start + START.length)}\n${text}\n${readme.slice(end)}`);
}
