import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileManifest } from '../../src/core/engine/compile-manifest.ts';
import type { CompiledManifest } from '../../src/core/engine/compiled-manifest.ts';
import { Manifest } from '../../src/manifest/schema/manifest.ts';
import type { Store } from '../../src/runtime/store/store.ts';
import { storyEvents, toPayloads } from '../story-messages.ts';
import { scratchDir } from '../scratch-dir.ts';

/** What every probe starts from: the example manifest and the first `events` of its story, as inbox payloads. */
export interface ProbeStory {
  compiled: CompiledManifest;
  payloads: string[];
  /** The last event's time: the probes' clock, as in the runtime bench. */
  lastAt: number;
  /** A database file of its own in a fresh temporary folder. */
  dbPath: string;
}

export function probeStory(events: number): ProbeStory {
  const compiled = compileManifest(Manifest.parse(JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8'))));
  const raw = storyEvents(events);
  return {
    compiled,
    payloads: toPayloads(raw),
    lastAt: Date.parse(String(raw[raw.length - 1]?.['timestamp'])),
    dbPath: join(scratchDir('pathwise-probe-'), 'probe.db'),
  };
}

/** Appends every payload in transactions of 1,000, with ordered message ids, as the runtime bench does. */
export async function appendAll(store: Store, { payloads, lastAt }: ProbeStory): Promise<void> {
  for (let i = 0; i < payloads.length; i += 1000) {
    await store.appendInbox(payloads.slice(i, i + 1000).map((payload, j) => ({ source: 'segment', messageId: `b${i + j}`, receivedAt: lastAt, payload })));
  }
}
