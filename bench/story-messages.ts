import { validateEvent } from '../src/core/events/validate-event.ts';
import type { JsonObject } from '../src/core/events/event.ts';
import { generateStory } from '../src/runtime/generate/b2b-story.ts';

/** About `events` raw events of the example story, in time order (≈ 5 events per person). */
export function storyEvents(events: number, seed = 5): JsonObject[] {
  const raw = [...generateStory({ people: Math.ceil(events / 5), days: 30, start: Date.parse('2026-03-02T00:00:00Z'), seed })];
  return raw.sort((a, b) => Date.parse(String(a['timestamp'])) - Date.parse(String(b['timestamp']))).slice(0, events);
}

export function toPayloads(raw: JsonObject[]): string[] {
  return raw.flatMap((r) => {
    const v = validateEvent(r, { source: 'segment', receivedAt: 0 });
    return v.ok ? [JSON.stringify(v.event)] : [];
  });
}
