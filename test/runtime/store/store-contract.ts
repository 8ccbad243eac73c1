import { afterEach, describe, expect, it } from 'vitest';
import { emptyProfile, type Profile } from '../../../src/core/profiles/profile.ts';
import type { CommitBatch, InboxMessage, NewOutboxRow, Store, TimerRow } from '../../../src/runtime/store/store.ts';

const T0 = Date.parse('2026-03-02T15:00:00Z');

/** A fresh, empty, migrated store, and a way to open the same database again after closing it. */
export interface StoreUnderTest {
  store: Store;
  /** Opens and migrates a new connection to the same database (call after `store.close()`). */
  reopen: () => Promise<Store>;
}

export function emptyBatch(over: Partial<CommitBatch> = {}): CommitBatch {
  return { profiles: [], deletedProfileIds: [], identities: [], timersToAdd: [], timersToCancel: [], outbox: [], decisions: [], journeyEvents: [], deadLetters: [], audit: [], ...over };
}

const msg = (source: string, messageId: string, receivedAt = T0): InboxMessage => ({ source, messageId, receivedAt, payload: JSON.stringify({ messageId }) });
const outboxRow = (key: string, availableAt = T0, createdAt = T0, profileId = 'p1'): NewOutboxRow => ({
  key,
  profileId,
  actionId: 'demo-task',
  destination: 'hubspot.createTask',
  channel: 'task',
  payload: JSON.stringify({ input: { subject: key } }),
  availableAt,
  createdAt,
});
const timer = (id: string, dueAt: number, profileId = 'p1'): TimerRow => ({ id, profileId, enrollmentId: `e-${id}`, dueAt });

function richProfile(id: string): Profile {
  return {
    ...emptyProfile(id, T0),
    updatedAt: T0 + 5,
    eventCount: 3,
    identifiers: { userId: ['u1'], email: ['ada@example.com'] },
    traits: { name: 'Ada', plan: 'pro', seats: 25, tags: ['a', 'b'], nested: { ok: true, none: null } },
    eventTimes: { 'Pricing Viewed': [T0 - 1000, T0] },
    lastSeenByEvent: { 'Pricing Viewed': T0 },
    audiences: { trials: T0 - 86_400_000 },
    owner: 'owner-7',
    contacts: [{ at: T0 - 60_000, channel: 'email', actionId: 'welcome-email' }],
    suppressedUntil: { email: T0 + 86_400_000 },
    enrollments: [
      { id: 'e1', journeyId: 'webinar', version: 2, group: 'treatment', status: 'active', enteredAt: T0, stepId: 'wait', stepEnteredAt: T0, stepCount: 1, waiting: { kind: 'timer', timerId: 'e1:t1', dueAt: T0 + 86_400_000 }, errors: [] },
    ],
    journeyHistory: { webinar: { entries: 1, lastEnteredAt: T0 } },
    mergedFrom: ['p0'],
  };
}

/**
 * The behaviour every Store implementation must have, whatever its database. `makeStore` is
 * called once per test and must return an empty, migrated store over durable storage.
 */
