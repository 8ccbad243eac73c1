/**
 * Waits `ms`, or less when `signal` aborts (shutdown). It resolves either way: a cut-short wait
 * is not an error, the caller looks at the signal. Injected so tests move a fake clock instead.
 */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** Real timers: the time between passes and before retries is wall-clock time. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted || ms <= 0) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
