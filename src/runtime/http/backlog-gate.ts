/**
 * Back-pressure for the HTTP edge when the worker runs on its own thread and the edge appends on
 * its own connection: nothing then slows acceptance down to the rate the worker applies, and an
 * inbox backlog — every event in it waiting longer — would grow for as long as senders outpace the
 * worker. The gate holds the next group commit while more than `limit` accepted rows wait to be
 * applied, so that the wait is spread over the senders (whose requests take longer) instead.
 *
 * Counts are approximate on purpose: rows applied that the edge did not append (sync pages,
 * replayed dead letters) can only make it admit earlier, and a wait never lasts more than
 * `maxWaitMs`, so a worker that stopped answering never stops acceptance.
 */
export class BacklogGate {
  private outstanding = 0;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    private readonly maxWaitMs = 1000,
  ) {}

  /** Rows the edge appended (accepted, duplicates excluded). */
  appended(rows: number): void {
    this.outstanding += rows;
  }

  /** Rows the worker applied, timers excluded. */
  applied(rows: number): void {
    this.outstanding = Math.max(0, this.outstanding - rows);
    if (this.outstanding <= this.limit) for (const wake of this.waiters.splice(0)) wake();
  }

  /** Undefined when the next commit may go ahead now, else a promise that resolves when it may. */
  wait(): Promise<void> | undefined {
    if (this.outstanding <= this.limit) return undefined;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.maxWaitMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
