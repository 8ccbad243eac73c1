import type { InboxMessage } from '../store/store.ts';

/** Where group commits go: the store, or the worker thread that appends through its own connection. */
export interface InboxAppender {
  appendInbox(messages: InboxMessage[]): Promise<{ duplicateIds: string[] }>;
}

interface Pending {
  messages: InboxMessage[];
  resolve: (result: { duplicates: number }) => void;
  reject: (err: Error) => void;
}

/**
 * Group commit for the inbox: messages from concurrent requests are appended in one transaction,
 * and each request is answered only after that transaction is durable. One commit per request
 * would cap ingestion at the commit rate; this amortises it across everyone waiting.
 */
export class InboxWriter {
  private pending: Pending[] = [];
  private pendingCount = 0;
  private flushing: Promise<void> | undefined;
  private scheduled = false;

  constructor(
    private readonly store: InboxAppender,
    /** Messages per transaction before flushing without waiting. Default 2,000. */
    private readonly maxBatch = 2000,
  ) {}

  append(messages: InboxMessage[]): Promise<{ duplicates: number }> {
    return new Promise((resolve, reject) => {
      this.pending.push({ messages, resolve, reject });
      this.pendingCount += messages.length;
      if (this.pendingCount >= this.maxBatch) void this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          void this.flush();
        });
      }
    });
  }

  /** Flushes what is waiting; the next flush starts after the one in progress. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.pendingCount = 0;
    this.flushing = this.write(batch);
    try {
      await this.flushing;
    } finally {
      this.flushing = undefined;
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      const all = batch.flatMap((p) => p.messages);
      const result = await this.store.appendInbox(all);
      const duplicates = new Set(result.duplicateIds);
      for (const p of batch) p.resolve({ duplicates: p.messages.filter((m) => duplicates.has(m.messageId)).length });
    } catch (err) {
      for (const p of batch) p.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }
}
