import { asConnectorError } from '../../../connectors/sdk/connector-error.ts';
import { syncCursorName, type SyncStream } from '../../../connectors/sdk/sync-stream.ts';
import type { ResolvedConnector } from '../connectors/connector-registry.ts';
import type { Store } from '../store/store.ts';
import { commitSyncPage } from './commit-page.ts';
import type { Sleep } from './sleep.ts';
import { afterSyncFailure } from './sync-retry.ts';
import { noteCaughtUp, noteCommittedPage, noteFailure, type SyncStreamStatus } from './sync-status.ts';

export interface SyncLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A stream of a connector that will run. */
export interface SyncTarget {
  connector: ResolvedConnector;
  // Streams differ in their settings type; the connector's own context carries matching settings.
  stream: SyncStream<unknown>;
}

export interface StreamRunDeps {
  store: Store;
  now: () => number;
  log: SyncLog;
  sleep: Sleep;
  /** After a page put new messages in the inbox. */
  onCommitted: (count: number) => void;
  /** After the status changed (it is the same object, updated in place). */
  onStatus: (status: SyncStreamStatus) => void;
}

export interface StreamRunOptions {
  /** `caught-up`: return at the end of the first pass (the CLI). `never`: pass after pass until stopped. */
  until: 'caught-up' | 'never';
  backfill: boolean;
  signal: AbortSignal;
}

/**
 * One stream's loop: read the cursor, read a page, commit events and cursor together, again
 * until caught up; then wait the stream's interval and start the next pass. Failures are waited
 * out or stop the stream, per `afterSyncFailure`. A stop request lets the page in progress
 * commit, so no read is wasted and the cursor stays with its page.
 */
export async function runStream(target: SyncTarget, status: SyncStreamStatus, deps: StreamRunDeps, options: StreamRunOptions): Promise<void> {
  const { connector, stream } = target;
  const where = { connector: connector.id, stream: stream.name };
  const cursorName = syncCursorName(connector.id, stream.name);
  while (!options.signal.aborted) {
    try {
      const page = await stream.readPage(connector.context, await deps.store.getCursor(cursorName), { backfill: options.backfill });
      const result = await commitSyncPage(deps.store, connector.id, stream.name, page, deps.now());
      noteCommittedPage(status, page, { ...result, rejected: result.rejected.length });
      if (result.rejected.length > 0) deps.log.warn({ ...where, rejected: result.rejected }, 'sync events refused by validation; the stream goes on without them');
      if (page.skipped && page.skipped.length > 0) deps.log.info({ ...where, skipped: page.skipped }, 'sync records skipped');
      if (result.committed > 0) deps.onCommitted(result.committed);
      if (!page.caughtUp) {
        deps.onStatus(status);
        continue;
      }
      if (options.until === 'caught-up') {
        noteCaughtUp(status, deps.now(), undefined);
        deps.onStatus(status);
        return;
      }
      const intervalMs = stream.intervalMs(connector.context.settings);
      noteCaughtUp(status, deps.now(), deps.now() + intervalMs);
      deps.onStatus(status);
      await deps.sleep(intervalMs, options.signal);
      status.state = 'reading';
    } catch (err) {
      const error = asConnectorError(err);
      const verdict = afterSyncFailure(error, status.failures + 1, deps.now());
      if ('stop' in verdict) {
        noteFailure(status, error, deps.now(), undefined);
        deps.onStatus(status);
        deps.log.error({ ...where, kind: error.kind, error: error.message }, `sync stopped: ${verdict.stop}; fix it and restart`);
        return;
      }
      noteFailure(status, error, deps.now(), verdict.retryAt);
      deps.onStatus(status);
      deps.log.warn({ ...where, kind: error.kind, error: error.message, failures: status.failures, retryAt: status.retryAt }, 'sync read failed; retrying');
      await deps.sleep(verdict.retryAt - deps.now(), options.signal);
    }
  }
}
