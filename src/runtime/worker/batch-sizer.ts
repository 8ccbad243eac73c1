export interface BatchSizerOptions {
  /** The most rows a batch may take. Default 1,000. */
  max?: number;
  /** The fewest rows the limit shrinks to. Default 20 (one tracking batch). */
  min?: number;
  /**
   * Wall time one batch should take, read to commit, in ms. Default 15. While the worker keeps
   * up, an event waits for at most the batch in progress and its own, so this bounds the
   * accept-to-outbox latency the worker adds; a larger budget amortises the commit better.
   */
  budgetMs?: number;
  /**
   * Consecutive full batches after which the worker counts as behind. Default 8. Behind, the
   * limit doubles per batch up to `max` whatever the budget: a backlog is drained fastest in
   * large commits, and a budget too small to keep up with the arrival rate would let it grow
   * without end.
   */
  behindAfter?: number;
}

/**
 * How many inbox rows the worker takes next: small batches while it keeps up, so that events do
 * not wait behind a long commit (which also holds up the HTTP requests on the same event loop),
 * and large ones when a backlog builds up. The limit follows the measured time of the batches:
 * scaled down when one overran the budget, up when a full one finished early.
 */
export class BatchSizer {
  private readonly max: number;
  private readonly min: number;
  private readonly budgetMs: number;
  private readonly behindAfter: number;
  private limit: number;
  private fullStreak = 0;

  constructor(options: BatchSizerOptions = {}) {
    this.max = options.max ?? 1000;
    this.min = Math.min(this.max, options.min ?? 20);
    this.budgetMs = options.budgetMs ?? 15;
    this.behindAfter = options.behindAfter ?? 8;
    if (!(this.min >= 1 && Number.isInteger(this.max) && this.max >= 1)) throw new Error(`batch sizes must be whole numbers ≥ 1, got min ${this.min}, max ${this.max}`);
    if (!(this.budgetMs > 0)) throw new Error(`batch budget must be > 0 ms, got ${this.budgetMs}`);
    this.limit = this.max;
  }

  /** Rows to read for the next batch. */
  next(): number {
    return this.limit;
  }

  /** What the last batch took: `rows` read (of `next()`), in `elapsedMs` from read to commit. */
  record(rows: number, elapsedMs: number): void {
    const full = rows >= this.limit;
    this.fullStreak = full ? this.fullStreak + 1 : 0;
    if (this.fullStreak >= this.behindAfter) {
      this.limit = Math.min(this.max, this.limit * 2);
    } else if (elapsedMs > this.budgetMs) {
      this.limit = Math.max(this.min, Math.floor((rows * this.budgetMs) / elapsedMs));
    } else if (full) {
      const room = elapsedMs > 0 ? this.budgetMs / elapsedMs : 2;
      this.limit = Math.min(this.max, Math.ceil(this.limit * Math.min(2, room)));
    }
  }
}
