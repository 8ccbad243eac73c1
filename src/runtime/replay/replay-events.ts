import type { CompiledManifest } from '../../core/engine/compiled-manifest.ts';
import type { PathwiseEvent } from '../../core/events/event.ts';
import { validateEvent } from '../../core/events/validate-event.ts';
import { InMemoryEngine } from '../memory/in-memory-engine.ts';
import { SummaryBuilder, type ReplaySummary } from './replay-summary.ts';

export interface ReplayOptions {
  /** Fire the timers left after the last event, so journeys run to their end. Default true. */
  drain?: boolean;
  /** Called with the bytes read so far (for a progress bar). */
  onProgress?: (bytes: number) => void;
}

/**
 * Backtests a manifest on an NDJSON stream: every line validated (bad lines reported by
 * number), events applied in event-time order with a virtual clock that jumps from event to
 * event and fires due timers in between. In memory; nothing is sent anywhere.
 */
export async function replayEvents(compiled: CompiledManifest, lines: AsyncIterable<string> | Iterable<string>, options: ReplayOptions = {}): Promise<ReplaySummary> {
  const builder = new SummaryBuilder(compiled.journeys.map((j) => j.id));
  const events: PathwiseEvent[] = [];
  let lineNumber = 0;
  let bytes = 0;
  for await (const line of lines) {
    lineNumber++;
    bytes += Buffer.byteLength(line) + 1;
    if (lineNumber % 10_000 === 0) options.onProgress?.(bytes);
    if (line.trim() === '') continue;
    builder.line();
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      builder.reject(lineNumber, [`malformed JSON: ${(err as Error).message}`]);
      continue;
    }
    const source = typeof raw === 'object' && raw !== null && typeof (raw as { source?: unknown }).source === 'string' ? (raw as { source: string }).source : 'replay';
    const result = validateEvent(raw, { source, receivedAt: 0 });
    if (!result.ok) {
      builder.reject(lineNumber, result.errors);
      continue;
    }
    result.event.receivedAt = result.event.timestamp;
    events.push(result.event);
  }
  options.onProgress?.(bytes);
  // Array.prototype.sort is stable: events at the same instant keep their file order.
  events.sort((a, b) => a.timestamp - b.timestamp);
  const engine = new InMemoryEngine(compiled, builder.onCommand);
  for (const event of events) {
    engine.advanceTo(event.timestamp);
    engine.ingest(event);
  }
  if (options.drain !== false) engine.drain();
  return builder.finish(engine.profiles.values(), { eventsApplied: engine.eventsApplied, duplicates: engine.duplicates, timersFired: engine.timersFired });
}
