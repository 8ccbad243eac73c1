/** Shortest and longest pause between two attempts, in ms: a commit of the other connection takes a few ms. */
const FIRST_PAUSE_MS = 1;
const LONGEST_PAUSE_MS = 16;

export function isBusy(err: unknown): boolean {
  // better-sqlite3 throws a SqliteError whose `code` names the result (SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, …); anything else has none.
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Runs a write transaction, and while another connection holds the write lock (SQLITE_BUSY),
 * runs it again after a pause, for at most `timeoutMs` in all. Unlike SQLite's busy timeout,
 * which sleeps inside the call, the pauses are timers: the event loop serves HTTP meanwhile.
 * `run` must be a whole transaction, so that an attempt that failed changed nothing.
 */
export async function retryWhileBusy<T>(run: () => T, timeoutMs: number): Promise<T> {
  const giveUpAt = performance.now() + timeoutMs;
  let pause = FIRST_PAUSE_MS;
  for (;;) {
    try {
      return run();
    } catch (err) {
      if (!isBusy(err) || performance.now() + pause > giveUpAt) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(LONGEST_PAUSE_MS, pause * 2);
  }
}
