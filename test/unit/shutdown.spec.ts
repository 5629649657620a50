import { createShutdown, type ShutdownOptions, type ShutdownSteps } from '../../src/shutdown.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function harness(overrides: Partial<ShutdownSteps> = {}, options: Partial<ShutdownOptions> = {}) {
  const calls: string[] = [];
  let exitCode: number | undefined;
  let exited!: () => void;
  const exit = new Promise<void>((resolve) => (exited = resolve));
  const step = (name: keyof ShutdownSteps) => async (): Promise<void> => {
    calls.push(`${name} start`);
    await overrides[name]?.();
    calls.push(`${name} end`);
  };
  const sut = createShutdown(
    { drainHttp: step('drainHttp'), closeApp: step('closeApp'), stopDatabase: step('stopDatabase') },
    {
      deadlineMs: 200,
      repeatWindowMs: 50,
      forcedStopMs: 200,
      log: (message) => calls.push(`log: ${message}`),
      exit: (code) => {
        exitCode ??= code;
        calls.push(`exit ${code}`);
        exited();
      },
      ...options,
    },
  );
  return { sut, calls, exit, code: () => exitCode };
}

describe('createShutdown', () => {
  it('drains HTTP, then closes the application, then stops the database, and exits 0', async () => {
    const { sut, calls, exit, code } = harness();
    await sut('SIGTERM');
    await exit;
    expect(calls).toEqual([
      'log: SIGTERM received: shutting down',
      'drainHttp start',
      'drainHttp end',
      'closeApp start',
      'closeApp end',
      'stopDatabase start',
      'stopDatabase end',
      'log: stopped',
      'exit 0',
    ]);
    expect(code()).toBe(0);
  });

  it('goes on with the next steps when one fails, and exits 1', async () => {
    const { sut, calls, exit, code } = harness({
      closeApp: () => Promise.reject(new Error('pool would not close')),
    });
    await sut('SIGTERM');
    await exit;
    expect(calls).toContain('log: error while closing the application: pool would not close');
    expect(calls.filter((c) => c.startsWith('stopDatabase'))).toEqual(['stopDatabase start', 'stopDatabase end']);
    expect(code()).toBe(1);
  });

  it('past the deadline, still stops the database before exiting 1', async () => {
    const { sut, calls, exit, code } = harness({ closeApp: () => new Promise(() => undefined) });
    void sut('SIGTERM');
    await exit;
    expect(calls).toEqual([
      'log: SIGTERM received: shutting down',
      'drainHttp start',
      'drainHttp end',
      'closeApp start',
      'log: shutdown took longer than 200 ms: stopping the database and exiting',
      'stopDatabase start',
      'stopDatabase end',
      'exit 1',
    ]);
    expect(code()).toBe(1);
  });

  it('exits 1 on the forced path even when the database does not stop in time', async () => {
    const { sut, calls, exit, code } = harness({
      closeApp: () => new Promise(() => undefined),
      stopDatabase: () => new Promise(() => undefined),
    });
    const started = Date.now();
    void sut('SIGTERM');
    await exit;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(calls.at(-1)).toBe('exit 1');
    expect(code()).toBe(1);
  });

  it('takes a signal repeated at once for the same request (npm forwards Ctrl-C), and a later one as forcing', async () => {
    const { sut, calls, exit, code } = harness(
      { drainHttp: () => sleep(150) },
      { deadlineMs: 5_000, repeatWindowMs: 50 },
    );
    void sut('SIGINT');
    void sut('SIGINT');
    await sleep(20);
    expect(calls.filter((c) => c.startsWith('log'))).toEqual(['log: SIGINT received: shutting down']);
    await sleep(60);
    void sut('SIGINT');
    await exit;
    expect(calls).toContain('log: SIGINT again: stopping the database and exiting');
    expect(calls).toContain('stopDatabase start');
    expect(code()).toBe(1);
  });
});
