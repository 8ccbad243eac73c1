import type { SyncPage } from '../../../connectors/sdk/sync-stream.ts';

/**
 * - `reading`: paging through a pass;
 * - `caught-up`: the pass ended; the next starts at `nextPassAt`;
 * - `retrying`: the last read failed (see `lastError`) and is tried again at `retryAt`;
 * - `stopped`: the stream needs the admin (`lastError` says why); it starts again with the process.
 */
export type SyncState = 'reading' | 'caught-up' | 'retrying' | 'stopped';

/** One stream as the admin sees it. Counts are since the process started. */
export interface SyncStreamStatus {
  connector: string;
  stream: string;
  state: SyncState;
  /** Records read in the current (or last) pass, and how many it holds when the platform says. */
  progress?: { done: number; total?: number };
  /** Events newly committed to the inbox. */
  committed: number;
  /** Events the inbox already held (records read again in the look-back window, resumed pages). */
  duplicates: number;
  /** Records the connector read but turned into no event (a deal with no contact). */
  skipped: number;
  /** Events refused by validation: a connector bug, logged with the reasons. */
  rejected: number;
  /** Failed reads in a row; 0 once a page commits. */
  failures: number;
  /** ISO times. */
  lastCaughtUpAt?: string;
  nextPassAt?: string;
  retryAt?: string;
  /** The most recent failure, kept after recovery so the admin can see what happened. */
  lastError?: { kind: string; message: string; at: string };
}

export function initialStatus(connector: string, stream: string): SyncStreamStatus {
  return { connector, stream, state: 'reading', committed: 0, duplicates: 0, skipped: 0, rejected: 0, failures: 0 };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Counts a committed page in; the stream is healthy again. */
export function noteCommittedPage(status: SyncStreamStatus, page: Pick<SyncPage, 'caughtUp' | 'progress' | 'skipped'>, counts: { committed: number; duplicates: number; rejected: number }): void {
  status.state = page.caughtUp ? 'caught-up' : 'reading';
  status.committed += counts.committed;
  status.duplicates += counts.duplicates;
  status.skipped += page.skipped?.length ?? 0;
  status.rejected += counts.rejected;
  status.failures = 0;
  delete status.retryAt;
  if (page.progress) status.progress = page.progress;
}

/** A pass ended at `now`; the next starts at `nextPassAt` when there is one. */
export function noteCaughtUp(status: SyncStreamStatus, now: number, nextPassAt: number | undefined): void {
  status.lastCaughtUpAt = iso(now);
  if (nextPassAt === undefined) delete status.nextPassAt;
  else status.nextPassAt = iso(nextPassAt);
}

/** A failed read: retried at `retryAt`, or, without one, the stream stopped. */
export function noteFailure(status: SyncStreamStatus, error: { kind: string; message: string }, now: number, retryAt: number | undefined): void {
  status.failures += 1;
  status.lastError = { kind: error.kind, message: error.message, at: iso(now) };
  status.state = retryAt === undefined ? 'stopped' : 'retrying';
  if (retryAt === undefined) delete status.retryAt;
  else status.retryAt = iso(retryAt);
}