export function describeStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`${name} store contract`, () => {
    const opened: Store[] = [];
    const open = async (): Promise<StoreUnderTest> => {
      const made = await makeStore();
      opened.push(made.store);
      return {
        store: made.store,
        reopen: async () => {
          const again = await made.reopen();
          opened.push(again);
          return again;
        },
      };
    };
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });

    describe('inbox', () => {
      it('deduplicates on (source, messageId): a repeat, even within one call, is counted and not stored; the same id from two sources is two messages', async () => {
        const { store } = await open();
        expect(await store.appendInbox([msg('segment', 'm1'), msg('rudderstack', 'm1'), msg('segment', 'm1')])).toEqual({ accepted: 2, duplicates: 1, duplicateIds: ['m1'] });
        expect(await store.appendInbox([msg('segment', 'm2'), msg('rudderstack', 'm1')])).toEqual({ accepted: 1, duplicates: 1, duplicateIds: ['m1'] });
        expect(await store.appendInbox([])).toEqual({ accepted: 0, duplicates: 0, duplicateIds: [] });
        expect((await store.readInbox(0, 10)).map((r) => `${r.source}/${r.messageId}`)).toEqual(['segment/m1', 'rudderstack/m1', 'segment/m2']);
      });

      it('reads rows after a seq, in seq order, up to the limit, with what was appended', async () => {
        const { store } = await open();
        await store.appendInbox([msg('s', 'a', T0), msg('s', 'b', T0 + 1), msg('s', 'c', T0 + 2)]);
        const all = await store.readInbox(0, 10);
        expect(all.map((r) => [r.source, r.messageId, r.receivedAt, r.payload])).toEqual([
          ['s', 'a', T0, '{"messageId":"a"}'],
          ['s', 'b', T0 + 1, '{"messageId":"b"}'],
          ['s', 'c', T0 + 2, '{"messageId":"c"}'],
        ]);
        const seqs = all.map((r) => r.seq);
        expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
        expect(new Set(seqs).size).toBe(3);
        expect((await store.readInbox(seqs[0] ?? -1, 1)).map((r) => r.messageId)).toEqual(['b']);
        expect(await store.readInbox(seqs[2] ?? -1, 10)).toEqual([]);
      });

      it('acknowledges rows in the commit: the cursor moves to the acknowledged seq and they are no longer pending', async () => {
        const { store } = await open();
        await store.appendInbox([msg('s', 'a'), msg('s', 'b'), msg('s', 'c')]);
        expect(await store.inboxCursor()).toBe(0);
        const rows = await store.readInbox(0, 2);
        await store.commit(emptyBatch({ ackedThroughSeq: rows[1]?.seq ?? -1 }));
        expect(await store.inboxCursor()).toBe(rows[1]?.seq);
        expect((await store.readInbox(await store.inboxCursor(), 10)).map((r) => r.messageId)).toEqual(['c']);
        expect((await store.stats()).inboxPending).toBe(1);
      });

      it('reports the backlog as a lag in seqs: never below the rows pending, and 0 once every row is acknowledged', async () => {
        const { store } = await open();
        // A store may spend a seq on the rejected duplicate (SQLite does): the lag may count it.
        await store.appendInbox([msg('s', 'a'), msg('s', 'a'), msg('s', 'b')]);
        const rows = await store.readInbox(0, 10);
        expect(rows).toHaveLength(2);
        const lag = (await store.stats()).inboxPending;
        expect(lag).toBeGreaterThanOrEqual(2);
        expect(lag).toBeLessThanOrEqual(3);
        await store.commit(emptyBatch({ ackedThroughSeq: rows[0]?.seq ?? -1 }));
        expect((await store.stats()).inboxPending).toBeGreaterThanOrEqual(1);
        await store.commit(emptyBatch({ ackedAfterSeq: rows[0]?.seq ?? -1, ackedThroughSeq: rows[1]?.seq ?? -1 }));
        expect((await store.stats()).inboxPending).toBe(0);
        // Duplicates alone after the last row (seqs spent, no row) leave nothing pending.
        await store.appendInbox([msg('s', 'a'), msg('s', 'b')]);
        expect((await store.stats()).inboxPending).toBe(0);
      });

      it('refuses a commit that acknowledges seqs already acknowledged, so a second consumer cannot apply a batch twice', async () => {
        const { store } = await open();
        await store.appendInbox([msg('s', 'a'), msg('s', 'b')]);
        const rows = await store.readInbox(0, 10);
        const last = rows[1]?.seq ?? -1;
        await store.commit(emptyBatch({ ackedThroughSeq: last, outbox: [outboxRow('first')] }));
        await expect(store.commit(emptyBatch({ ackedThroughSeq: last, outbox: [outboxRow('second')] }))).rejects.toThrow(/already acknowledged/);
        await expect(store.commit(emptyBatch({ ackedThroughSeq: rows[0]?.seq ?? -1, outbox: [outboxRow('third')] }))).rejects.toThrow(/already acknowledged/);
        expect(await store.inboxCursor()).toBe(last);
        expect((await store.allOutbox(10)).map((r) => r.key)).toEqual(['first']);
      });

      it('refuses a commit read from an older cursor that reaches past another consumer’s commit, so the rows between are not applied twice', async () => {
        const { store } = await open();
        await store.appendInbox([msg('s', 'a'), msg('s', 'b'), msg('s', 'c')]);
        const rows = await store.readInbox(0, 10);
        const [first, , third] = rows.map((r) => r.seq);
        await store.commit(emptyBatch({ ackedAfterSeq: 0, ackedThroughSeq: first ?? -1, outbox: [outboxRow('by-one')] }));
        // A second consumer read all three from cursor 0: a (applied above) would be applied again.
        await expect(store.commit(emptyBatch({ ackedAfterSeq: 0, ackedThroughSeq: third ?? -1, outbox: [outboxRow('by-other')] }))).rejects.toThrow(/overlaps what another consumer applied/);
        await store.commit(emptyBatch({ ackedAfterSeq: first ?? -1, ackedThroughSeq: third ?? -1, outbox: [outboxRow('rest')] }));
        expect(await store.inboxCursor()).toBe(third);
        expect((await store.allOutbox(10)).map((r) => r.key).sort()).toEqual(['by-one', 'rest']);
      });
    });

    describe('apply attempts', () => {
      it('keeps the record of rows being applied across a restart, until a commit acknowledges through them', async () => {
        const { store, reopen } = await open();
        expect(await store.applyAttempt()).toBeUndefined();
        await store.appendInbox([msg('s', 'a'), msg('s', 'b'), msg('s', 'c')]);
        const [first, second, third] = (await store.readInbox(0, 10)).map((r) => r.seq) as [number, number, number];
        await store.recordApplyAttempt({ fromSeq: first, toSeq: third, tries: 1 });
        await store.close();

        const again = await reopen();
        expect(await again.applyAttempt()).toEqual({ fromSeq: first, toSeq: third, tries: 1 });
        // Acknowledging only part of the rows leaves the record: the rest were not applied.
        await again.commit(emptyBatch({ ackedAfterSeq: 0, ackedThroughSeq: first }));
        expect(await again.applyAttempt()).toEqual({ fromSeq: first, toSeq: third, tries: 1 });
        // A new record replaces the old one.
        await again.recordApplyAttempt({ fromSeq: second, toSeq: second, tries: 2 });
        expect(await again.applyAttempt()).toEqual({ fromSeq: second, toSeq: second, tries: 2 });
        await again.commit(emptyBatch({ ackedAfterSeq: first, ackedThroughSeq: second }));
        expect(await again.applyAttempt()).toBeUndefined();
      });

      it('keeps the record when the commit that would clear it fails', async () => {
        const { store } = await open();
        await store.appendInbox([msg('s', 'a')]);
        const [row] = await store.readInbox(0, 1);
        await store.recordApplyAttempt({ fromSeq: row?.seq ?? -1, toSeq: row?.seq ?? -1, tries: 1 });
        // Acknowledges rows already acknowledged (seq 0): refused, nothing written.
        await expect(store.commit(emptyBatch({ ackedThroughSeq: 0 }))).rejects.toThrow();
        expect(await store.applyAttempt()).toEqual({ fromSeq: row?.seq, toSeq: row?.seq, tries: 1 });
      });
    });

    describe('commit', () => {
      it('writes nothing of a batch that fails on its last row', async () => {
        const { store } = await open();
        await store.appendInbox([msg('s', 'a')]);
        const [row] = await store.readInbox(0, 1);
        await store.commit(emptyBatch({ profiles: [emptyProfile('p1', T0)], identities: [{ key: 'userId:u1', profileId: 'p1' }] }));
        const failing = emptyBatch({
          ackedThroughSeq: row?.seq ?? -1,
          profiles: [{ ...emptyProfile('p1', T0), eventCount: 99 }, emptyProfile('p2', T0)],
          deletedProfileIds: ['p1'],
          identities: [{ key: 'userId:u2', profileId: 'p2' }, { key: 'userId:u1', profileId: 'p2' }],
          timersToAdd: [timer('t1', T0)],
          outbox: [outboxRow('k1')],
          decisions: [{ id: 'd1', profileId: 'p1', at: T0, payload: '{}' }],
          journeyEvents: [{ profileId: 'p1', journeyId: 'j', version: 1, enrollmentId: 'e', kind: 'entered', at: T0 }],
          deadLetters: [{ kind: 'inbox', ref: 's/a', error: 'boom', payload: '{}', at: T0 }],
          // NaN is a number to TypeScript but no integer to a database: SQLite binds it as NULL
          // (NOT NULL fails), PostgreSQL rejects it. It comes last, after every other row was written.
          audit: [{ at: T0, kind: 'merge', detail: 'fine' }, { at: Number.NaN, kind: 'merge', detail: 'poison' }],
        });
        await expect(store.commit(failing)).rejects.toThrow();
        expect(await store.inboxCursor()).toBe(0);
        expect((await store.getProfile('p1'))?.eventCount).toBe(0);
        expect(await store.getProfile('p2')).toBeUndefined();
        expect(await store.profileIdsFor(['userId:u1', 'userId:u2'])).toEqual(new Map([['userId:u1', 'p1']]));
        expect(await store.nextTimerDueAt()).toBeUndefined();
        expect(await store.allOutbox(10)).toEqual([]);
        expect(await store.decisionsForProfile('p1', 10)).toEqual([]);
        expect(await store.journeyStats()).toEqual([]);
        expect(await store.listDeadLetters(10)).toEqual([]);
        expect(await store.stats()).toEqual({ inboxPending: 1, outboxPending: 0, deadLetters: 0, profiles: 1 });
      });
    });

    describe('profiles and identities', () => {
      it('reads back a snapshot exactly as committed, and a later commit replaces it', async () => {
        const { store } = await open();
        const profile = richProfile('p1');
        await store.commit(emptyBatch({ profiles: [profile] }));
        expect(await store.getProfile('p1')).toEqual(profile);
        await store.commit(emptyBatch({ profiles: [{ ...profile, eventCount: 4, traits: { plan: 'enterprise' } }] }));
        expect(await store.getProfile('p1')).toEqual({ ...profile, eventCount: 4, traits: { plan: 'enterprise' } });
        expect(await store.getProfile('nobody')).toBeUndefined();
        expect((await store.stats()).profiles).toBe(1);
      });

      it('deletes an absorbed profile, after the upserts of the same batch', async () => {
        const { store } = await open();
        await store.commit(emptyBatch({ profiles: [emptyProfile('p1', T0), emptyProfile('p2', T0)] }));
        await store.commit(emptyBatch({ profiles: [{ ...emptyProfile('p1', T0), mergedFrom: ['p2'] }, emptyProfile('p2', T0)], deletedProfileIds: ['p2', 'never-existed'] }));
        expect(await store.getProfile('p2')).toBeUndefined();
        expect((await store.getProfile('p1'))?.mergedFrom).toEqual(['p2']);
        expect((await store.stats()).profiles).toBe(1);
      });

      it('inserts identities, re-points a key to another profile, and looks up only known keys', async () => {
        const { store } = await open();
        await store.commit(emptyBatch({ identities: [{ key: 'email:a@b.io', profileId: 'p2' }, { key: 'userId:u1', profileId: 'p1' }] }));
        await store.commit(emptyBatch({ identities: [{ key: 'email:a@b.io', profileId: 'p1' }] }));
        expect(await store.profileIdsFor(['email:a@b.io', 'userId:u1', 'email:none'])).toEqual(new Map([['email:a@b.io', 'p1'], ['userId:u1', 'p1']]));
        expect(await store.profileIdsFor([])).toEqual(new Map());
      });

      it('looks up any number of profiles and identities in one call', async () => {
        const { store } = await open();
        const ids = Array.from({ length: 1500 }, (_, i) => `p${i}`);
        await store.commit(emptyBatch({ profiles: ids.map((id) => emptyProfile(id, T0)), identities: ids.map((id) => ({ key: `userId:${id}`, profileId: id })) }));
        const profiles = await store.getProfiles([...ids, 'missing']);
        expect(profiles.size).toBe(1500);
        expect(profiles.get('p1499')?.id).toBe('p1499');
        const found = await store.profileIdsFor(ids.map((id) => `userId:${id}`));
        expect(found.size).toBe(1500);
        expect(found.get('userId:p0')).toBe('p0');
        expect(await store.getProfiles([])).toEqual(new Map());
      });
    });

    describe('timers', () => {
      it('fires a due timer into the inbox once, whether asked twice or after a restart, and a late one once', async () => {
        const { store, reopen } = await open();
        await store.commit(emptyBatch({ timersToAdd: [timer('t1', T0), timer('t2', T0 + 60_000)] }));
        expect(await store.nextTimerDueAt()).toBe(T0);
        expect(await store.fireDueTimers(T0 - 1, 10)).toBe(0);
        expect(await store.fireDueTimers(T0, 10)).toBe(1);
        expect(await store.fireDueTimers(T0, 10)).toBe(0);
        expect(await store.nextTimerDueAt()).toBe(T0 + 60_000);
        await store.close();

        const again = await reopen();
        expect(await again.fireDueTimers(T0 + 1000, 10)).toBe(0);
        // t2 came due while nothing ran: it fires once, late.
        expect(await again.fireDueTimers(T0 + 3_600_000, 10)).toBe(1);
        expect(await again.fireDueTimers(T0 + 3_600_000, 10)).toBe(0);
        expect(await again.nextTimerDueAt()).toBeUndefined();
        expect((await again.readInbox(0, 10)).map((r) => [r.source, r.messageId, r.receivedAt, JSON.parse(r.payload)])).toEqual([
          ['timer', 't1', T0, { timerId: 't1', profileId: 'p1', enrollmentId: 'e-t1', dueAt: T0 }],
          ['timer', 't2', T0 + 3_600_000, { timerId: 't2', profileId: 'p1', enrollmentId: 'e-t2', dueAt: T0 + 60_000 }],
        ]);
      });

      it('fires the earliest due timers first, up to the limit', async () => {
        const { store } = await open();
        await store.commit(emptyBatch({ timersToAdd: [timer('c', T0 + 2), timer('a', T0), timer('b', T0 + 1)] }));
        expect(await store.fireDueTimers(T0 + 10, 2)).toBe(2);
        expect((await store.readInbox(0, 10)).map((r) => r.messageId)).toEqual(['a', 'b']);
        expect(await store.nextTimerDueAt()).toBe(T0 + 2);
      });

      it('cancels timers by id and time, and one scheduled and cancelled by the same batch never fires', async () => {
        const { store } = await open();
        await store.commit(emptyBatch({ timersToAdd: [timer('t1', T0), timer('t2', T0), timer('t4', T0 + 1)] }));
        await store.commit(
          emptyBatch({
            timersToAdd: [timer('t3', T0)],
            timersToCancel: [
              { id: 't2', dueAt: T0 },
              { id: 't3', dueAt: T0 },
              { id: 'unknown', dueAt: T0 },
              { id: 't4', dueAt: T0 + 1 },
            ],
          }),
        );
        expect(await store.fireDueTimers(T0 + 10, 10)).toBe(1);
        expect((await store.readInbox(0, 10)).map((r) => r.messageId)).toEqual(['t1']);
      });

      it('leaves a timer that a cancellation names at another time', async () => {
        const { store } = await open();
        await store.commit(emptyBatch({ timersToAdd: [timer('t1', T0)] }));
        await store.commit(emptyBatch({ timersToCancel: [{ id: 't1', dueAt: T0 + 1 }] }));
        expect(await store.fireDueTimers(T0, 10)).toBe(1);
      });

      it('re-adding a pending timer (same id and time) under another profile moves it there, as a merge does', async () => {
        const { store } = await open();
        await store.commit(emptyBatch({ timersToAdd: [timer('t1', T0, 'old'), timer('t2', T0, 'other')] }));
        await store.commit(emptyBatch({ timersToAdd: [timer('t1', T0, 'new')], identities: [{ key: 'profile:old', profileId: 'new' }] }));
        expect(await store.fireDueTimers(T0, 10)).toBe(2);
        const fired = (await store.readInbox(0, 10)).map((r) => JSON.parse(r.payload) as { timerId: string; profileId: string });
        expect(fired.map((t) => [t.timerId, t.profileId])).toEqual([
          ['t1', 'new'],
          ['t2', 'other'],
        ]);
        expect(await store.profileIdsFor(['profile:old'])).toEqual(new Map([['profile:old', 'new']]));
      });
    });

    describe('outbox', () => {
      it('inserts a row once per key: a replayed decision keeps the first row untouched', async () => {
        const { store } = await open();
        await store.commit(emptyBatch({ outbox: [outboxRow('k1')] }));
        await store.updateOutbox([{ key: 'k1', status: 'sent', attempts: 1, sentAt: T0 + 1 }]);
        await store.commit(emptyBatch({ outbox: [{ ...outboxRow('k1'), payload: '{"second":true}' }] }));
        expect((await store.allOutbox(10)).map((r) => [r.key, r.payload, r.status, r.attempts])).toEqual([['k1', '{"input":{"subject":"k1"}}', 'sent', 1]]);
      });

      it('returns pending rows whose time has come, by availableAt, then createdAt, then insertion order, up to the limit', async () => {
        const { store } = await open();
        await store.commit(emptyBatch({ outbox: [outboxRow('later', T0 + 5000), outboxRow('c', T0 + 10, T0 + 3), outboxRow('b', T0 + 10, T0 + 2), outboxRow('a', T0, T0 + 9)] }));
        await store.commit(emptyBatch({ outbox: [outboxRow('z', T0 + 20, T0 + 20), outboxRow('y', T0 + 20, T0 + 20)] }));
        expect((await store.pendingOutbox(T0 - 1, 10)).map((r) => r.key)).toEqual([]);
        expect((await store.pendingOutbox(T0 + 10, 10)).map((r) => r.key)).toEqual(['a', 'b', 'c']);
        expect((await store.pendingOutbox(T0 + 20, 10)).map((r) => r.key)).toEqual(['a', 'b', 'c', 'z', 'y']);
        expect((await store.pendingOutbox(T0 + 10, 2)).map((r) => r.key)).toEqual(['a', 'b']);
        expect(await store.pendingOutbox(T0, 1)).toEqual([
          { key: 'a', profileId: 'p1', actionId: 'demo-task', destination: 'hubspot.createTask', channel: 'task', payload: '{"input":{"subject":"a"}}', availableAt: T0, status: 'pending', attempts: 0, createdAt: T0 + 9 },
        ]);
      });

      it('records a retry and a success, keeping the fields an update leaves out', async () => {
        const { store } = await open();
        await store.commit(emptyBatch({ outbox: [outboxRow('k')] }));
        await store.updateOutbox([{ key: 'k', status: 'pending', attempts: 1, availableAt: T0 + 30_000, lastError: 'transient: 503' }]);
        expect(await store.pendingOutbox(T0 + 29_999, 10)).toEqual([]);
        const [due] = await store.pendingOutbox(T0 + 30_000, 10);
        expect(due).toMatchObject({ key: 'k', status: 'pending', attempts: 1, availableAt: T0 + 30_000, lastError: 'transient: 503' });
        await store.updateOutbox([{ key: 'k', status: 'sent', attempts: 2, sentAt: T0 + 30_001, result: '{"ref":"task-9"}' }, { key: 'unknown', status: 'dead', attempts: 1 }]);
        expect(await store.outboxForProfile('p1', 10)).toEqual([
          { ...outboxRow('k'), availableAt: T0 + 30_000, status: 'sent', attempts: 2, lastError: 'transient: 503', sentAt: T0 + 30_001, result: '{"ref":"task-9"}' },
        ]);
        expect(await store.pendingOutbox(T0 + 60_000, 10)).toEqual([]);
        expect(await store.listDeadLetters(10)).toEqual([]);
      });

      it('lists a profile’s rows newest first and all rows oldest first, ties in insertion order', async () => {
        const { store } = await open();
        await store.commit(emptyBatch({ outbox: [outboxRow('x1', T0, T0 + 1, 'px'), outboxRow('y', T0, T0 + 2, 'py'), outboxRow('x2', T0, T0 + 3, 'px'), outboxRow('x0', T0, T0, 'px'), outboxRow('w', T0, T0 + 3, 'px')] }));
        expect((await store.outboxForProfile('px', 10)).map((r) => r.key)).toEqual(['w', 'x2', 'x1', 'x0']);
        expect((await store.outboxForProfile('px', 2)).map((r) => r.key)).toEqual(['w', 'x2']);
        expect((await store.allOutbox(10)).map((r) => r.key)).toEqual(['x0', 'x1', 'y', 'x2', 'w']);
      });
    });

    describe('dead letters', () => {
      it('dead-letters an outbox row that gave up; a retry puts it back to pending with attempts reset', async () => {
        const { store } = await open();
        await store.commit(emptyBatch({ outbox: [outboxRow('k')] }));
        await store.updateOutbox([{ key: 'k', status: 'dead', attempts: 8, lastError: 'gave up after 8 attempts', at: T0 + 500 }]);
        expect(await store.pendingOutbox(T0 + 10_000, 10)).toEqual([]);
        const letters = await store.listDeadLetters(10);
        expect(letters.map(({ id: _id, ...rest }) => rest)).toEqual([{ kind: 'outbox', ref: 'k', error: 'gave up after 8 attempts', payload: '{"input":{"subject":"k"}}', at: T0 + 500, destination: 'hubspot.createTask' }]);
        const id = letters[0]?.id ?? -1;
        expect(await store.retryDeadLetter(id, T0 + 1000)).toBe(true);
        expect(await store.retryDeadLetter(id, T0 + 1000)).toBe(false);
        expect(await store.pendingOutbox(T0 + 1000, 10)).toMatchObject([{ key: 'k', status: 'pending', attempts: 0, availableAt: T0 + 1000, lastError: 'gave up after 8 attempts' }]);
        expect(await store.listDeadLetters(10)).toEqual([]);
      });

      it('names the destination of outbox letters, lists those of one action or one connector, and counts them per destination', async () => {
        const { store } = await open();
        const email = { ...outboxRow('e'), actionId: 'nudge', destination: 'hubspot.sendEmail', channel: 'email' };
        const track = { ...outboxRow('s'), actionId: 'signal', destination: 'segment.track', channel: 'audience' };
        await store.commit(emptyBatch({ outbox: [outboxRow('t'), email, track] }));
        await store.updateOutbox(['t', 'e', 's'].map((key, i) => ({ key, status: 'dead' as const, attempts: 1, lastError: `auth: refused ${key}`, at: T0 + i })));
        await store.commit(emptyBatch({ deadLetters: [{ kind: 'inbox', ref: 'segment/m1', error: 'boom', payload: '{}', at: T0 + 9 }] }));
        expect((await store.listDeadLetters(10)).map((l) => [l.ref, l.destination])).toEqual([
          ['t', 'hubspot.createTask'],
          ['e', 'hubspot.sendEmail'],
          ['s', 'segment.track'],
          ['segment/m1', undefined],
        ]);
        expect((await store.listDeadLetters(10, { destination: 'hubspot' })).map((l) => l.ref)).toEqual(['t', 'e']);
        expect((await store.listDeadLetters(1, { destination: 'hubspot' })).map((l) => l.ref)).toEqual(['t']);
        expect((await store.listDeadLetters(10, { destination: 'hubspot.sendEmail' })).map((l) => l.ref)).toEqual(['e']);
        expect(await store.listDeadLetters(10, { destination: 'hub' })).toEqual([]);
        expect(await store.deadLettersByDestination()).toEqual({ 'hubspot.createTask': 1, 'hubspot.sendEmail': 1, 'segment.track': 1 });
      });

      it('lists letters oldest first up to the limit, and retries an inbox letter under a new message id', async () => {
        const { store } = await open();
        await store.appendInbox([msg('segment', 'm9')]);
        await store.commit(emptyBatch({
          ackedThroughSeq: (await store.readInbox(0, 1))[0]?.seq ?? -1,
          deadLetters: [
            { kind: 'inbox', ref: 'segment/m9', error: 'boom', payload: '{"x":1}', at: T0 },
            { kind: 'inbox', ref: 'hubspot/e/7', error: 'bang', payload: '{"x":2}', at: T0 + 1 },
          ],
        }));
        const letters = await store.listDeadLetters(10);
        expect(letters.map((l) => [l.kind, l.ref, l.error, l.payload, l.at])).toEqual([
          ['inbox', 'segment/m9', 'boom', '{"x":1}', T0],
          ['inbox', 'hubspot/e/7', 'bang', '{"x":2}', T0 + 1],
        ]);
        expect((await store.listDeadLetters(1)).map((l) => l.ref)).toEqual(['segment/m9']);
        const [first, second] = letters;
        expect(await store.retryDeadLetter(first?.id ?? -1, T0 + 100)).toBe(true);
        expect(await store.retryDeadLetter(second?.id ?? -1, T0 + 200)).toBe(true);
        expect(await store.retryDeadLetter(first?.id ?? -1, T0 + 300)).toBe(false);
        expect((await store.readInbox(await store.inboxCursor(), 10)).map((r) => [r.source, r.messageId, r.receivedAt, r.payload])).toEqual([
          ['segment', `m9#retry-${first?.id}`, T0 + 100, '{"x":1}'],
          ['hubspot', `e/7#retry-${second?.id}`, T0 + 200, '{"x":2}'],
        ]);
        expect((await store.stats()).deadLetters).toBe(0);
      });

      it('does not know a letter that was never written', async () => {
        const { store } = await open();
        expect(await store.retryDeadLetter(12345, T0)).toBe(false);
      });
    });

    describe('cursors, decisions, journey stats, stats', () => {
      it('keeps named cursors, apart from the inbox cursor whatever their name', async () => {
        const { store } = await open();
        expect(await store.getCursor('hubspot:contacts')).toBeUndefined();
        await store.setCursor('hubspot:contacts', '2026-03-01T00:00:00Z');
        await store.setCursor('hubspot:contacts', '2026-03-02T00:00:00Z');
        await store.setCursor('inbox', '999');
        expect(await store.getCursor('hubspot:contacts')).toBe('2026-03-02T00:00:00Z');
        expect(await store.getCursor('inbox')).toBe('999');
        expect(await store.inboxCursor()).toBe(0);
      });

      it('moves a cursor together with the inbox page it was read with, even when every message is a duplicate', async () => {
        const { store } = await open();
        const page = [{ source: 'hubspot', messageId: 'c1@1', receivedAt: T0, payload: '{}' }];
        await store.appendInbox(page, { cursor: { name: 'sync:hubspot:contacts', value: 'after-1' } });
        expect(await store.getCursor('sync:hubspot:contacts')).toBe('after-1');
        const again = await store.appendInbox(page, { cursor: { name: 'sync:hubspot:contacts', value: 'after-2' } });
        expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
        expect(await store.getCursor('sync:hubspot:contacts')).toBe('after-2');
        expect(await store.readInbox(0, 10)).toHaveLength(1);
      });

      it('records an outcome once per action and kind, and counts sends and outcomes per action', async () => {
        const { store } = await open();
        await store.commit(emptyBatch({ outbox: [outboxRow('k1'), outboxRow('k2'), { ...outboxRow('k3'), actionId: 'other' }] }));
        await store.updateOutbox([{ key: 'k1', status: 'sent', attempts: 1, sentAt: T0 }, { key: 'k2', status: 'dead', attempts: 8, lastError: 'auth: revoked' }]);
        const completed = { actionKey: 'k1', outcome: 'completed', profileId: 'p1', ref: 'task-9', source: 'hubspot', at: T0 + 60_000 };
        await store.commit(emptyBatch({ outcomes: [completed] }));
        await store.commit(emptyBatch({ outcomes: [{ ...completed, at: T0 + 99_000, ref: 'again' }] }));
        await store.commit(emptyBatch({ outcomes: [{ actionKey: 'k1', outcome: 'clicked', profileId: 'p1', source: 'hubspot', at: T0 + 70_000 }] }));
        expect(await store.outcomesFor(['k1', 'k2', 'unknown'])).toEqual([completed, { actionKey: 'k1', outcome: 'clicked', profileId: 'p1', source: 'hubspot', at: T0 + 70_000 }]);
        expect(await store.outcomesFor([])).toEqual([]);
        expect(await store.actionStats()).toEqual([
          { actionId: 'demo-task', pending: 0, sent: 1, dead: 1, outcomes: { completed: 1, clicked: 1 } },
          { actionId: 'other', pending: 1, sent: 0, dead: 0, outcomes: {} },
        ]);
      });

      it('records a decision once per id and lists a profile’s newest first', async () => {
        const { store } = await open();
        await store.commit(emptyBatch({ decisions: [{ id: 'd1', profileId: 'p1', at: T0, payload: '{"n":1}' }, { id: 'd2', profileId: 'p1', at: T0 + 5, payload: '{"n":2}' }, { id: 'd3', profileId: 'p2', at: T0, payload: '{}' }] }));
        await store.commit(emptyBatch({ decisions: [{ id: 'd1', profileId: 'p1', at: T0, payload: '{"n":"replayed"}' }] }));
        expect(await store.decisionsForProfile('p1', 10)).toEqual([
          { id: 'd2', at: T0 + 5, payload: '{"n":2}' },
          { id: 'd1', at: T0, payload: '{"n":1}' },
        ]);
        expect((await store.decisionsForProfile('p1', 1)).map((d) => d.id)).toEqual(['d2']);
      });

      it('counts journey events per journey, version, step and kind, summed across commits', async () => {
        const { store } = await open();
        const ev = (kind: string, stepId?: string, version = 1) => ({ profileId: 'p1', journeyId: 'j', version, enrollmentId: 'e', kind, at: T0, ...(stepId ? { stepId } : {}) });
        await store.commit(emptyBatch({ journeyEvents: [ev('entered'), ev('step', 'a'), ev('step', 'a'), ev('step', 'b'), ev('converted')] }));
        await store.commit(emptyBatch({ journeyEvents: [ev('entered'), ev('step', 'a'), ev('entered', undefined, 2)] }));
        expect(await store.journeyStats()).toEqual([
          { journeyId: 'j', version: 1, kind: 'converted', count: 1 },
          { journeyId: 'j', version: 1, kind: 'entered', count: 2 },
          { journeyId: 'j', version: 1, stepId: 'a', kind: 'step', count: 3 },
          { journeyId: 'j', version: 1, stepId: 'b', kind: 'step', count: 1 },
          { journeyId: 'j', version: 2, kind: 'entered', count: 1 },
        ]);
      });

      it('adds the step deltas of each commit to the counts of enrollments on each step, leaving out steps with none', async () => {
        const { store } = await open();
        const move = (stepId: string, delta: number, version = 1) => ({ journeyId: 'j', version, stepId, delta });
        await store.commit(emptyBatch({ journeyStepDeltas: [move('a', 2), move('a', 1, 2)] }));
        await store.commit(emptyBatch({ journeyStepDeltas: [move('a', -1), move('b', 1), move('a', -1, 2)] }));
        await store.commit(emptyBatch());
        expect(await store.journeyStepCounts()).toEqual([
          { journeyId: 'j', version: 1, stepId: 'a', count: 1 },
          { journeyId: 'j', version: 1, stepId: 'b', count: 1 },
        ]);
      });

      it('counts pending inbox rows, pending outbox rows, dead letters and profiles', async () => {
        const { store } = await open();
        expect(await store.stats()).toEqual({ inboxPending: 0, outboxPending: 0, deadLetters: 0, profiles: 0 });
        await store.appendInbox([msg('s', 'a'), msg('s', 'b'), msg('s', 'c')]);
        await store.commit(emptyBatch({
          ackedThroughSeq: (await store.readInbox(0, 1))[0]?.seq ?? -1,
          profiles: [emptyProfile('p1', T0), emptyProfile('p2', T0)],
          outbox: [outboxRow('k1'), outboxRow('k2', T0 + 86_400_000), outboxRow('k3')],
          deadLetters: [{ kind: 'inbox', ref: 's/z', error: 'e', payload: '{}', at: T0 }],
        }));
        await store.updateOutbox([{ key: 'k3', status: 'sent', attempts: 1, sentAt: T0 }]);
        expect(await store.stats()).toEqual({ inboxPending: 2, outboxPending: 2, deadLetters: 1, profiles: 2 });
      });
    });

    describe('pruning', () => {
      it('prunes only rows both acknowledged and received before the window; a row inside it still dedupes', async () => {
        const { store } = await open();
        await store.appendInbox([msg('s', 'old-acked', T0), msg('s', 'new-acked', T0 + 10_000), msg('s', 'old-unacked', T0)]);
        const rows = await store.readInbox(0, 10);
        await store.commit(emptyBatch({ ackedThroughSeq: rows[1]?.seq ?? -1 }));
        expect(await store.pruneInbox(T0 + 5000)).toBe(1);
        expect((await store.readInbox(0, 10)).map((r) => r.messageId)).toEqual(['new-acked', 'old-unacked']);
        expect(await store.appendInbox([msg('s', 'new-acked'), msg('s', 'old-unacked')])).toMatchObject({ accepted: 0, duplicates: 2 });
        // Outside the window the dedupe key went with the row: a re-delivery is a new message.
        expect(await store.appendInbox([msg('s', 'old-acked')])).toMatchObject({ accepted: 1, duplicates: 0 });
        expect(await store.pruneInbox(T0 + 60_000)).toBe(1);
      });

      it('with a limit, looks only at that many of the oldest rows, and stops behind a row still inside the window', async () => {
        const { store } = await open();
        await store.appendInbox([msg('s', 'a'), msg('s', 'b'), msg('s', 'c'), msg('s', 'young', T0 + 10_000), msg('s', 'd'), msg('s', 'unacked')]);
        const rows = await store.readInbox(0, 10);
        await store.commit(emptyBatch({ ackedThroughSeq: rows[4]?.seq ?? -1 }));
        expect(await store.pruneInbox(T0 + 5000, 2)).toBe(2);
        expect(await store.pruneInbox(T0 + 5000, 2)).toBe(1);
        // 'young' is the oldest row now: with a window of one, 'd' behind it is kept.
        expect(await store.pruneInbox(T0 + 5000, 1)).toBe(0);
        expect((await store.readInbox(0, 10)).map((r) => r.messageId)).toEqual(['young', 'd', 'unacked']);
        // Within the window each row is judged on its own.
        expect(await store.pruneInbox(T0 + 5000, 10)).toBe(1);
        expect(await store.pruneInbox(T0 + 60_000, 10)).toBe(1);
        expect((await store.readInbox(0, 10)).map((r) => r.messageId)).toEqual(['unacked']);
      });

      it('never reuses a seq after the newest rows were pruned, even across a restart', async () => {
        const { store, reopen } = await open();
        await store.appendInbox([msg('s', 'a'), msg('s', 'b')]);
        const last = (await store.readInbox(0, 10))[1]?.seq ?? -1;
        await store.commit(emptyBatch({ ackedThroughSeq: last }));
        expect(await store.pruneInbox(T0 + 1)).toBe(2);
        await store.close();
        const again = await reopen();
        await again.appendInbox([msg('s', 'c')]);
        const [next] = await again.readInbox(await again.inboxCursor(), 10);
        expect(next?.messageId).toBe('c');
        expect(next?.seq).toBeGreaterThan(last);
      });
    });

    describe('durability', () => {
      it('keeps inbox, cursors, profiles, identities, timers, outbox and dead letters across close and reopen', async () => {
        const { store, reopen } = await open();
        await store.appendInbox([msg('s', 'a'), msg('s', 'b')]);
        const [first] = await store.readInbox(0, 1);
        await store.commit(emptyBatch({
          ackedThroughSeq: first?.seq ?? -1,
          profiles: [richProfile('p1')],
          identities: [{ key: 'userId:u1', profileId: 'p1' }],
          timersToAdd: [timer('t', T0 + 1000)],
          outbox: [outboxRow('k')],
          decisions: [{ id: 'd', profileId: 'p1', at: T0, payload: '{}' }],
          journeyEvents: [{ profileId: 'p1', journeyId: 'j', version: 1, enrollmentId: 'e', kind: 'entered', at: T0 }],
          deadLetters: [{ kind: 'inbox', ref: 's/x', error: 'boom', payload: '{}', at: T0 }],
        }));
        await store.setCursor('hubspot:contacts', 'c1');
        await store.close();

        const again = await reopen();
        expect(await again.inboxCursor()).toBe(first?.seq);
        expect((await again.readInbox(await again.inboxCursor(), 10)).map((r) => r.messageId)).toEqual(['b']);
        expect(await again.appendInbox([msg('s', 'a')])).toMatchObject({ accepted: 0, duplicates: 1 });
        expect(await again.getCursor('hubspot:contacts')).toBe('c1');
        expect(await again.getProfile('p1')).toEqual(richProfile('p1'));
        expect(await again.profileIdsFor(['userId:u1'])).toEqual(new Map([['userId:u1', 'p1']]));
        expect(await again.nextTimerDueAt()).toBe(T0 + 1000);
        expect((await again.pendingOutbox(T0, 10)).map((r) => r.key)).toEqual(['k']);
        expect((await again.decisionsForProfile('p1', 10)).map((d) => d.id)).toEqual(['d']);
        expect(await again.journeyStats()).toEqual([{ journeyId: 'j', version: 1, kind: 'entered', count: 1 }]);
        expect((await again.listDeadLetters(10)).map((l) => l.ref)).toEqual(['s/x']);
      });
    });
  });
}
