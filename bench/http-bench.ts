import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Manifest } from '../src/manifest/schema/manifest.ts';
import { startApp } from '../src/runtime/app.ts';
import { systemClock } from '../src/runtime/clock/clock.ts';
import { LatencyHistogram, peakRssMb } from './latency-histogram.ts';
import { storyEvents } from './story-messages.ts';

/**
 * Over HTTP on loopback: `concurrency` clients post batches of 20 to /v1/batch of a real
 * `serve` (embedded store, example manifest); measures acceptance rate, the time until the
 * worker has applied everything, and accept-to-commit latency per event. Client and server
 * share the machine's two cores.
 */
export async function httpBench(options: { events: number; concurrency: number }): Promise<Record<string, number>> {
  const manifest = Manifest.parse(JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8')));
  const latency = new LatencyHistogram();
  const app = await startApp({
    manifest,
    db: `sqlite:${join(mkdtempSync(join(tmpdir(), 'pathwise-http-bench-')), 'bench.db')}`,
    port: 0,
    host: '127.0.0.1',
    clock: systemClock,
    env: { PATHWISE_WRITE_KEY: 'bench-key' },
    logger: pino({ level: 'silent' }),
    dryRun: true,
    onCommitted: (rows, at) => {
      for (const r of rows) latency.recordNs((at - r.receivedAt) * 1e6);
    },
  });
  const raw = storyEvents(options.events);
  const bodies: string[] = [];
  for (let i = 0; i < raw.length; i += 20) bodies.push(JSON.stringify({ batch: raw.slice(i, i + 20) }));
  const auth = `Basic ${Buffer.from('bench-key:').toString('base64')}`;
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++] as string;
        const res = await fetch(`${app.url}/v1/batch`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body });
        if (res.status !== 200) failed++;
        await res.arrayBuffer();
      }
    }),
  );
  const acceptedSeconds = (performance.now() - started) / 1000;
  while ((await app.store.stats()).inboxPending > 0) await new Promise((r) => setTimeout(r, 5));
  const appliedSeconds = (performance.now() - started) / 1000;
  await app.stop();
  return {
    events: raw.length,
    failedRequests: failed,
    acceptedEventsPerSecond: Math.round(raw.length / acceptedSeconds),
    appliedEventsPerSecond: Math.round(raw.length / appliedSeconds),
    acceptToCommitP50ms: latency.quantileUs(0.5) / 1000,
    acceptToCommitP99ms: latency.quantileUs(0.99) / 1000,
    peakRssMb: peakRssMb(),
  };
}
