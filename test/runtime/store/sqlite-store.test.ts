import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/runtime/store/open-store.ts';
import { applyMigrations, MIGRATIONS } from '../../../src/runtime/store/sqlite/migrations.ts';
import { SqliteStore } from '../../../src/runtime/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../src/runtime/store/store.ts';
import { emptyProfile } from '../../../src/core/profiles/profile.ts';
import { describeStoreContract, emptyBatch } from './store-contract.ts';

const LATEST = Math.max(...MIGRATIONS.map((m) => m.version));

const T0 = Date.parse('2026-03-02T15:00:00Z');
const root = mkdtempSync(join(tmpdir(), 'pathwise-store-test-'));
let files = 0;
/** A path for a database file that does not exist yet, in a folder that does not either. */
const freshPath = () => join(root, `db-${++files}`, 'pathwise.db');

afterAll(() => rmSync(root, { recursive: true, force: true }));

function asSqlite(store: Store): SqliteStore {
  if (!(store instanceof SqliteStore)) throw new Error(`expected a SqliteStore, got ${store.constructor.name}`);
  return store;
}

async function migrated(url: string): Promise<Store> {
  const store = await openStore(url);
  await store.migrate();
  return store;
}

describeStoreContract('SQLite (WAL file)', async () => {
  const url = `sqlite:${freshPath()}`;
  return { store: await migrated(url), reopen: () => migrated(url) };
});

