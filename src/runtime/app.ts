import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Command } from '../core/commands.ts';
import { compileManifest } from '../core/engine/compile-manifest.ts';
import type { CompiledManifest } from '../core/engine/compiled-manifest.ts';
import type { Journey } from '../manifest/schema/journeys.ts';
import type { Manifest } from '../manifest/schema/manifest.ts';
import { resolveSecret } from '../manifest/secrets.ts';
import type { Clock } from './clock/clock.ts';
import { buildRegistry, type ConnectorRegistry } from './connectors/connector-registry.ts';
import { attentionLines, connectorStatuses } from './connectors/connector-status.ts';
import { DestinationHealth } from './dispatch/destination-health.ts';
import { Dispatcher } from './dispatch/dispatcher.ts';
import type { RetryPolicy } from './dispatch/retry-policy.ts';
import { InboxWriter } from './http/inbox-writer.ts';
import { DEFAULT_INBOX_RETENTION_MS, InboxPruner } from './inbox-pruner.ts';
import { buildServer } from './http/server.ts';
import { WriteKeys } from './http/write-keys.ts';
import { Loop } from './loop.ts';
import { Metrics } from './metrics/metrics.ts';
import { Scheduler } from './scheduler.ts';
import { openStore } from './store/open-store.ts';
import type { Store } from './store/store.ts';
import { SyncRunner } from './sync/sync-runner.ts';
import { registerSyncStatusRoute } from './sync/sync-status-route.ts';
import type { CommittedRow, InboxApplier, InboxApplierEvents } from './worker/inbox-applier.ts';
import { InProcessApplier } from './worker/in-process-applier.ts';
import { WorkerHost } from './worker/thread/worker-host.ts';
import { WorkerProgress } from './worker/worker-progress.ts';
import { workerOnThread } from './worker/thread/worker-placement.ts';

export interface AppOptions {
  manifest: Manifest;
  /** `sqlite:PATH` (default `sqlite:.pathwise/pathwise.db`) or `sqlite::memory:`. */
  db: string;
  /** 0 picks a free port. Default 8080. */
  port: number;
  host: string;
  clock: Clock;
  env: Readonly<Record<string, string | undefined>>;
  logger?: Logger;
  /** Send nothing to any platform; record what would be sent. */
  dryRun?: boolean;
  retryPolicy?: RetryPolicy;
  /** How often idle loops look for work, in ms. Default worker 5, scheduler 250, dispatcher 100, inbox pruner 60,000. */
  idleMs?: { worker?: number; scheduler?: number; dispatcher?: number; pruner?: number };
  /**
   * How long inbox rows may wait with no commit from the worker before `/healthz` fails and a
   * worker thread is replaced, in ms. Default 60,000.
   */
  workerStallMs?: number;
  /**
   * How long applied inbox messages are kept, in ms: the inbox's dedupe window (a message
   * re-delivered within it is a duplicate, after it a new message). Default 7 days.
   */
  inboxRetentionMs?: number;
  /** The worker's batches: most rows per commit (default 1,000) and the wall time one should take while it keeps up (default 15 ms). */
  workerBatch?: { max?: number; budgetMs?: number };
  /**
   * Run the worker (engine and its own connection) on a worker thread. Default: yes for a SQLite
   * file with the system clock on a machine of three cores or more; no for `:memory:` (a thread
   * cannot share it), any other clock (a manual clock is moved on this thread) or two cores
   * (see worker-placement.ts). `true` where that cannot work throws.
   */
  workerThread?: boolean;
  onCommands?: (commands: readonly Command[]) => void;
  onCommitted?: (rows: readonly CommittedRow[], committedAt: number) => void;
  extendServer?: (app: FastifyInstance, ctx: { store: Store; compiled: CompiledManifest }) => void;
}

export interface App {
  url: string;
  store: Store;
  compiled: CompiledManifest;
  registry: ConnectorRegistry;
  server: FastifyInstance;
  /** The worker, in this process or on its thread (`worker.inThread`). */
  worker: InboxApplier;
  dispatcher: Dispatcher;
  scheduler: Scheduler;
  /** The connectors' incremental syncs; their state is also at `GET /healthz/sync`. */
  sync: SyncRunner;
  metrics: Metrics;
  /** Graceful stop: no new requests, the inbox applied, due sends flushed, the store closed. */
  stop(): Promise<void>;
}

const JOURNEY_VERSION_PREFIX = 'journey-definition:';

/**
 * Journey definitions are kept in the store by id and version, so that enrollments started on
 * an older version finish on it after the manifest changes and the process restarts.
 */
