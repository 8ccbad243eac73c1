import type { Store } from './store/store.ts';

/** Seven days: how long an applied message is kept, and so how long a re-delivery of it is recognised. */
export const DEFAULT_INBOX_RETENTION_MS = 7 * 86_400_000;

/**
 * Deletes applied inbox rows once they are older than the retention. The retention is the
 * inbox's dedupe window: a message sent again within it is acknowledged as a duplicate, one sent
 * again after it is applied as new. Sources re-deliver within hours (webhooks within a day or
 * so), so the default week leaves a wide margin; the cost is the inbox's disk space.
 */
export class InboxPruner {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    /** Milliseconds an applied message is kept. Default {@link DEFAULT_INBOX_RETENTION_MS}; at least 1. */
    private readonly retentionMs = DEFAULT_INBOX_RETENTION_MS,
    /** Rows looked at per call. Default 1,000: a few ms of the event loop, however long the backlog. */
    private readonly chunk = 1000,
  ) {
    if (!Number.isFinite(retentionMs) || retentionMs < 1) throw new Error(`inbox retention must be at least 1 ms, got ${retentionMs}`);
  }

  /** Prunes one chunk; returns how many rows it deleted (0 when nothing is due). */
  async runOnce(): Promise<number> {
    return this.store.pruneInbox(this.now() - this.retentionMs, this.chunk);
  }
}
