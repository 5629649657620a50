/**
 * The two servers under test, each a child process of the runner: the application started as the production
 * image starts it (`node --enable-source-maps dist/src/main.js`, NODE_ENV=production, JSON logs at `info`), and
 * the baseline. Both log to files in the scratch folder; the application's memory is read from /proc.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findFreePort } from '../../dist/src/database/embedded-postgres.js';

const root = path.resolve(import.meta.dirname, '../..');

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function waitUntilReady(server, probe) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`${server.name} exited during start-up:\n${tail(server.errFile)}\n${tail(server.logFile)}`);
    }
    try {
      const response = await fetch(`${server.url}${probe}`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${server.name} did not become ready within 90 s:\n${tail(server.errFile)}`);
}

async function startServer(name, args, env, scratch, probe) {
  const port = await findFreePort();
  const logFile = path.join(scratch, `${name}.log`);
  const errFile = path.join(scratch, `${name}.err`);
  const out = openSync(logFile, 'a');
  const err = openSync(errFile, 'a');
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', out, err],
  });
  closeSync(out);
  closeSync(err);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const server = {
    name,
    child,
    url: `http://127.0.0.1:${port}`,
    logFile,
    errFile,
    /** SIGTERM, then SIGKILL if it has not exited after 15 s. */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await waitUntilReady(server, probe);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** A random admin key in the API's own format, made an admin key by ADMIN_API_KEY at start-up. */
export function benchAdminKey() {
  return `lr_${randomBytes(32).toString('base64url')}`;
}

export function startApp({ databaseUrl, scratch, adminKey, poolSize, logLevel, nodeOptions }) {
  return startServer(
    'app',
    ['--enable-source-maps', 'dist/src/main.js'],
    {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      SEED: 'false',
      LOG_LEVEL: logLevel,
      LOG_PRETTY: 'false',
      DB_POOL_SIZE: String(poolSize),
      ADMIN_API_KEY: adminKey,
      // The defaults (600 and 120 a minute) would answer 429 within the first second of a run.
      RATE_LIMIT_PER_MINUTE: '10000000',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '10000000',
      NODE_OPTIONS: [process.env.NODE_OPTIONS, nodeOptions].filter(Boolean).join(' '),
    },
    scratch,
    '/health/ready',
  );
}

export function startBaseline({ databaseUrl, scratch, poolSize }) {
  return startServer(
    'baseline',
    ['test/bench/baseline.mjs'],
    { NODE_ENV: 'production', DATABASE_URL: databaseUrl, DB_POOL_SIZE: String(poolSize) },
    scratch,
    '/health',
  );
}

function statusKb(pid, field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Samples VmRSS of a process every 250 ms. `read()` gives its VmHWM (peak resident set since it started), the
 * highest and last samples; `window()` the highest sample since the previous call (one run's peak).
 */
export function watchMemory(pid) {
  let maxRssKb = 0;
  let lastRssKb = 0;
  let windowKb = 0;
  const sample = () => {
    const rss = statusKb(pid, 'VmRSS');
    if (rss !== null) {
      lastRssKb = rss;
      maxRssKb = Math.max(maxRssKb, rss);
      windowKb = Math.max(windowKb, rss);
    }
  };
  sample();
  const timer = setInterval(sample, 250);
  timer.unref();
  return {
    read() {
      sample();
      return { peakKb: statusKb(pid, 'VmHWM'), maxSampledKb: maxRssKb, lastKb: lastRssKb };
    },
    window() {
      sample();
      const peak = windowKb;
      windowKb = lastRssKb;
      return peak;
    },
    stop: () => clearInterval(timer),
  };
}

/** utime + stime + cutime + cstime of a process, in clock ticks; its parent. */
function processTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      ppid: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
    };
  } catch {
    return null;
  }
}

/**
 * CPU time of the whole machine and of this process tree (runner with autocannon, servers, PostgreSQL), so that a
 * run can say how much of the two cores other programs took meanwhile (a busy neighbour skews every figure).
 */
export function cpuSnapshot() {
  const [, ...cpu] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const children = new Map();
  const ticks = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = processTicks(entry);
    if (!info) continue;
    ticks.set(Number(entry), info.ticks);
    children.set(info.ppid, [...(children.get(info.ppid) ?? []), Number(entry)]);
  }
  let ours = 0;
  const pending = [process.pid];
  while (pending.length > 0) {
    const pid = pending.pop();
    ours += ticks.get(pid) ?? 0;
    pending.push(...(children.get(pid) ?? []));
  }
  // user, nice, system, idle, iowait, irq, softirq, steal
  return { at: performance.now(), busy: cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6], steal: cpu[7], ours };
}

/** Cores used by other processes (and stolen by the hypervisor) between two snapshots; 100 ticks a second. */
export function otherLoad(before, after) {
  const seconds = (after.at - before.at) / 1000;
  const cores = (ticks) => Number((ticks / 100 / seconds).toFixed(2));
  return {
    others: cores(Math.max(0, after.busy - before.busy - (after.ours - before.ours))),
    steal: cores(after.steal - before.steal),
    ours: cores(after.ours - before.ours),
  };
}