async function rememberJourneys(store: Store, manifest: Manifest): Promise<Journey[]> {
  const known = JSON.parse((await store.getCursor(`${JOURNEY_VERSION_PREFIX}index`)) ?? '[]') as string[];
  const previous: Journey[] = [];
  for (const key of known) {
    const text = await store.getCursor(`${JOURNEY_VERSION_PREFIX}${key}`);
    if (text) previous.push(JSON.parse(text) as Journey);
  }
  const index = new Set(known);
  for (const journey of manifest.journeys) {
    const key = `${journey.id}@${journey.version}`;
    if (!index.has(key)) {
      index.add(key);
      await store.setCursor(`${JOURNEY_VERSION_PREFIX}${key}`, JSON.stringify(journey));
    }
  }
  await store.setCursor(`${JOURNEY_VERSION_PREFIX}index`, JSON.stringify([...index]));
  const current = new Set(manifest.journeys.map((j) => `${j.id}@${j.version}`));
  return previous.filter((j) => !current.has(`${j.id}@${j.version}`));
}

function inboundWriteKeys(manifest: Manifest, env: AppOptions['env']): WriteKeys {
  const keys = new WriteKeys();
  const sources = [
    ['segment', manifest.connections.segment?.inboundWriteKeys ?? []],
    ['rudderstack', manifest.connections.rudderstack?.inboundWriteKeys ?? []],
  ] as const;
  for (const [source, refs] of sources) {
    for (const ref of refs) {
      try {
        keys.add(resolveSecret(ref, env), source);
      } catch {
        // An unset write key is reported by `pathwise validate --serving`; the others still work.
      }
    }
  }
  return keys;
}

/**
 * Starts Pathwise: store, HTTP server, worker, scheduler and dispatcher, in one process — the
 * worker on a thread of its own where it can (see {@link AppOptions.workerThread}).
 */
