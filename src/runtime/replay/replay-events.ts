import type { CompiledManifest } from '../../core/engine/compiled-manifest.ts';
import type { PathwiseEvent } from '../../core/events/event.ts';
import { validateEvent } from '../../core/events/validate-event.ts';
import { epochMsOf } from '../../core/time/iso-time.ts';
import { InMemoryEngine } from '../memory/in-memory-engine.ts';
import { SummaryBuilder, type ReplaySummary } from './replay-summary.ts';

export type ReplayProgress = { phase: 'reading'; lines: number } | { phase: 'applying'; applied: number; total: number };

export interface ReplayOptions {
  /** Fire the timers still pending after the last event, whenever they are due, so journeys run to their end. Default true. */
  drain?: boolean;
  /** Source of events whose message names none; duplicates are detected per (source, messageId). Default "replay". */
  defaultSource?: string;
  /** Called every `progressEvery` lines read and events applied, and at the end of each phase. */
  onProgress?: (progress: ReplayProgress) => void;
  /** Lines (then events) between two progress calls. Default 10,000; at least 1. */
  progressEvery?: number;
}

/**
 * One input item: a line of NDJSON text (blank lines are skipped but keep their number), or a
 * message already parsed from JSON.
 */
export type ReplayInput = unknown;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The message's event time; undefined when it has none, NaN when it is not a date (validation says why). */
function eventTime(raw: Record<string, unknown>): number | undefined {
  const value = raw['timestamp'] ?? raw['originalTimestamp'];
  if (value === undefined || value === null) return undefined;
  return epochMsOf(value);
}

/**
 * Backtests a compiled manifest on a stream of messages, in memory; nothing is sent anywhere.
 * Every message is validated (a bad one is reported with its line number and reasons). The
 * valid ones are then applied in event-time order (a stable sort: equal times keep their input
 * order) while a virtual clock jumps from event to event, firing the timers due in between at
 * their own due times. Events must be held in memory to be sorted: only the validated events
 * are kept, not the text nor the raw parse (≈ 550 B per event of the generated story; keeping
 * the text instead and parsing it twice saved only a fifth of that).
 */
export async function replayEvents(
  compiled: CompiledManifest,
  input: AsyncIterable<ReplayInput> | Iterable<ReplayInput>,
  options: ReplayOptions = {},
): Promise<ReplaySummary> {
  const every = Math.max(1, Math.floor(options.progressEvery ?? 10_000));
  const defaultSource = options.defaultSource ?? 'replay';
  const progress = options.onProgress;
  const builder = new SummaryBuilder(compiled.journeys.map((j) => j.id));
  const events: PathwiseEvent[] = [];
  let lineNumber = 0;
  for await (const item of input) {
    lineNumber++;
    if (progress && lineNumber % every === 0) progress({ phase: 'reading', lines: lineNumber });
    let raw: unknown = item;
    if (typeof item === 'string') {
      if (item.trim() === '') continue;
      try {
        raw = JSON.parse(item);
      } catch (err) {
        builder.read();
        builder.reject(lineNumber, [`malformed JSON: ${err instanceof Error ? err.message : String(err)}`]);
        continue;
      }
    }
    builder.read();
    if (!isObject(raw)) {
      builder.reject(lineNumber, ['message: expected a JSON object']);
      continue;
    }
    const at = eventTime(raw);
    if (at === undefined) {
      builder.reject(lineNumber, ['timestamp: a replayed message needs its event time (timestamp or originalTimestamp)']);
      continue;
    }
    const source = typeof raw['source'] === 'string' && raw['source'] !== '' ? raw['source'] : defaultSource;
    // Accepted "when it happened": a backtest has no other arrival time.
    const result = validateEvent(raw, { source, receivedAt: at });
    if (result.ok) events.push(result.event);
    else builder.reject(lineNumber, result.errors);
  }
  progress?.({ phase: 'reading', lines: lineNumber });

  // Array.prototype.sort is stable: events at the same instant keep their input order. Reversed,
  // so that popping yields them in order and releases each one once applied.
  events.sort((a, b) => a.timestamp - b.timestamp).reverse();
  const total = events.length;
  const firstEventAt = events[total - 1]?.timestamp;
  const lastEventAt = events[0]?.timestamp;
  const engine = new InMemoryEngine(compiled, builder.onCommand);
  for (let event = events.pop(), applied = 1; event !== undefined; event = events.pop(), applied++) {
    engine.advanceTo(event.timestamp);
    engine.ingest(event);
    if (progress && applied % every === 0) progress({ phase: 'applying', applied, total });
  }
  progress?.({ phase: 'applying', applied: total, total });
  const drain = options.drain !== false;
  if (drain) engine.drain();
  return builder.finish(engine.profiles.values(), {
    eventsApplied: engine.eventsApplied,
    duplicates: engine.duplicates,
    timersFired: engine.timersFired,
    drained: drain,
    ...(firstEventAt !== undefined && lastEventAt !== undefined ? { firstEventAt, lastEventAt } : {}),
  });
}
