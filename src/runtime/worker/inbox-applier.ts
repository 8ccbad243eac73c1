import type { Command } from '../../core/commands.ts';
import type { InboxMessage, InboxRow } from '../store/store.ts';

/** An applied inbox row as the app's observers see it: the payload stays where it was applied. */
export type CommittedRow = Omit<InboxRow, 'payload'>;

/** What the app hears from whoever applies the inbox, wherever it runs. */
export interface InboxApplierEvents {
  /** After each commit: the rows it applied, the commit time and how long the batch took (read to commit). */
  onCommitted?: (rows: readonly CommittedRow[], committedAt: number, batchSeconds: number) => void;
  onCommands?: (commands: readonly Command[]) => void;
  /** A poison row, dead-lettered with its error; the rest of its batch committed. */
  onPoison?: (row: { source: string; messageId: string }, message: string) => void;
  /** A round that failed (it is retried), or the worker thread stopping unexpectedly (it is restarted). */
  onFailure?: (what: string, err: unknown) => void;
}

/**
 * The worker as the app drives it: in this process ({@link InProcessApplier}) or on a thread of
 * its own ({@link WorkerHost}). The HTTP edge appends through it, so that with a thread every
 * write of the hot path goes through the thread's one connection and never waits for a lock.
 */
export interface InboxApplier {
  /** True when the engine and its connection run on a worker thread. */
  readonly inThread: boolean;
  /** Inbox rows applied since start. */
  readonly eventsApplied: number;
  /** Appends in one transaction, durable on resolve (see Store.appendInbox). */
  appendInbox(messages: InboxMessage[]): Promise<{ duplicateIds: string[] }>;
  /** Resolves once the worker is ready to apply and append. */
  start(): Promise<void>;
  /** There is new work in the inbox: look now rather than after the idle delay. */
  poke(): void;
  /** Graceful stop: everything in the inbox applied, then the worker's resources released. */
  drainAndStop(): Promise<void>;
}
