/**
 * What the inbox's unique `(source, message_id)` index costs per append with random message ids
 * (as the SDKs send) against ordered ones and no index: plain better-sqlite3, WAL,
 * synchronous=NORMAL, 300,000 rows of 350 bytes in transactions of `rows`.
 *
 *   node --import tsx bench/probes/inbox-dedupe-index.ts [rows a transaction, default 160]
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { scratchDir } from '../scratch-dir.ts';

const ROWS = 300_000;
const perTransaction = Number(process.argv[2] ?? 160);
const payload = 'x'.repeat(350);
const cases: [name: string, unique: boolean, id: (i: number) => string][] = [
  ['random ids (UUID), unique index', true, () => randomUUID()],
  ['ordered ids, unique index', true, (i) => `m${String(i).padStart(10, '0')}`],
  ['random ids, no index', false, () => randomUUID()],
];
for (const [name, unique, id] of cases) {
  const db = new Database(join(scratchDir('pathwise-probe-'), 'inbox.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  db.exec(`CREATE TABLE inbox (seq INTEGER PRIMARY KEY, source TEXT, message_id TEXT, received_at INTEGER, payload TEXT${unique ? ', UNIQUE (source, message_id)' : ''})`);
  const insert = db.prepare('INSERT OR IGNORE INTO inbox (source, message_id, received_at, payload) VALUES (?, ?, ?, ?)');
  const append = db.transaction((ids: string[]) => {
    for (const messageId of ids) insert.run('segment', messageId, 0, payload);
  });
  let n = 0;
  const started = performance.now();
  for (let t = 0; n < ROWS; t++) {
    const ids: string[] = [];
    for (let j = 0; j < perTransaction && n < ROWS; j++) ids.push(id(n++));
    append.immediate(ids);
    // As the store's checkpointer would, now and then.
    if (t % 200 === 0) db.pragma('wal_checkpoint(TRUNCATE)');
  }
  console.log(`${(((performance.now() - started) * 1000) / ROWS).toFixed(1).padStart(6)} µs a row  ${name}`);
  db.close();
}
