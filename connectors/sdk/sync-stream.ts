import type { JsonObject } from '../../src/core/events/event.ts';
import type { ConnectorContext } from './define-connector.ts';

/** One page read from a platform's change feed. */
export interface SyncPage {
  /** Canonical events (raw JSON, validated by the runtime) for this page, in the platform's order. */
  events: JsonObject[];
  /**
   * Where to resume after this page, opaque to the runtime. It is stored in the same
   * transaction as `events`, so the stream never skips a page and never loses one.
   */
  cursor: string;
  /** True when the platform has nothing newer: the runtime waits `intervalMs` before asking again. */
  caughtUp: boolean;
  /** For a progress bar during a backfill: records read so far in this pass, and the total when known. */
  progress?: { done: number; total?: number };
  /**
   * Records read but deliberately not turned into events (a deal with no contact), each with
   * why, as webhooks report them: the runtime counts and logs them so nothing vanishes unsaid.
   */
  skipped?: { ref: string; reason: string }[];
}

/** How the runtime asks for a page beyond "the next one". */
export interface SyncReadOptions {
  /**
   * Re-read everything from the stream's start date (`pathwise sync --backfill`). A cursor in
   * the middle of such a re-read continues it rather than starting over, so a backfill that was
   * interrupted resumes where it stood. Default false.
   */
  backfill?: boolean;
}

/**
 * An incremental sync of one object type (HubSpot contacts, Salesforce leads, …): ascending by
 * modification time, a ceiling taken when a pass starts, a look-back window for late writes,
 * a start date when there is no cursor yet. The runtime owns the loop and the cursor; the
 * connector only reads pages.
 */
export interface SyncStream<S> {
  /** Unique within the connector, e.g. "contacts". The cursor is stored as `sync:<connector>:<name>`. */
  name: string;
  /** Whether the manifest's settings turn this stream on. */
  enabled(settings: S): boolean;
  /** Pause between passes once caught up, in ms. */
  intervalMs(settings: S): number;
  /**
   * Reads the page after `cursor` (undefined: never synced). Throws ConnectorError on failure,
   * including `config` for a stored cursor it cannot read.
   */
  readPage(ctx: ConnectorContext<S>, cursor: string | undefined, options?: SyncReadOptions): Promise<SyncPage>;
}

export function syncCursorName(connectorId: string, stream: string): string {
  return `sync:${connectorId}:${stream}`;
}
