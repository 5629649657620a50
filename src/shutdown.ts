/**
 * The order of a shutdown on SIGTERM or SIGINT, and its forced path. Pure (the steps are handed in), so that the
 * order and the forced path are unit-tested without a server.
 */

export interface ShutdownSteps {
  /** Stop accepting connections; let the requests in flight finish, up to the grace period; cut the rest. */
  drainHttp(): Promise<void>;
  /** Stop the application: webhook deliveries finished or given back, then the database pool closed. */
  closeApp(): Promise<void>;
  /** Stop the embedded PostgreSQL (nothing to do with DATABASE_URL); bounded by the step itself. */
  stopDatabase(): Promise<void>;
}

export interface ShutdownOptions {
  /** Past it the shutdown is forced: the database is stopped all the same, and the process exits with 1. */
  deadlineMs: number;
  /**
   * A repeated signal within this window belongs to the first: a terminal's Ctrl-C reaches `npm start` and the
   * application alike, and npm forwards it once more. A later one forces the shutdown.
   */
  repeatWindowMs: number;
  /** Upper bound on stopping the database on the forced path, before exiting regardless. */
  forcedStopMs: number;
  log(message: string): void;
  exit(code: number): void;
}

function within(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

/**
 * Returns the signal handler. First signal: drain HTTP, close the application, stop the database, exit 0 (1 if a
 * step failed). Past the deadline, or on a signal repeated after `repeatWindowMs`: stop the database (PostgreSQL
 * must not outlive the process) and exit 1.
 */
export function createShutdown(steps: ShutdownSteps, options: ShutdownOptions): (signal: string) => Promise<void> {
  let startedAt: number | undefined;
  let forced = false;

  const force = async (reason: string): Promise<void> => {
    if (forced) return;
    forced = true;
    options.log(`${reason}: stopping the database and exiting`);
    await within(
      steps.stopDatabase().catch((error: unknown) => options.log(`error while stopping PostgreSQL: ${String(error)}`)),
      options.forcedStopMs,
    );
    options.exit(1);
  };

  return async (signal: string): Promise<void> => {
    if (startedAt !== undefined) {
      if (Date.now() - startedAt < options.repeatWindowMs) return;
      return force(`${signal} again`);
    }
    startedAt = Date.now();
    options.log(`${signal} received: shutting down`);
    const deadline = setTimeout(
      () => void force(`shutdown took longer than ${options.deadlineMs} ms`),
      options.deadlineMs,
    );
    let failed = false;
    const run = async (what: string, step: () => Promise<void>): Promise<void> => {
      try {
        await step();
      } catch (error) {
        failed = true;
        options.log(`error while ${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    try {
      await run('draining HTTP', () => steps.drainHttp());
      if (forced) return;
      await run('closing the application', () => steps.closeApp());
      if (forced) return;
      await run('stopping PostgreSQL', () => steps.stopDatabase());
      if (forced) return;
    } finally {
      clearTimeout(deadline);
    }
    options.log('stopped');
    options.exit(failed ? 1 : 0);
  };
}
