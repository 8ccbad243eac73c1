import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Analytics } from '@segment/analytics-node';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import pino from 'pino';
import { Manifest } from '../src/manifest/schema/manifest.ts';
import { startApp } from '../src/runtime/app.ts';
import { systemClock } from '../src/runtime/clock/clock.ts';
import { peakRssMb } from './latency-histogram.ts';
import { scratchDir } from './scratch-dir.ts';

/**
 * The official SDKs sending to `serve` over loopback, in the same process: how fast events get
 * from `analytics.track()` to applied in the inbox, with the SDKs' own batching.
 */
export async function sdkBench(options: { events: number }): Promise<Record<string, number>> {
  const manifest = Manifest.parse(JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8')));
  const app = await startApp({
    manifest,
    db: `sqlite:${join(scratchDir('pathwise-sdk-bench-'), 'bench.db')}`,
    port: 0,
    host: '127.0.0.1',
    clock: systemClock,
    env: { PATHWISE_WRITE_KEY: 'seg-key', RUDDERSTACK_INBOUND_WRITE_KEY: 'rud-key' },
    logger: pino({ level: 'silent' }),
    dryRun: true,
  });
  const drained = async () => {
    while ((await app.store.stats()).inboxPending > 0) await new Promise((r) => setTimeout(r, 5));
  };
  const people = Math.ceil(options.events / 10);

  const segment = new Analytics({ writeKey: 'seg-key', host: app.url, flushAt: 100, flushInterval: 100 });
  let started = performance.now();
  for (let i = 0; i < options.events; i++) segment.track({ userId: `s-${i % people}`, event: 'Pricing Page Viewed', properties: { i } });
  await segment.closeAndFlush({ timeout: 120_000 });
  await drained();
  const segmentSeconds = (performance.now() - started) / 1000;

  const rudder = new RudderAnalytics('rud-key', { dataPlaneUrl: app.url, flushAt: 100, flushInterval: 100, gzip: true, logLevel: 'none' });
  started = performance.now();
  // rudder-sdk-node's enqueue grows slower as its queue grows (it re-measures the queue), so
  // events go out as the SDK is meant to be used: a batch of 100, then its flush.
  for (let i = 0; i < options.events; i += 100) {
    for (let j = i; j < Math.min(options.events, i + 100); j++) rudder.track({ userId: `r-${j % people}`, event: 'Pricing Page Viewed', properties: { i: j } });
    await new Promise<void>((resolve) => rudder.flush(() => resolve()));
  }
  await drained();
  const rudderSeconds = (performance.now() - started) / 1000;
  const stats = await app.store.stats();
  await app.stop();
  return {
    eventsPerSdk: options.events,
    profiles: stats.profiles,
    segmentSdkToAppliedEventsPerSecond: Math.round(options.events / segmentSeconds),
    rudderstackSdkToAppliedEventsPerSecond: Math.round(options.events / rudderSeconds),
    peakRssMb: peakRssMb(),
  };
}
