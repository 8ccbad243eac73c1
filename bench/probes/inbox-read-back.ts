/**
 * What the worker's read of rows the same store has just appended costs, by SQL on the same
 * connection (as before `RecentInbox`) and from `RecentInbox`: appends of 140 story payloads
 * (an HTTP group commit's worth) with random message ids, each read back both ways, alternating
 * in one process so that the machine's drift falls on both.
 *
 *   node --import tsx bench/probes/inbox-read-back.ts [appends, default 3000]
 */
import { randomUUID } from 'node:crypto';
import { SqliteStore } from '../../src/runtime/store/sqlite/sqlite-store.ts';
import type { InboxRow } from '../../src/runtime/store/store.ts';
import { probeStory } from './probe-story.ts';

const appends = Number(process.argv[2] ?? 3000);
const ROWS = 140;
const story = probeStory(appends * ROWS);
const store = new SqliteStore(story.dbPath);
await store.migrate();
// The statement the store read the inbox with before RecentInbox, on the store's own connection
// (its page cache holds the pages just written, as it did then). Private: reached for this probe only.
const bySql = (store as unknown as { s: { readInbox: { all(afterSeq: number, limit: number): InboxRow[] } } }).s.readInbox;

let cursor = 0;
let sqlMs = 0;
let memoryMs = 0;
let measured = 0;
for (let i = 0; i < appends; i++) {
  const payloads = story.payloads.slice(i * ROWS, (i + 1) * ROWS);
  await store.appendInbox(payloads.map((payload) => ({ source: 'segment', messageId: randomUUID(), receivedAt: story.lastAt, payload })));
  const t0 = performance.now();
  const fromSql = bySql.all(cursor, 1000);
  const t1 = performance.now();
  const fromMemory = await store.readInbox(cursor, 1000);
  const t2 = performance.now();
  if (fromSql.length !== payloads.length || fromMemory.length !== payloads.length) throw new Error(`read ${fromSql.length} rows by SQL and ${fromMemory.length} from memory, appended ${payloads.length}`);
  // The first sixth warms up the code and the cache.
  if (i >= appends / 6) {
    sqlMs += t1 - t0;
    memoryMs += t2 - t1;
    measured += payloads.length;
  }
  cursor = (fromMemory[fromMemory.length - 1] as InboxRow).seq;
}
const perRow = (ms: number) => ((ms * 1000) / measured).toFixed(2);
console.log(`read back ${measured} rows in reads of ${ROWS}: by SQL ${perRow(sqlMs)} µs a row, from memory ${perRow(memoryMs)} µs a row`);
await store.close();
