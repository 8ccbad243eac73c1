/**
 * Whether the worker is stuck: inbox rows have waited `stallMs` and it committed nothing in that
 * time, nor reported a failure — it hangs. A worker that falls behind but commits is not stuck
 * (the inbox lag metric shows that); nor is one whose tries keep failing (a full disk): it is
 * alive, a restart would not help, and {@link failing} says what fails, for the admin.
 *
 * With the worker on the main thread a hang also stops `/healthz` from answering at all, which
 * a liveness probe sees; with the worker on its own thread the main thread would keep answering
 * `ok` while nothing is applied: this tells `/healthz`, and the app's watchdog replaces the thread.
 *
 * Fed by the worker's commits and failures, and by each look at the inbox (`/healthz`, the
 * watchdog). "Waited" counts from
 * the first look that found rows pending after one that found none, so that the first event
 * after an idle hour is not taken for a stall.
 */
export class WorkerProgress {
  private lastCommitAt: number;
  private pendingSince: number | undefined;
  private lastFailureAt: number | undefined;
  private lastFailure = '';

  constructor(
    private readonly stallMs: number,
    startedAt: number,
  ) {
    if (!(stallMs > 0)) throw new Error(`worker stall threshold must be > 0 ms, got ${stallMs}`);
    this.lastCommitAt = startedAt;
  }

  committed(at: number): void {
    this.lastCommitAt = at;
  }

  /** A round of the worker failed (it is alive and will try again). */
  failed(at: number, message: string): void {
    this.lastFailureAt = at;
    this.lastFailure = message;
  }

  /** While the worker's tries since its last commit fail (the latest within the threshold): what fails. */
  failing(now: number): string | undefined {
    if (!this.failingNow(now)) return undefined;
    return `worker: nothing committed for ${Math.round((now - this.lastCommitAt) / 1000)} s, its tries fail: ${this.lastFailure}`;
  }

  private failingNow(now: number): boolean {
    return this.lastFailureAt !== undefined && this.lastFailureAt > this.lastCommitAt && now - this.lastFailureAt < this.stallMs;
  }

  /** A new worker was started in place of a stuck one: it gets the whole threshold to commit. */
  restarted(at: number): void {
    this.lastCommitAt = at;
    this.pendingSince = undefined;
  }

  /** What the look at the inbox found; returns why the worker counts as stuck, or undefined. */
  observe(pending: number, now: number): string | undefined {
    if (pending === 0) {
      this.pendingSince = undefined;
      return undefined;
    }
    this.pendingSince ??= now;
    const since = Math.max(this.lastCommitAt, this.pendingSince);
    if (now - since < this.stallMs || this.failingNow(now)) return undefined;
    return `worker: nothing committed for ${Math.round((now - this.lastCommitAt) / 1000)} s while ${pending} inbox rows wait, and no failure reported: it hangs`;
  }
}
