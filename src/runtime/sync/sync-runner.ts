import type { ConnectorRegistry } from '../connectors/connector-registry.ts';
import type { Store } from '../store/store.ts';
import { runStream, type SyncLog, type SyncTarget } from './run-stream.ts';
import { realSleep, type Sleep } from './sleep.ts';
import { initialStatus, type SyncStreamStatus } from './sync-status.ts';

export interface SyncRunnerOptions {
  registry: ConnectorRegistry;
  store: Store;
  /** The app's clock: receivedAt of synced events, retry and pass times. */
  now: () => number;
  log: SyncLog;
  /** After a page put new messages in the inbox (the app pokes the worker). */
  onCommitted?: (count: number) => void;
  /** After a stream's status changed (progress bars). */
  onStatus?: (status: SyncStreamStatus) => void;
  /** The waits between passes and before retries. Default real timers, cut short by `stop()`. */
  sleep?: Sleep;
}

/** Which streams a one-off run reads. */
export interface SyncSelection {
  /** Only this connector's streams. Default every connector's. */
  connector?: string;
  /** Only these stream names. Default every enabled one. */
  streams?: readonly string[];
  /** Re-read from the start date (see SyncReadOptions.backfill). Default false. */
  backfill?: boolean;
}

/**
 * Runs the incremental syncs of the configured connectors: each enabled stream of each
 * connector that is not in dry run (a dry run must not read a platform's data into the inbox
 * either), one loop per stream, concurrently. `start()` runs them pass after pass for the
 * server; `runUntilCaughtUp()` runs one pass each for the CLI. Both resume from the stored
 * cursors.
 */
export class SyncRunner {
  readonly #options: SyncRunnerOptions;
  readonly #targets: SyncTarget[];
  readonly #statuses = new Map<string, SyncStreamStatus>();
  readonly #abort = new AbortController();
  #running: Promise<void>[] = [];

  constructor(options: SyncRunnerOptions) {
    this.#options = options;
    this.#targets = [];
    for (const connector of options.registry.values()) {
      const enabled = (connector.definition?.source?.streams ?? []).filter((stream) => stream.enabled(connector.context.settings));
      if (enabled.length === 0) continue;
      if (connector.dryRun) {
        options.log.info({ connector: connector.id, streams: enabled.map((s) => s.name) }, 'connector in dry run: its sync streams do not run');
        continue;
      }
      for (const stream of enabled) this.#targets.push({ connector, stream });
    }
  }

  /** `connector/stream` of every stream this runner would run. */
  streams(): string[] {
    return this.#targets.map((t) => `${t.connector.id}/${t.stream.name}`);
  }

  /** Starts every stream, pass after pass, until `stop()`. */
  start(): void {
    if (this.#running.length > 0) return;
    this.#running = this.#targets.map((target) => this.#run(target, { until: 'never', backfill: false }));
  }

  /** Runs the selected streams until each has finished a pass or stopped; resolves with their statuses. */
  async runUntilCaughtUp(selection: SyncSelection = {}): Promise<SyncStreamStatus[]> {
    const chosen = this.#targets.filter(
      (t) => (selection.connector === undefined || t.connector.id === selection.connector) && (selection.streams === undefined || selection.streams.includes(t.stream.name)),
    );
    const runs = chosen.map((target) => this.#run(target, { until: 'caught-up', backfill: selection.backfill === true }));
    this.#running.push(...runs);
    await Promise.all(runs);
    return chosen.map((t) => structuredClone(this.#statusOf(t)));
  }

  /** Stops every stream once the page it is reading is committed; waits are cut short. A stopped runner does not start again. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await Promise.all(this.#running);
  }

  /** Every running or finished stream, as the admin sees it (copies). */
  status(): SyncStreamStatus[] {
    return [...this.#statuses.values()].map((s) => structuredClone(s));
  }

  #statusOf(target: SyncTarget): SyncStreamStatus {
    const key = `${target.connector.id}/${target.stream.name}`;
    let status = this.#statuses.get(key);
    if (!status) {
      status = initialStatus(target.connector.id, target.stream.name);
      this.#statuses.set(key, status);
    }
    return status;
  }

  #run(target: SyncTarget, options: { until: 'caught-up' | 'never'; backfill: boolean }): Promise<void> {
    const { store, now, log, onCommitted, onStatus, sleep } = this.#options;
    const status = this.#statusOf(target);
    status.state = 'reading';
    return runStream(
      target,
      status,
      { store, now, log, sleep: sleep ?? realSleep, onCommitted: onCommitted ?? (() => {}), onStatus: onStatus ?? (() => {}) },
      { ...options, signal: this.#abort.signal },
    );
  }
}
