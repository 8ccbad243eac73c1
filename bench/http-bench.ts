import { fork } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance as mainPerformance } from 'node:perf_hooks';
import pino from 'pino';
import { Manifest } from '../src/manifest/schema/manifest.ts';
import { startApp } from '../src/runtime/app.ts';
import { systemClock } from '../src/runtime/clock/clock.ts';
import { osThreadId } from '../src/runtime/worker/thread/os-thread-id.ts';
import { WorkerHost } from '../src/runtime/worker/thread/worker-host.ts';
import { walCheckpointSequence } from '../src/runtime/store/sqlite/wal-header.ts';
import type { LoadDone } from './http-load.ts';
import { LatencyHistogram, peakRssMb } from './latency-histogram.ts';
import { scratchDir } from './scratch-dir.ts';

/** CPU seconds one OS thread of this process has used (Linux /proc; 0 elsewhere or when unknown). */
function threadCpuSeconds(tid: number | undefined): number {
  if (tid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
/** Seconds one OS thread of this process spent runnable but waiting for a core (Linux schedstat; 0 elsewhere). */
function threadRunQueueSeconds(tid: number | undefined): number {
  if (tid === undefined) return 0;
  try {
    return Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return 0;
  }
}

/**
 * Over HTTP on loopback: a forked load generator (`http-load.ts`) keeps `concurrency` batches
 * of 20 in flight against /v1/batch of a real `serve` (embedded store, example manifest, dry
 * run) in this process. Measures the acceptance rate, the time until the worker has applied
 * everything, accept-to-commit latency per event (from the request's receivedAt to the commit
 * of the worker batch that applied it: the outbox rows it made are in that commit), and this
 * process's — the server's — CPU time and peak RSS.
 *
 * `clientCpu=N` runs the generator under `taskset -c N`; start the bench itself under
 * `taskset -c M` to keep the server on one core. `inlineCheckpoint=1` checkpoints the WAL
 * inside commits, as before the checkpoint thread. `budgetMs=N` sets the worker's batch budget.
 * `thread=1` / `thread=0` puts the worker on its thread or the main event loop; left out, the
 * app decides as `serve` does (a thread from three cores).
 */
export async function httpBench(options: { events: number; concurrency: number; clientCpu?: number; inlineCheckpoint?: boolean; budgetMs?: number; workerThread?: boolean }): Promise<Record<string, number>> {
  const manifest = Manifest.parse(JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8')));
  // 10 µs buckets up to 10 s: a stall longer than the old 100 ms range shows as what it is.
  const latency = new LatencyHistogram(10, 10_000_000);
  const dbPath = join(scratchDir('pathwise-http-bench-'), 'bench.db');
  const app = await startApp({
    manifest,
    db: `sqlite:${dbPath}${options.inlineCheckpoint ? '?checkpoint=inline' : ''}`,
    port: 0,
    host: '127.0.0.1',
    clock: systemClock,
    env: { PATHWISE_WRITE_KEY: 'bench-key' },
    logger: pino({ level: 'silent' }),
    dryRun: true,
    ...(options.budgetMs !== undefined ? { workerBatch: { budgetMs: options.budgetMs } } : {}),
    ...(options.workerThread !== undefined ? { workerThread: options.workerThread } : {}),
    onCommitted: (rows, at) => {
      for (const r of rows) latency.recordNs((at - r.receivedAt) * 1e6);
    },
  });

  const loadScript = new URL('./http-load.ts', import.meta.url).pathname;
  const nodeArgs = ['--import', 'tsx'];
  const child =
    options.clientCpu === undefined
      ? fork(loadScript, [app.url, String(options.events), String(options.concurrency)], { execArgv: nodeArgs })
      : fork(loadScript, [app.url, String(options.events), String(options.concurrency)], { execPath: 'taskset', execArgv: ['-c', String(options.clientCpu), process.execPath, ...nodeArgs] });
  const messages: unknown[] = [];
  let wake: (() => void) | undefined;
  child.on('message', (m) => {
    messages.push(m);
    wake?.();
  });
  const next = async (type: string): Promise<Record<string, unknown>> => {
    for (;;) {
      const found = messages.find((m) => (m as { type?: string }).type === type);
      if (found) return found as Record<string, unknown>;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  await next('ready');

  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const cpuBefore = process.cpuUsage();
  const workerTid = app.worker instanceof WorkerHost ? app.worker.osThreadId : undefined;
  const mainTid = osThreadId();
  const mainCpuBefore = threadCpuSeconds(mainTid);
  const workerCpuBefore = threadCpuSeconds(workerTid);
  const workerWaitBefore = threadRunQueueSeconds(workerTid);
  // How busy each event loop was: the main thread's (HTTP, dispatch) and the worker thread's (append, apply, commit).
  const thread = app.worker instanceof WorkerHost ? app.worker.currentThread : undefined;
  const mainElu = mainPerformance.eventLoopUtilization();
  const threadElu = thread?.performance.eventLoopUtilization();
  const walSequenceBefore = walCheckpointSequence(dbPath);
  const started = performance.now();
  child.send('go');
  const done = (await next('done')) as unknown as LoadDone;
  const acceptedSeconds = (performance.now() - started) / 1000;
  while ((await app.store.stats()).inboxPending > 0) await new Promise((r) => setTimeout(r, 5));
  const appliedSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const mainCpu = threadCpuSeconds(mainTid) - mainCpuBefore;
  const workerCpu = threadCpuSeconds(workerTid) - workerCpuBefore;
  const workerWait = threadRunQueueSeconds(workerTid) - workerWaitBefore;
  const mainBusy = mainPerformance.eventLoopUtilization(mainElu).utilization;
  const threadBusy = threadElu && thread ? thread.performance.eventLoopUtilization(threadElu).utilization : 0;
  loopDelay.disable();
  const walRestarts = walCheckpointSequence(dbPath) - walSequenceBefore;
  const walMb = existsSync(`${dbPath}-wal`) ? statSync(`${dbPath}-wal`).size / 1024 / 1024 : 0;
  const { profiles } = await app.store.stats();
  await app.stop();
  return {
    events: done.events,
    profiles,
    failedRequests: done.failedRequests,
    acceptedEventsPerSecond: Math.round(done.events / acceptedSeconds),
    appliedEventsPerSecond: Math.round(done.events / appliedSeconds),
    acceptToCommitP50ms: latency.quantileUs(0.5) / 1000,
    acceptToCommitP99ms: latency.quantileUs(0.99) / 1000,
    acceptToCommitP999ms: latency.quantileUs(0.999) / 1000,
    acceptToCommitMaxMs: Math.round(latency.max / 1e5) / 10,
    eventLoopDelayP99ms: Math.round(loopDelay.percentile(99) / 1e5) / 10,
    eventLoopDelayMaxMs: Math.round(loopDelay.max / 1e5) / 10,
    mainThreadBusy: Math.round(mainBusy * 100) / 100,
    workerThreadBusy: Math.round(threadBusy * 100) / 100,
    serverCpuCores: Math.round(((cpu.user + cpu.system) / 1e6 / appliedSeconds) * 100) / 100,
    mainThreadCpuCores: Math.round((mainCpu / appliedSeconds) * 100) / 100,
    workerThreadCpuCores: Math.round((workerCpu / appliedSeconds) * 100) / 100,
    // Of the worker thread's wall time, the share it was ready to run but had no core (other threads and processes had them).
    workerThreadWaitingForCpu: Math.round((workerWait / appliedSeconds) * 100) / 100,
    clientCpuCores: Math.round((done.cpuSeconds / acceptedSeconds) * 100) / 100,
    walMbAtEnd: Math.round(walMb),
    walRestarts,
    peakRssMb: peakRssMb(),
  };
}
