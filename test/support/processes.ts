/** Helpers of the suites that start processes themselves: ports, readiness, leftover PostgreSQL processes. */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 at the time of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** PIDs of postgres processes whose command line names this data folder. */
export function postgresProcessesFor(dataDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes('postgres') && cmdline.includes(dataDir) && !cmdline.includes('jest'))
        pids.push(Number(entry));
    } catch {
      // process ended meanwhile
    }
  }
  return pids;
}

/** Polls `/health/ready` until it answers 200; fails (with the process output, if given) after 90 s or on exit. */
export async function waitReady(baseUrl: string, exited: () => boolean, output?: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && !exited()) {
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(output === undefined ? 'not ready' : `start-up failed:\n${output()}`);
}
