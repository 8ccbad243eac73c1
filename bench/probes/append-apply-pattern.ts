/**
 * The HTTP path's store work without HTTP: `groups` appends of `rows` events with random
 * message ids (UUIDs, as the SDKs send), then the worker until the inbox is empty, again and
 * again; reports µs an event for appending and for applying over the last 40 % of the story.
 *
 *   node --import tsx bench/probes/append-apply-pattern.ts [events, default 500000] [groups, default 8] [rows, default 20]
 */
import { randomUUID } from 'node:crypto';
import { openStore } from '../../src/runtime/store/open-store.ts';
import { Worker } from '../../src/runtime/worker/worker.ts';
import { probeStory } from './probe-story.ts';
import { movingClock } from '../moving-clock.ts';

const events = Number(process.argv[2] ?? 500_000);
const groups = Number(process.argv[3] ?? 8);
const rows = Number(process.argv[4] ?? 20);
const story = probeStory(events);
const { compiled, payloads, lastAt } = story;
const store = await openStore(`sqlite:${story.dbPath}`);
await store.migrate();
const worker = new Worker({ store, compiled, now: movingClock(lastAt) });
let next = 0;
let appendMs = 0;
let applyMs = 0;
let measured = 0;
while (next < payloads.length) {
  const from = next;
  const beforeAppend = performance.now();
  for (let g = 0; g < groups && next < payloads.length; g++) {
    const group = payloads.slice(next, next + rows).map((payload) => ({ source: 'segment', messageId: randomUUID(), receivedAt: lastAt, payload }));
    next += group.length;
    await store.appendInbox(group);
  }
  const beforeApply = performance.now();
  while ((await worker.runOnce()) > 0);
  if (from >= payloads.length * 0.6) {
    appendMs += beforeApply - beforeAppend;
    applyMs += performance.now() - beforeApply;
    measured += next - from;
  }
}
const perEvent = (ms: number) => ((ms * 1000) / measured).toFixed(1);
console.log(`${groups} appends of ${rows}, then the worker: appending ${perEvent(appendMs)} µs an event, applying ${perEvent(applyMs)} µs an event (${measured} events measured)`);
await store.close();
