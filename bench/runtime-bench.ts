import { statSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { compileManifest } from '../src/core/engine/compile-manifest.ts';
import { Manifest } from '../src/manifest/schema/manifest.ts';
import { openStore } from '../src/runtime/store/open-store.ts';
import { Worker } from '../src/runtime/worker/worker.ts';
import { GcTime } from './gc-time.ts';
import { peakRssMb } from './latency-histogram.ts';
import { storyEvents, toPayloads } from './story-messages.ts';
import { movingClock } from './moving-clock.ts';
import { scratchDir } from './scratch-dir.ts';

/**
 * In process, durable: inbox append in transactions of 1,000, then the worker applying the
 * inbox to the core and committing profiles, identities, timers, outbox and cursor in one
 * SQLite transaction per 1,000 rows (WAL, synchronous=NORMAL). No HTTP.
 */
export async function runtimeBench(options: { events: number; inlineCheckpoint?: boolean }): Promise<Record<string, number>> {
  const manifest = Manifest.parse(JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8')));
  const compiled = compileManifest(manifest);
  const raw = storyEvents(options.events);
  const payloads = toPayloads(raw);
  const path = join(scratchDir('pathwise-bench-'), 'bench.db');
  const store = await openStore(`sqlite:${path}${options.inlineCheckpoint ? '?checkpoint=inline' : ''}`);
  await store.migrate();
  const lastAt = Date.parse(String(raw[raw.length - 1]?.['timestamp']));

  const appendStart = performance.now();
  for (let i = 0; i < payloads.length; i += 1000) {
    await store.appendInbox(payloads.slice(i, i + 1000).map((payload, j) => ({ source: 'segment', messageId: `b${i + j}`, receivedAt: lastAt, payload })));
  }
  const appendSeconds = (performance.now() - appendStart) / 1000;

  let sends = 0;
  const worker = new Worker({ store, compiled, now: movingClock(lastAt), batchSize: 1000, onCommands: (cs) => { for (const c of cs) if (c.type === 'send') sends++; } });
  const gc = new GcTime();
  const applyStart = performance.now();
  while ((await worker.runOnce()) > 0);
  const applyEnd = performance.now();
  gc.measured(applyStart, applyEnd);
  const applySeconds = (applyEnd - applyStart) / 1000;
  const stats = await store.stats();
  await store.close();
  return {
    events: payloads.length,
    profiles: stats.profiles,
    outboxRows: sends,
    inboxAppendEventsPerSecond: Math.round(payloads.length / appendSeconds),
    workerEventsPerSecond: Math.round(payloads.length / applySeconds),
    endToEndEventsPerSecond: Math.round(payloads.length / (appendSeconds + applySeconds)),
    // Collector pauses while the worker applied (the append phase excluded).
    ...(await gc.totals()),
    dbMb: Math.round(statSync(path).size / 1024 / 1024),
    peakRssMb: peakRssMb(),
  };
}
