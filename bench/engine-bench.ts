import { readFileSync } from 'node:fs';
import { compileManifest } from '../src/core/engine/compile-manifest.ts';
import type { PathwiseEvent } from '../src/core/events/event.ts';
import { validateEvent } from '../src/core/events/validate-event.ts';
import { Manifest } from '../src/manifest/schema/manifest.ts';
import { InMemoryEngine } from '../src/runtime/memory/in-memory-engine.ts';
import { generateStory } from '../src/runtime/generate/b2b-story.ts';
import { LatencyHistogram, peakRssMb } from './latency-histogram.ts';

/**
 * Engine only, in memory, one core: identity + profile + policies + journeys for every event of
 * a generated story, with the virtual clock firing timers in between (their cost is counted in
 * the event that advanced the clock). JSON parsing is excluded, then measured separately.
 */
export async function engineBench(options: { people: number; days: number }): Promise<Record<string, number>> {
  const manifest = Manifest.parse(JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8')));
  const compiled = compileManifest(manifest);
  const raw = [...generateStory({ people: options.people, days: options.days, start: Date.parse('2026-03-02T00:00:00Z'), seed: 3 })];
  const lines = raw.map((e) => JSON.stringify(e));
  const events: PathwiseEvent[] = [];
  for (const r of raw) {
    const v = validateEvent(r, { source: 'bench', receivedAt: 0 });
    if (v.ok) events.push(v.event);
  }
  events.sort((a, b) => a.timestamp - b.timestamp);
  const rssBefore = peakRssMb();

  // Warm-up on a separate engine, so the measured run sees optimised code, as a server would.
  const warm = new InMemoryEngine(compiled);
  for (const event of events.slice(0, Math.min(events.length, 200_000))) {
    warm.advanceTo(event.timestamp);
    warm.ingest(event);
  }

  const histogram = new LatencyHistogram();
  let sends = 0;
  const engine = new InMemoryEngine(compiled, (c) => {
    if (c.type === 'send') sends++;
  });
  // performance.now() returns a double: timing each event allocates nothing (hrtime.bigint would).
  const started = performance.now();
  let t0 = started;
  for (const event of events) {
    engine.advanceTo(event.timestamp);
    engine.ingest(event);
    const t1 = performance.now();
    histogram.recordNs((t1 - t0) * 1e6);
    t0 = t1;
  }
  const seconds = (performance.now() - started) / 1000;

  // The same events again, parsed from JSON text and validated in the loop, as an ingest would.
  const sortedLines = lines.map((line, i) => ({ line, at: events[i]?.timestamp ?? 0 }));
  const engine2 = new InMemoryEngine(compiled);
  const started2 = performance.now();
  for (const { line } of sortedLines) {
    const v = validateEvent(JSON.parse(line), { source: 'bench', receivedAt: 0 });
    if (!v.ok) continue;
    engine2.advanceTo(Math.max(engine2.now, v.event.timestamp));
    engine2.ingest(v.event);
  }
  const seconds2 = (performance.now() - started2) / 1000;

  return {
    profiles: engine.profiles.size,
    events: events.length,
    timersFired: engine.timersFired,
    actionsSent: sends,
    eventsPerSecond: Math.round(events.length / seconds),
    p50us: histogram.quantileUs(0.5),
    p99us: histogram.quantileUs(0.99),
    maxUs: Math.round(histogram.max / 1000),
    eventsPerSecondWithJsonParse: Math.round(lines.length / seconds2),
    rssBeforeRunMb: rssBefore,
    peakRssMb: peakRssMb(),
  };
}
