/**
 * Pages the worker's commits write to the WAL, by B-tree: applies 80 % of the story's events,
 * then 50 batches with no checkpoint between them, reads the page number of every WAL frame and
 * maps it to its table or index with SQLite's `dbstat`.
 *
 *   node --import tsx bench/probes/wal-pages.ts [events, default 500000] [batch, default 160]
 *
 * A probe, not a benchmark: it uses the store's private connection.
 */
import { fstatSync, openSync, readSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { SqliteStore } from '../../src/runtime/store/sqlite/sqlite-store.ts';
import { Worker } from '../../src/runtime/worker/worker.ts';
import { appendAll, probeStory } from './probe-story.ts';
import { movingClock } from '../moving-clock.ts';

const PAGE = 4096;
const FRAME_HEADER = 24;
const events = Number(process.argv[2] ?? 500_000);
const batch = Number(process.argv[3] ?? 160);
const story = probeStory(events);
const { compiled, lastAt, dbPath: path } = story;
// No checkpoints but the ones below: the WAL then holds exactly what the measured commits wrote.
const store = new SqliteStore(path, { checkpoint: 'elsewhere' });
await store.migrate();
const db = (store as unknown as { db: Database.Database }).db;
await appendAll(store, story);
db.pragma('wal_checkpoint(TRUNCATE)');
const worker = new Worker({ store, compiled, now: movingClock(lastAt), batchSize: batch });
for (let applied = 0; applied < events * 0.8; ) {
  applied += await worker.runOnce();
  db.pragma('wal_checkpoint(TRUNCATE)');
}
let measured = 0;
for (let k = 0; k < 50; k++) measured += await worker.runOnce();

const wal = openSync(`${path}-wal`, 'r');
const size = fstatSync(wal).size;
const header = Buffer.alloc(FRAME_HEADER);
const owner = new Map<number, string>();
for (const row of db.prepare<[], { name: string; pageno: number; pagetype: string }>('SELECT name, pageno, pagetype FROM dbstat').iterate()) owner.set(row.pageno, `${row.name} (${row.pagetype})`);
const frames = new Map<string, number>();
let total = 0;
for (let offset = 32; offset + FRAME_HEADER <= size; offset += PAGE + FRAME_HEADER) {
  readSync(wal, header, 0, FRAME_HEADER, offset);
  const name = owner.get(header.readUInt32BE(0)) ?? '(free or new)';
  frames.set(name, (frames.get(name) ?? 0) + 1);
  total++;
}
console.log(`${(total / measured).toFixed(2)} pages an event (${measured} events in 50 commits of ≤ ${batch}; WAL ${(statSync(`${path}-wal`).size / 1_048_576).toFixed(1)} MB)`);
for (const [name, n] of [...frames].sort((a, b) => b[1] - a[1])) if (n / measured >= 0.005) console.log(`${(n / measured).toFixed(3).padStart(7)}  ${name}`);
await store.close();
