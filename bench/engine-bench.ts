import { readFileSync } from 'node:fs';
import { compileManifest } from '../src/core/engine/compile-manifest.ts';
import type { CompiledManifest } from '../src/core/engine/compiled-manifest.ts';
import type { PathwiseEvent } from '../src/core/events/event.ts';
import { validateEvent } from '../src/core/events/validate-event.ts';
import { parseIsoTime } from '../src/core/time/iso-time.ts';
import { Manifest } from '../src/manifest/schema/manifest.ts';
import { generateStory } from '../src/runtime/generate/b2b-story.ts';
import { InMemoryEngine } from '../src/runtime/memory/in-memory-engine.ts';
import { GcTime } from './gc-time.ts';
import { LatencyHistogram, peakRssMb } from './latency-histogram.ts';

export interface EngineBenchOptions {
  /** People in the generated story. Default 130,000 (≈ 1.05 M events over 200 days); at least 1. */
  people: number;
  /** Days the story spans. Default 200; at least 1. */
  days: number;
  /** Events applied, untimed, to a throw-away engine first, so the measured runs see optimised code. Default 200,000; 0 skips. */
  warmup: number;
  /** Also measure the pass that parses and validates the JSON text. Default true. */
  withParse: boolean;
  /**
   * Events parsed (untimed) per chunk in the engine-only pass. Default 1,000: the worker's largest
   * batch. (Until 2026-12-06 it was 8,192: those parsed events outlived every scavenge of their
   * chunk and were copied and promoted, which the engine never sees in the runtime.)
   */
  chunk: number;
  /**
   * Engine-only passes, each on a fresh engine over the same input; the figures are the median
   * pass's, with the slowest and fastest beside them. Default 3: on a shared machine one pass
   * moved ±20 % from run to run.
   */
  runs: number;
}


function parse(line: string): PathwiseEvent | undefined {
  const raw: unknown = JSON.parse(line);
  const timestamp: unknown = typeof raw === 'object' && raw !== null && 'timestamp' in raw ? raw.timestamp : undefined;
  const result = validateEvent(raw, { source: 'bench', receivedAt: typeof timestamp === 'string' ? parseIsoTime(timestamp) : 0 });
  return result.ok ? result.event : undefined;
}

/**
 * NDJSON text held off the JS heap, one line per event: a server holds bytes it has received, not
 * a million strings, and the bench's input must not inflate the heap the collector walks.
 */
interface Lines {
  count: number;
  bytes: number;
  line(i: number): string;
}

/** The example story as NDJSON lines in event-time order (stable), as a sorted export or a live stream delivers it. */
function storyLines(options: EngineBenchOptions): Lines {
  const chunks: Buffer[] = [];
  const at: number[] = [];
  const start: number[] = [];
  let offset = 0;
  let pending: string[] = [];
  const flush = () => {
    const chunk = Buffer.from(pending.join(''), 'latin1');
    chunks.push(chunk);
    offset += chunk.length;
    pending = [];
  };
  let pendingBytes = 0;
  for (const event of generateStory({ people: options.people, days: options.days, seed: 3, start: Date.parse('2026-03-02T00:00:00Z'), duplicateRate: 0.005 })) {
    const text = `${JSON.stringify(event)}\n`;
    at.push(Date.parse(String(event['timestamp'])));
    start.push(offset + pendingBytes);
    pending.push(text);
    pendingBytes += text.length;
    if (pending.length === 10_000) {
      flush();
      pendingBytes = 0;
    }
  }
  flush();
  const unsorted = Buffer.concat(chunks);
  const count = at.length;
  // Below, every index is under `count` (or `count + 1` for `starts`): the assertions only drop `undefined`.
  const order = Uint32Array.from({ length: count }, (_, i) => i).sort((a, b) => (at[a] as number) - (at[b] as number) || a - b);
  const sorted = Buffer.allocUnsafe(unsorted.length);
  const starts = new Uint32Array(count + 1);
  let to = 0;
  for (let k = 0; k < count; k++) {
    const i = order[k] as number;
    const from = start[i] as number;
    const end = i + 1 < count ? (start[i + 1] as number) : unsorted.length;
    starts[k] = to;
    to += unsorted.copy(sorted, to, from, end);
  }
  starts[count] = to;
  // The generator writes ASCII only: latin1 decodes it without UTF-8 validation.
  return { count, bytes: to, line: (i) => sorted.toString('latin1', starts[i] as number, (starts[i + 1] as number) - 1) };
}

function warmUp(compiled: CompiledManifest, lines: Lines, count: number): void {
  const engine = new InMemoryEngine(compiled);
  for (let i = 0; i < Math.min(count, lines.count); i++) {
    const event = parse(lines.line(i));
    if (!event) continue;
    engine.advanceTo(event.timestamp);
    engine.ingest(event);
  }
}

