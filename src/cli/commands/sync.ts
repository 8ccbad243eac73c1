import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import pino from 'pino';
import { buildRegistry, CONNECTORS } from '../../runtime/connectors/connector-registry.ts';
import { openStore } from '../../runtime/store/open-store.ts';
import { SyncRunner } from '../../runtime/sync/sync-runner.ts';
import type { SyncStreamStatus } from '../../runtime/sync/sync-status.ts';
import { loadManifestOrExit } from './load-manifest-or-exit.ts';

const SYNCABLE = CONNECTORS.filter((c) => (c.source?.streams ?? []).length > 0).map((c) => c.id);

interface SyncOptions {
  manifest: string;
  db: string;
  /** Absent: every enabled stream. */
  stream?: string[];
  backfill: boolean;
}

/** How a run shows where each stream stands. */
interface ProgressView {
  update(status: SyncStreamStatus): void;
  stop(): void;
}

/** One bar per stream on a terminal: records read of the pass's total, and the state. */
function progressBars(): ProgressView {
  const bars = new cliProgress.MultiBar(
    { format: '{stream} [{bar}] {value}/{total} {state}', hideCursor: true, clearOnComplete: false, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  const byStream = new Map<string, cliProgress.SingleBar>();
  return {
    update(status) {
      const done = status.progress?.done ?? 0;
      const total = Math.max(done, status.progress?.total ?? done);
      const payload = { stream: status.stream.padEnd(8), state: status.state === 'retrying' ? `retrying (${status.lastError?.kind})` : status.state };
      let bar = byStream.get(status.stream);
      if (!bar) {
        bar = bars.create(total, done, payload);
        byStream.set(status.stream, bar);
      }
      bar.setTotal(total);
      bar.update(done, payload);
    },
    stop: () => bars.stop(),
  };
}

/** Plain lines for logs and pipes: one per page and per state change. */
function progressLines(): ProgressView {
  return {
    update(status) {
      const progress = status.progress ? ` ${status.progress.done}/${status.progress.total ?? '?'}` : '';
      const why = status.state === 'retrying' || status.state === 'stopped' ? ` ${status.lastError?.kind}: ${status.lastError?.message}` : '';
      process.stdout.write(`${status.stream}:${progress} ${status.state}${why}\n`);
    },
    stop() {},
  };
}

function summary(status: SyncStreamStatus): string {
  const counts = `${status.committed} new events, ${status.duplicates} already in the inbox, ${status.skipped} records skipped`;
  if (status.state === 'stopped') return `${status.stream}: STOPPED (${status.lastError?.kind}: ${status.lastError?.message}); ${counts}`;
  if (status.state === 'caught-up') return `${status.stream}: caught up, ${status.progress?.done ?? 0} records read; ${counts}`;
  return `${status.stream}: interrupted at ${status.progress?.done ?? 0} records read; ${counts}; run again to continue`;
}

function fail(message: string): never {
  process.stderr.write(`sync: ${message}\n`);
  process.exit(1);
}

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('Read a platform\'s records into the inbox once, until caught up. Resumable: a run that is stopped or killed continues from the stored cursor.')
    .argument('<connector>', `one of ${SYNCABLE.join(', ')}`)
    .option('--manifest <path>', 'manifest file', 'manifest.json')
    .option('--db <url>', 'store: sqlite:PATH', 'sqlite:.pathwise/pathwise.db')
    .option('--stream <name>', 'only this stream; repeat for several (default: every stream the manifest enables)', (value: string, all: string[] | undefined) => [...(all ?? []), value])
    .option('--backfill', 're-read everything from the start date; a backfill that was interrupted continues where it stopped', false)
    .action(async (connectorId: string, opts: SyncOptions) => {
      if (!SYNCABLE.includes(connectorId)) fail(`unknown connector "${connectorId}"; expected one of ${SYNCABLE.join(', ')}`);
      const manifest = await loadManifestOrExit(opts.manifest, false);
      const log = pino({ level: process.env['PATHWISE_LOG_LEVEL'] ?? 'warn' }, pino.destination(2));
      const registry = buildRegistry(manifest, { env: process.env, now: Date.now, log });
      const connector = registry.get(connectorId);
      if (!connector) fail(`connections.${connectorId} is missing from the manifest`);
      if (connector.dryRun) fail(`connections.${connectorId}.dryRun is true: a dry run reads nothing from the platform`);
      const enabled = (connector.definition?.source?.streams ?? []).filter((s) => s.enabled(connector.context.settings)).map((s) => s.name);
      if (enabled.length === 0) fail(`no stream of ${connectorId} is enabled: set connections.${connectorId}.sync`);
      const unknown = (opts.stream ?? []).filter((s) => !enabled.includes(s));
      if (unknown.length > 0) fail(`--stream ${unknown.join(', ')}: not an enabled stream of ${connectorId} (enabled: ${enabled.join(', ')})`);

      const store = await openStore(opts.db);
      await store.migrate();
      const view = process.stdout.isTTY ? progressBars() : progressLines();
      const runner = new SyncRunner({ registry: new Map([[connectorId, connector]]), store, now: Date.now, log, onStatus: (s) => view.update(s) });
      // Ctrl-C lets the page being read commit with its cursor; the next run goes on from there.
      const stop = () => void runner.stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const statuses = await runner.runUntilCaughtUp({ connector: connectorId, ...(opts.stream ? { streams: opts.stream } : {}), backfill: opts.backfill });
      view.stop();
      await store.close();
      for (const status of statuses) process.stdout.write(`${summary(status)}\n`);
      process.exitCode = statuses.every((s) => s.state === 'caught-up') ? 0 : 1;
    });
}
