/**
 * Whether the worker is stuck: inbox rows have waited `stallMs` and it committed nothing in that
 * time. A worker that falls behind but commits is not stuck (the inbox lag metric shows that);
 * one whose commits keep failing (a full disk, a corrupt database) or whose thread hangs is.
 *
 * With the worker on the main thread a hang also stops `/healthz` from answering at all, which
 * a liveness probe sees; with the worker on its own thread the main thread keeps answering
 * `ok` while nothing is applied, and only this tells.
 *
 * Fed by the worker's commits and by each look at the inbox (`/healthz`). "Waited" counts from
 * the first look that found rows pending after one that found none, so that the first event
 * after an idle hour is not taken for a stall.
 */
export class WorkerProgress {
  private lastCommitAt: number;
  private pendingSince: number | undefined;

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
    if (now - since < this.stallMs) return undefined;
    return `worker: nothing committed for ${Math.round((now - this.lastCommitAt) / 1000)} s while ${pending} inbox rows wait (its errors are in the log)`;
  }
}
