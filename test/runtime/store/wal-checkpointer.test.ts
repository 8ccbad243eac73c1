import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { retryWhileBusy } from '../../../src/runtime/store/sqlite/retry-while-busy.ts';
import { WalCheckpointer } from '../../../src/runtime/store/sqlite/wal-checkpointer.ts';
import { walCheckpointSequence } from '../../../src/runtime/store/sqlite/wal-header.ts';

/** Small, so that the test crosses it many times in a second. */
const RESTART_FRAMES = 256;

function open(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Only the checkpointer's thread checkpoints: neither connection may reset the WAL by itself.
  db.pragma('wal_autocheckpoint = 0');
  db.pragma('busy_timeout = 0');
  return db;
}

/**
 * With the worker on a thread, two connections write to one WAL: the thread's (which the
 * checkpointer pauses before a restart) and the main thread's (due timers, outbox verdicts),
 * which it does not pause. Neither checkpoints by itself here: the WAL must still start over,
 * again and again, or its file grows without bound.
 */
describe('WAL checkpointer with a second writing connection', () => {
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('starts the WAL over again and again while both connections commit, and loses no row', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pathwise-wal-')), 'p.db');
    const paused = open(path);
    const other = open(path);
    paused.exec('CREATE TABLE t (k BLOB PRIMARY KEY, v BLOB)');
    const checkpointer = new WalCheckpointer({ path, synchronous: 'normal', restartFrames: RESTART_FRAMES, intervalMs: 2, catchUpMs: 1 });
    cleanup.push(() => checkpointer.closeFile(), () => paused.close(), () => other.close(), () => checkpointer.stop());

    const insert = (db: Database.Database, rows: number) => {
      const statement = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
      // Random keys: each row dirties a random leaf, as profile upserts do.
      db.transaction(() => {
        for (let i = 0; i < rows; i++) statement.run(randomBytes(16), randomBytes(600));
      })();
    };
    // Until the WAL has started over three times, or 10 s (under a loaded machine the checkpointer's thread gets less time).
    const deadline = performance.now() + 10_000;
    const writing = () => performance.now() < deadline && walCheckpointSequence(path) < 3;
    let rowsWritten = 0;
    const writeWhilePaused = async () => {
      while (writing()) {
        await checkpointer.beforeWrite();
        await retryWhileBusy(() => insert(paused, 40), 5000);
        rowsWritten += 40;
        await new Promise((r) => setImmediate(r));
      }
    };
    // The other connection commits every millisecond or two and is never asked to pause.
    const writeAlongside = async () => {
      while (writing()) {
        await retryWhileBusy(() => insert(other, 4), 5000);
        rowsWritten += 4;
        await new Promise((r) => setTimeout(r, 1));
      }
    };
    await Promise.all([writeWhilePaused(), writeAlongside()]);

    // Every page of the table went through the WAL at least once: more than the restart mark.
    expect(Number(other.pragma('page_count', { simple: true }))).toBeGreaterThan(RESTART_FRAMES);
    expect(checkpointer.counts.pauses).toBeGreaterThan(0);
    // The header counts the restarts. (How large the file grew between two of them depends on
    // how fast the checkpointer's thread gets a core; the HTTP bench reports both.)
    expect(walCheckpointSequence(path)).toBeGreaterThanOrEqual(3);
    // Nothing committed was lost on the way.
    expect(other.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: rowsWritten });
  });
});
