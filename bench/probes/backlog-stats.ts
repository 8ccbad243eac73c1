/**
 * What `store.stats()` costs (every /healthz, every /metrics scrape, the thread watchdog) with a
 * large backlog in the inbox: the store's lag in seqs against the COUNT(*) over the pending rows
 * it replaced, on `rows` pending story payloads (default 1,000,000), each timed three times.
 *
 *   node --import tsx bench/probes/backlog-stats.ts [rows]
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/runtime/store/sqlite/sqlite-store.ts';
import { storyEvents, toPayloads } from '../story-messages.ts';
import { scratchDir } from '../scratch-dir.ts';

const rows = Number(process.argv[2] ?? 1_000_000);
const payloads = toPayloads(storyEvents(Math.min(rows, 100_000)));
const path = join(scratchDir('pathwise-probe-'), 'probe.db');
const store = new SqliteStore(path);
await store.migrate();
for (let i = 0; i < rows; i += 1000) {
  await store.appendInbox(Array.from({ length: Math.min(1000, rows - i) }, (_, j) => ({ source: 'segment', messageId: `m${i + j}`, receivedAt: 0, payload: payloads[(i + j) % payloads.length] as string })));
}
const counting = new Database(path, { readonly: true });
counting.pragma('cache_size = -65536');
const count = counting.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM inbox WHERE seq > ?');
const time = (what: string, run: () => number) => {
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    const n = run();
    console.log(`${what}: ${n} pending, ${(performance.now() - t0).toFixed(2)} ms`);
  }
};
const t0 = performance.now();
let pending = 0;
for (let k = 0; k < 3; k++) pending = (await store.stats()).inboxPending;
console.log(`store.stats() (lag in seqs): ${pending} pending, ${((performance.now() - t0) / 3).toFixed(2)} ms a call`);
time('COUNT(*) of the pending rows (before)', () => count.get(0)?.n ?? 0);
counting.close();
await store.close();
