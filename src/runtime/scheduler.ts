import type { Store } from './store/store.ts';

/**
 * Moves due timers into the inbox, where the worker applies them like events. The store does it
 * in one transaction keyed by timer id, so a timer fires once, even when it came due while the
 * process was down or when two schedulers race.
 */
export class Scheduler {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    /** Timers moved per transaction. Default 1,000. */
    private readonly batchSize = 1000,
  ) {}

  async runOnce(): Promise<number> {
    return this.store.fireDueTimers(this.now(), this.batchSize);
  }
}
