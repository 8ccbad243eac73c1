import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/runtime/store/sqlite/sqlite-store.ts';

/**
 * The main thread's connection shares the file with the worker thread's. When the other holds the
 * write lock, a write with `lockWait: 'yield'` must wait without blocking the event loop (HTTP is
 * served meanwhile) and then succeed; SQLite's own busy handler would sleep inside the call.
 */
describe('SQLite store waiting for another connection\'s write lock', () => {
  const toClose: { close(): unknown }[] = [];
  afterEach(async () => {
    for (const c of toClose.splice(0).reverse()) await c.close();
  });

  async function twoConnections(busyTimeoutMs: number) {
    const path = join(mkdtempSync(join(tmpdir(), 'pathwise-lock-wait-')), 'p.db');
    const store = new SqliteStore(path, { lockWait: 'yield', busyTimeoutMs, checkpoint: 'inline' });
    toClose.push(store);
    await store.migrate();
    const other = new Database(path);
    toClose.push(other);
    return { store, other };
  }

  it('leaves the event loop free while it waits, and writes once the other connection commits', async () => {
    const { store, other } = await twoConnections(5000);
    other.exec('BEGIN IMMEDIATE');
    let timersFired = 0;
    const ticking = setInterval(() => timersFired++, 2);
    const write = store.appendInbox([{ source: 'segment', messageId: 'm1', receivedAt: 1, payload: '{}' }]);
    await new Promise((r) => setTimeout(r, 60));
    const firedWhileLocked = timersFired;
    other.exec('COMMIT');
    expect(await write).toEqual({ accepted: 1, duplicates: 0, duplicateIds: [] });
    clearInterval(ticking);
    // A sleeping busy handler would have held the loop for the whole 60 ms: no timer could fire.
    expect(firedWhileLocked).toBeGreaterThan(5);
    expect(await store.readInbox(0, 10)).toHaveLength(1);
  });

  it('fails with SQLITE_BUSY once busyTimeoutMs has passed, having written nothing', async () => {
    const { store, other } = await twoConnections(50);
    other.exec('BEGIN IMMEDIATE');
    const started = performance.now();
    await expect(store.setCursor('c', 'v')).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(30);
    other.exec('ROLLBACK');
    expect(await store.getCursor('c')).toBeUndefined();
  });
});