export async function startApp(options: AppOptions): Promise<App> {
  const log = options.logger ?? pino({ level: 'info' });
  const now = () => options.clock.now();
  const inThread = workerOnThread({ db: options.db, clock: options.clock, requested: options.workerThread });
  // With a worker thread, its connection does nearly all the writing and owns the checkpoints.
  // This connection's writes then wait for the thread's lock on timers, never blocking the event loop.
  const store = await openStore(options.db, inThread ? { checkpoint: 'elsewhere', lockWait: 'yield' } : {});
  await store.migrate();
  const previousJourneys = await rememberJourneys(store, options.manifest);
  const compiled = compileManifest(options.manifest, { previousJourneys });
  const metrics = new Metrics();
  const registry = buildRegistry(options.manifest, { env: options.env, now, log, dryRun: options.dryRun ?? false });
  const onError = (name: string, err: unknown) => log.error({ err, loop: name }, 'loop round failed; retrying');

  const stallMs = options.workerStallMs ?? 60_000;
  const progress = new WorkerProgress(stallMs, now());
  const events: InboxApplierEvents = {
    ...(options.onCommands ? { onCommands: options.onCommands } : {}),
    onCommitted: (rows, at, batchSeconds) => {
      // This process's clock, not the commit's `at`: a worker thread stamps commits with its own.
      progress.committed(now());
      metrics.eventsApplied.inc(rows.length);
      metrics.stepLatency.observe(batchSeconds);
      for (const row of rows) if (row.source !== 'timer') metrics.acceptToOutbox.observe((at - row.receivedAt) / 1000);
      options.onCommitted?.(rows, at);
    },
    onPoison: (row, message) => log.warn({ source: row.source, messageId: row.messageId, error: message }, 'poison message dead-lettered'),
    onFailure: (what, err) => {
      // The worker's own rounds (in process or on its thread): alive, failing; see WorkerProgress.
      if (what === 'worker') progress.failed(now(), err instanceof Error ? err.message : String(err));
      log.error({ err, loop: what }, what === 'worker thread' ? 'worker thread failed; restarting it' : 'loop round failed; retrying');
    },
  };
  const batch = {
    ...(options.workerBatch?.max !== undefined ? { batchSize: options.workerBatch.max } : {}),
    ...(options.workerBatch?.budgetMs !== undefined ? { batchBudgetMs: options.workerBatch.budgetMs } : {}),
  };
  const idleMs = options.idleMs?.worker ?? 5;
  const worker: InboxApplier = inThread
    ? new WorkerHost({ ...events, thread: { db: options.db, manifest: options.manifest, previousJourneys, idleMs, ...batch } })
    : new InProcessApplier({ ...events, store, idleMs, worker: { compiled, now, ...batch } });
  const scheduler = new Scheduler(store, now);
  const health = new DestinationHealth();
  const dispatcher = new Dispatcher({
    store,
    registry,
    now,
    ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
    onResult: (row, outcome, detail, error) => {
      metrics.actions.inc({ destination: row.destination, outcome });
      if (outcome === 'dead') log.warn({ key: row.key, destination: row.destination, detail }, 'action dead-lettered');
      const connector = row.destination.split('.')[0] ?? row.destination;
      if (health.record(row.destination, outcome, now(), error)) {
        // Once per outage, loud: every later send of this connector dead-letters the same way until it is fixed.
        log.error({ connector, kind: error?.kind, error: error?.message }, `destination ${connector} needs attention: its sends are dead-lettered; fix the cause, then \`pathwise deadletters retry --all --destination ${connector}\``);
        metrics.destinationFailing.set({ connector }, 1);
      } else if (outcome === 'sent') metrics.destinationFailing.set({ connector }, 0);
    },
  });
  const schedulerLoop = new Loop('scheduler', () => scheduler.runOnce(), options.idleMs?.scheduler ?? 250, onError);
  const dispatcherLoop = new Loop('dispatcher', () => dispatcher.runOnce(), options.idleMs?.dispatcher ?? 100, onError);
  const pruner = new InboxPruner(store, now, options.inboxRetentionMs ?? DEFAULT_INBOX_RETENTION_MS);
  const prunerLoop = new Loop('inbox-pruner', () => pruner.runOnce(), options.idleMs?.pruner ?? 60_000, onError);
  // A hung worker thread answers no message and commits nothing: this thread notices and replaces
  // it. (A worker hung on this thread stops the loop too; /healthz then stops answering.)
  const watchdog =
    worker instanceof WorkerHost
      ? new Loop(
          'worker-watchdog',
          async () => {
            const stuck = progress.observe((await store.stats()).inboxPending, now());
            if (stuck !== undefined) {
              worker.restartStuck(stuck);
              progress.restarted(now());
            }
            return 0;
          },
          Math.max(250, stallMs / 4),
          onError,
        )
      : undefined;
  const sync = new SyncRunner({ registry, store, now, log, onCommitted: () => worker.poke() });

  // With a thread, the HTTP edge's group commits are appended by the thread's connection, between
  // its batches: the hot path has one writer, and a request waits at most for the batch in
  // progress, which keeps acceptance at the pace of the worker. (Appending on this connection
  // instead, with back-pressure, measured a worse p99: bench/README.md, "Over HTTP".)
  const inbox = new InboxWriter(worker);
  const server = buildServer({
    store,
    compiled,
    inbox,
    writeKeys: inboundWriteKeys(options.manifest, options.env),
    registry,
    metrics,
    now,
    adminToken: options.env['PATHWISE_ADMIN_TOKEN'],
    logger: false,
    attention: () => {
      const failing = progress.failing(now());
      return [...(failing !== undefined ? [failing] : []), ...attentionLines(health.statuses(), sync.status())];
    },
    workerStuck: (pending) => progress.observe(pending, now()),
    connectors: () => connectorStatuses({ registry, health, sync, store }),
    extend: (app) => options.extendServer?.(app, { store, compiled }),
  });
  registerSyncStatusRoute(server, sync);
  server.addHook('onResponse', async (request) => {
    // A worker thread pokes itself after each append it makes.
    if (!worker.inThread && request.url.startsWith('/v1/')) worker.poke();
  });
  await worker.start();
  const url = await server.listen({ port: options.port, host: options.host });
  schedulerLoop.start();
  dispatcherLoop.start();
  prunerLoop.start();
  watchdog?.start();
  sync.start();
  log.info({ url, db: options.db.replace(/\/\/[^@]*@/, '//***@'), journeys: compiled.journeys.length, workerThread: inThread }, 'pathwise serving');

  let stopped = false;
  return {
    url,
    store,
    compiled,
    registry,
    server,
    worker,
    dispatcher,
    scheduler,
    sync,
    metrics,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      await inbox.flush();
      // Before the worker drains, so the last synced page is applied too.
      await sync.stop();
      await schedulerLoop.stop();
      await prunerLoop.stop();
      await watchdog?.stop();
      await worker.drainAndStop();
      await dispatcherLoop.stop();
      await dispatcher.runOnce();
      await dispatcher.drain();
      for (const connector of registry.values()) await connector.definition?.destination?.close?.(connector.context);
      await store.close();
      log.info('pathwise stopped');
    },
  };
}