/** Pass 1: parse untimed in chunks, then time each event through the engine. */
async function engineOnly(compiled: CompiledManifest, lines: Lines, chunkSize: number): Promise<Record<string, number>> {
  const histogram = new LatencyHistogram();
  const gc = new GcTime();
  let sends = 0;
  const engine = new InMemoryEngine(compiled, (c) => {
    if (c.type === 'send') sends++;
  });
  const chunk: PathwiseEvent[] = [];
  let engineMs = 0;
  // CPU time of the process over the timed loops (the collector's helper threads included): on a
  // shared machine it moves less than wall time when other work takes the cores.
  let engineCpuMs = 0;
  let events = 0;
  for (let from = 0; from < lines.count; from += chunkSize) {
    chunk.length = 0;
    for (let i = from; i < Math.min(from + chunkSize, lines.count); i++) {
      const event = parse(lines.line(i));
      if (event) chunk.push(event);
    }
    // performance.now() reads the same monotonic clock as process.hrtime and costs the same
    // (≈ 38 ns here), but returns a double: timing an event allocates nothing, where
    // hrtime.bigint() allocates a BigInt per call.
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let previous = started;
    for (const event of chunk) {
      engine.advanceTo(event.timestamp);
      engine.ingest(event);
      const now = performance.now();
      histogram.recordNs((now - previous) * 1e6);
      previous = now;
    }
    engineMs += previous - started;
    gc.measured(started, previous);
    const cpu = process.cpuUsage(cpuBefore);
    engineCpuMs += (cpu.user + cpu.system) / 1000;
    events += chunk.length;
  }
  return {
    profiles: engine.profiles.size,
    events,
    duplicates: engine.duplicates,
    timersFired: engine.timersFired,
    actionsSent: sends,
    eventsPerSecond: Math.round(events / (engineMs / 1000)),
    eventsPerCpuSecond: Math.round(events / (engineCpuMs / 1000)),
    meanUs: Math.round(((engineMs * 1000) / events) * 10) / 10,
    p50Us: histogram.quantileUs(0.5),
    p99Us: histogram.quantileUs(0.99),
    p999Us: histogram.quantileUs(0.999),
    maxUs: Math.round(histogram.max / 1000),
    ...(await gc.totals()),
    peakRssAfterPass1Mb: peakRssMb(),
  };
}

/** Pass 2: decoding, parse, validation and engine timed together, on a fresh engine. */
function withParse(compiled: CompiledManifest, lines: Lines): Record<string, number> {
  const engine = new InMemoryEngine(compiled);
  const histogram = new LatencyHistogram();
  let events = 0;
  const started = performance.now();
  let previous = started;
  for (let i = 0; i < lines.count; i++) {
    const event = parse(lines.line(i));
    if (event) {
      engine.advanceTo(event.timestamp);
      engine.ingest(event);
      events++;
    }
    const now = performance.now();
    histogram.recordNs((now - previous) * 1e6);
    previous = now;
  }
  return { withParseEventsPerSecond: Math.round(events / ((previous - started) / 1000)), withParseP99Us: histogram.quantileUs(0.99) };
}

/**
 * Engine only, in memory, on one thread: identity → profile → contact policies → journeys for
 * every event of a generated story on the example manifest, the virtual clock firing due timers
 * between events (their cost is charged to the event that moved the clock). Pass 1 excludes JSON
 * parsing and times each event (`runs` times; the median pass is reported); pass 2 times parse +
 * validation + engine together. Each pass has its own engine, dropped before the next starts.
 */
export async function engineBench(options: EngineBenchOptions): Promise<Record<string, number>> {
  const manifest = Manifest.parse(JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8')));
  const compiled = compileManifest(manifest);
  const lines = storyLines(options);
  const inputMb = Math.round(lines.bytes / 1_048_576);
  if (options.warmup > 0) warmUp(compiled, lines, options.warmup);
  const rssBeforeMb = peakRssMb();
  const passes: Record<string, number>[] = [];
  for (let i = 0; i < Math.max(1, options.runs); i++) passes.push(await engineOnly(compiled, lines, options.chunk));
  const rate = (pass: Record<string, number>) => pass['eventsPerSecond'] as number;
  passes.sort((a, b) => rate(a) - rate(b));
  const median = passes[Math.floor((passes.length - 1) / 2)] as Record<string, number>;
  const pass1 = { ...median, runs: passes.length, slowestEventsPerSecond: rate(passes[0] as Record<string, number>), fastestEventsPerSecond: rate(passes[passes.length - 1] as Record<string, number>) };
  const pass2 = options.withParse ? withParse(compiled, lines) : {};
  return { ...pass1, ...pass2, inputMb, rssBeforeMb, peakRssMb: peakRssMb() };
}