describe('SQLite store', () => {
  const opened: { close(): unknown }[] = [];
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });
  const track = <T extends { close(): unknown }>(s: T): T => {
    opened.push(s);
    return s;
  };

  it('opens a file in WAL mode with synchronous=NORMAL and a busy timeout by default, creating its folder', async () => {
    const path = freshPath();
    const store = track(await openStore(`sqlite:${path}`));
    expect(asSqlite(store).settings()).toEqual({ journalMode: 'wal', synchronous: 'normal', busyTimeoutMs: 5000 });
    await store.migrate();
    await store.appendInbox([{ source: 's', messageId: 'm', receivedAt: T0, payload: '{}' }]);
    expect(existsSync(`${path}-wal`)).toBe(true);
  });

  it('fsyncs every commit with ?synchronous=full, and runs in memory with sqlite::memory:', async () => {
    const full = track(await openStore(`sqlite:${freshPath()}?synchronous=full`));
    expect(asSqlite(full).settings().synchronous).toBe('full');
    const memory = track(await openStore('sqlite::memory:'));
    expect(asSqlite(memory).settings()).toMatchObject({ journalMode: 'memory', synchronous: 'normal' });
  });

  it('refuses URLs it cannot honour, saying what it expected', async () => {
    await expect(openStore('postgres://pathwise@localhost/pathwise')).rejects.toThrow('store: PostgreSQL is not yet supported; use sqlite:PATH');
    await expect(openStore('postgresql://localhost/pathwise')).rejects.toThrow(/not yet supported/);
    await expect(openStore('sqlite:')).rejects.toThrow(/needs a path/);
    await expect(openStore(`sqlite:${freshPath()}?synchronous=off`)).rejects.toThrow('store: synchronous must be normal or full, got "off"');
    await expect(openStore(`sqlite:${freshPath()}?sync=full`)).rejects.toThrow('store: unknown sqlite URL parameter "sync"; expected synchronous=normal|full');
    await expect(openStore('mysql://localhost/pathwise')).rejects.toThrow(/unknown store URL/);
  });

  it('records each migration once in schema_migrations, however often migrate runs', async () => {
    const path = freshPath();
    const store = track(await migrated(`sqlite:${path}`));
    await store.migrate();
    await store.close();
    const again = track(await migrated(`sqlite:${path}`));
    await again.close();
    const db = track(new Database(path, { readonly: true }));
    const rows = db.prepare<[], { version: number; applied_at: number }>('SELECT version, applied_at FROM schema_migrations ORDER BY version').all();
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('upgrades a version-1 database: the inbox cursor, identities and named cursors survive', async () => {
    const path = freshPath();
    const store = track(await openStore(`sqlite:${path}`));
    await store.close();
    const v1 = track(new Database(path));
    expect(applyMigrations(v1, T0, MIGRATIONS.slice(0, 1))).toEqual([1]);
    v1.exec(`
      INSERT INTO inbox (source, message_id, received_at, payload) VALUES ('s', 'a', ${T0}, '{}'), ('s', 'b', ${T0}, '{}');
      INSERT INTO cursors (name, value) VALUES ('inbox', '1'), ('hubspot:contacts', 'c7');
      INSERT INTO identities (key, profile_id) VALUES ('userId:u1', 'p1');
    `);
    v1.close();

    const upgraded = track(await migrated(`sqlite:${path}`));
    expect(await upgraded.inboxCursor()).toBe(1);
    expect(await upgraded.getCursor('inbox')).toBeUndefined();
    expect(await upgraded.getCursor('hubspot:contacts')).toBe('c7');
    expect(await upgraded.profileIdsFor(['userId:u1'])).toEqual(new Map([['userId:u1', 'p1']]));
    expect((await upgraded.readInbox(await upgraded.inboxCursor(), 10)).map((r) => r.messageId)).toEqual(['b']);
  });

  it('fills the per-step counts from the stored snapshots when upgrading to version 4', async () => {
    const path = freshPath();
    const store = track(await openStore(`sqlite:${path}`));
    await store.close();
    const v3 = track(new Database(path));
    expect(applyMigrations(v3, T0, MIGRATIONS.filter((m) => m.version <= 3))).toEqual([1, 2, 3]);
    const enrollment = (journeyId: string, status: string, stepId?: string) => ({ journeyId, version: 1, status, ...(stepId ? { stepId } : {}) });
    const insert = v3.prepare<[string, string]>('INSERT INTO profiles (id, updated_at, snapshot) VALUES (?, 0, ?)');
    insert.run('p1', JSON.stringify({ id: 'p1', enrollments: [enrollment('webinar', 'active', 'wait'), enrollment('welcome', 'completed', 'email')] }));
    insert.run('p2', JSON.stringify({ id: 'p2', enrollments: [enrollment('webinar', 'active', 'wait'), enrollment('trial', 'active')] }));
    insert.run('p3', JSON.stringify({ id: 'p3', enrollments: [] }));
    v3.close();

    const upgraded = track(await migrated(`sqlite:${path}`));
    expect(await upgraded.journeyStepCounts()).toEqual([{ journeyId: 'webinar', version: 1, stepId: 'wait', count: 2 }]);
  });

  it('keeps pending timers when upgrading to version 6 (timers keyed by due time)', async () => {
    const path = freshPath();
    const store = track(await openStore(`sqlite:${path}`));
    await store.close();
    const v5 = track(new Database(path));
    expect(applyMigrations(v5, T0, MIGRATIONS.filter((m) => m.version <= 5))).toEqual([1, 2, 3, 4, 5]);
    v5.exec(`INSERT INTO timers (id, profile_id, enrollment_id, due_at) VALUES ('late', 'p1', 'e1', ${T0 + 2}), ('early', 'p2', 'e2', ${T0 + 1})`);
    v5.close();

    const upgraded = track(await migrated(`sqlite:${path}`));
    expect(await upgraded.nextTimerDueAt()).toBe(T0 + 1);
    await upgraded.commit(emptyBatch({ timersToCancel: [{ id: 'late', dueAt: T0 + 2 }] }));
    expect(await upgraded.fireDueTimers(T0 + 10, 10)).toBe(1);
    expect((await upgraded.readInbox(0, 10)).map((r) => JSON.parse(r.payload))).toEqual([{ timerId: 'early', profileId: 'p2', enrollmentId: 'e2', dueAt: T0 + 1 }]);
  });

  it('counts the profiles and dead letters already stored when upgrading, and keeps counting whatever writes the tables', async () => {
    const path = freshPath();
    const store = track(await openStore(`sqlite:${path}`));
    await store.close();
    const v7 = track(new Database(path));
    expect(applyMigrations(v7, T0, MIGRATIONS.filter((m) => m.version <= 7))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // Written behind version 7's back: its count (kept by the commit's code) does not see them.
    v7.exec(`INSERT INTO profiles (id, updated_at, snapshot) VALUES ('p1', ${T0}, '{}'), ('p2', ${T0}, '{}'), ('p3', ${T0}, '{}')`);
    v7.exec(`INSERT INTO dead_letters (kind, ref, error, payload, at) VALUES ('inbox', 's/a', 'e', '{}', ${T0})`);
    v7.close();

    const upgraded = track(await migrated(`sqlite:${path}`));
    expect(await upgraded.stats()).toMatchObject({ profiles: 3, deadLetters: 1 });
    await upgraded.commit(emptyBatch({
      profiles: [emptyProfile('p1', T0), emptyProfile('p4', T0)],
      deletedProfileIds: ['p2', 'never-existed'],
      deadLetters: [{ kind: 'inbox', ref: 's/b', error: 'e', payload: '{}', at: T0 }],
    }));
    expect(await upgraded.stats()).toMatchObject({ profiles: 3, deadLetters: 2 });
    const [letter] = await upgraded.listDeadLetters(1);
    expect(await upgraded.retryDeadLetter(letter?.id ?? -1, T0)).toBe(true);
    // And a write that is not the store's own.
    const raw = new Database(path);
    raw.exec(`INSERT INTO profiles (id, updated_at, snapshot) VALUES ('p5', ${T0}, '{}')`);
    raw.close();
    expect(await upgraded.stats()).toMatchObject({ profiles: 4, deadLetters: 1 });
  });

  it('refuses a database written by a newer schema version', async () => {
    const path = freshPath();
    const store = track(await migrated(`sqlite:${path}`));
    await store.close();
    const db = track(new Database(path));
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(99, T0);
    db.close();
    const newer = track(await openStore(`sqlite:${path}`));
    await expect(newer.migrate()).rejects.toThrow(`store: the database is at schema version 99, newer than this Pathwise knows (${LATEST}); upgrade Pathwise or use another database`);
  });

  it('refuses to work before migrate', async () => {
    const store = track(await openStore('sqlite::memory:'));
    await expect(store.readInbox(0, 10)).rejects.toThrow('store: not migrated; call migrate() first');
  });

  it('lets a second connection on the same file see every commit and refuses its stale acknowledgement', async () => {
    const url = `sqlite:${freshPath()}`;
    const worker = track(await migrated(url));
    const other = track(await migrated(url));
    await worker.appendInbox([{ source: 's', messageId: 'm', receivedAt: T0, payload: '{}' }]);
    const [row] = await other.readInbox(0, 10);
    await worker.commit(emptyBatch({ ackedThroughSeq: row?.seq ?? -1, outbox: [{ key: 'k', profileId: 'p', actionId: 'a', destination: 'log.record', channel: 'task', payload: '{}', availableAt: T0, createdAt: T0 }] }));
    await expect(other.commit(emptyBatch({ ackedThroughSeq: row?.seq ?? -1 }))).rejects.toThrow(/already acknowledged through seq/);
    expect((await other.pendingOutbox(T0, 10)).map((r) => r.key)).toEqual(['k']);
  });

  it('reads back its own appends from memory, and from the database where another connection appended in between', async () => {
    const path = freshPath();
    const mine = track(await migrated(`sqlite:${path}`));
    const other = track(await migrated(`sqlite:${path}`));
    await mine.appendInbox([msg('m1'), msg('m1'), msg('m2')]);
    await other.appendInbox([msg('o1')]);
    await mine.appendInbox([msg('m3')]);
    // To tell where each read comes from: every payload is changed behind the store's back
    // (nothing in Pathwise does this); rows read from memory still carry the appended one.
    const raw = new Database(path);
    raw.prepare('UPDATE inbox SET payload = ?').run('{"changed":true}');
    raw.close();
    const read = async (afterSeq: number) => (await mine.readInbox(afterSeq, 10)).map((r) => [r.seq, `${r.messageId} ${r.payload === '{"changed":true}' ? 'database' : 'memory'}`] as const);

    // Memory answers up to the other connection's row (a read may return fewer than the limit) …
    const first = await read(0);
    expect(first.map(([, what]) => what)).toEqual(['m1 memory', 'm2 memory']);
    // … the database from there, in seq order with nothing skipped …
    const rest = await read(first[1]?.[0] ?? -1);
    expect(rest.map(([, what]) => what)).toEqual(['o1 database', 'm3 database']);
    // … and memory again for a cursor inside this connection's own run of seqs.
    expect((await read(rest[0]?.[0] ?? -1)).map(([, what]) => what)).toEqual(['m3 memory']);
    expect(await read(rest[1]?.[0] ?? -1)).toEqual([]);
  });
});

function msg(messageId: string) {
  return { source: 'segment', messageId, receivedAt: T0, payload: JSON.stringify({ messageId }) };
}
