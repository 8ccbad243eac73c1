import { describe, expect, it } from 'vitest';
import { emptyProfile } from '../../../src/core/profiles/profile.ts';
import type { CommitBatch, Store } from '../../../src/runtime/store/store.ts';

const T0 = Date.parse('2026-03-02T15:00:00Z');

export function emptyBatch(over: Partial<CommitBatch> = {}): CommitBatch {
  return { profiles: [], deletedProfileIds: [], identities: [], timersToAdd: [], timerIdsToCancel: [], outbox: [], decisions: [], journeyEvents: [], deadLetters: [], audit: [], ...over };
}

const msg = (source: string, messageId: string) => ({ source, messageId, receivedAt: T0, payload: JSON.stringify({ messageId }) });
const outboxRow = (key: string, availableAt = T0) => ({ key, profileId: 'p1', actionId: 'a', destination: 'log.record', channel: 'task', payload: '{}', availableAt, createdAt: T0 });

/**
 * The behaviour every Store must have. `open` returns a fresh, migrated store; `reopen` (for
 * durable stores) opens the same database again after `close`.
 */
export function describeStoreContract(name: string, open: () => Promise<{ store: Store; reopen?: () => Promise<Store> }>): void {
  describe(`${name} store contract`, () => {
    it('deduplicates the inbox on (source, messageId), and the same id from two sources is two messages', async () => {
      const { store } = await open();
      expect(await store.appendInbox([msg('segment', 'm1'), msg('rudderstack', 'm1')])).toEqual({ accepted: 2, duplicates: 0, duplicateIds: [] });
      expect(await store.appendInbox([msg('segment', 'm1'), msg('segment', 'm2')])).toEqual({ accepted: 1, duplicates: 1, duplicateIds: ['m1'] });
      expect((await store.readInbox(0, 10)).map((r) => `${r.source}/${r.messageId}`)).toEqual(['segment/m1', 'rudderstack/m1', 'segment/m2']);
      await store.close();
    });

    it('reads the inbox after a cursor, in order, and keeps the cursor in the commit', async () => {
      const { store } = await open();
      await store.appendInbox([msg('s', 'a'), msg('s', 'b'), msg('s', 'c')]);
      const rows = await store.readInbox(0, 2);
      expect(rows.map((r) => r.messageId)).toEqual(['a', 'b']);
      await store.commit(emptyBatch({ ackedThroughSeq: rows[1]?.seq ?? 0 }));
      expect(await store.inboxCursor()).toBe(rows[1]?.seq);
      expect((await store.readInbox(await store.inboxCursor(), 10)).map((r) => r.messageId)).toEqual(['c']);
      expect((await store.stats()).inboxPending).toBe(1);
      await store.close();
    });

    it('commits profiles, identities, timers, outbox and decisions atomically: a failing batch leaves nothing', async () => {
      const { store } = await open();
      const profile = emptyProfile('p1', T0);
      await store.commit(emptyBatch({ profiles: [profile], identities: [{ key: 'userId:u1', profileId: 'p1' }] }));
      const broken = emptyBatch({
        profiles: [{ ...profile, eventCount: 99 }],
        identities: [{ key: 'userId:u2', profileId: 'p1' }],
        outbox: [outboxRow('k1')],
        decisions: [{ id: 'd1', profileId: 'p1', at: T0, payload: '{}' }],
        // A missing journey id violates NOT NULL after everything else was written: all must roll back.
        journeyEvents: [{ profileId: 'p1', journeyId: null as unknown as string, version: 1, enrollmentId: 'e', kind: 'entered', at: T0 }],
      });
      await expect(store.commit(broken)).rejects.toThrow();
      expect((await store.getProfile('p1'))?.eventCount).toBe(0);
      expect(await store.profileIdsFor(['userId:u1', 'userId:u2'])).toEqual(new Map([['userId:u1', 'p1']]));
      expect(await store.allOutbox(10)).toEqual([]);
      expect(await store.decisionsForProfile('p1', 10)).toEqual([]);
      await store.close();
    });

    it('inserts an outbox row once per key, whatever the retries', async () => {
      const { store } = await open();
      await store.commit(emptyBatch({ outbox: [outboxRow('k1')] }));
      await store.commit(emptyBatch({ outbox: [{ ...outboxRow('k1'), payload: '{"second":true}' }] }));
      const rows = await store.allOutbox(10);
      expect(rows.map((r) => [r.key, r.payload, r.status, r.attempts])).toEqual([['k1', '{}', 'pending', 0]]);
      await store.close();
    });

    it('returns pending outbox rows whose time has come, oldest first, and records updates', async () => {
      const { store } = await open();
      await store.commit(emptyBatch({ outbox: [outboxRow('late', T0 + 5000), outboxRow('b', T0 + 10), outboxRow('a', T0)] }));
      expect((await store.pendingOutbox(T0 + 10, 10)).map((r) => r.key)).toEqual(['a', 'b']);
      await store.updateOutbox([{ key: 'a', status: 'sent', attempts: 1, sentAt: T0 + 11, result: '{"ref":"x"}' }]);
      expect((await store.pendingOutbox(T0 + 10_000, 10)).map((r) => r.key)).toEqual(['b', 'late']);
      expect((await store.outboxForProfile('p1', 10)).find((r) => r.key === 'a')).toMatchObject({ status: 'sent', attempts: 1, sentAt: T0 + 11, result: '{"ref":"x"}' });
      await store.close();
    });

    it('fires a due timer into the inbox once, even when asked twice', async () => {
      const { store } = await open();
      await store.commit(emptyBatch({ timersToAdd: [{ id: 't1', profileId: 'p1', enrollmentId: 'e1', dueAt: T0 }, { id: 't2', profileId: 'p1', enrollmentId: 'e1', dueAt: T0 + 1000 }] }));
      expect(await store.nextTimerDueAt()).toBe(T0);
      expect(await store.fireDueTimers(T0, 10)).toBe(1);
      expect(await store.fireDueTimers(T0, 10)).toBe(0);
      const rows = await store.readInbox(0, 10);
      expect(rows.map((r) => [r.source, r.messageId, JSON.parse(r.payload)])).toEqual([['timer', 't1', { timerId: 't1', profileId: 'p1', enrollmentId: 'e1', dueAt: T0 }]]);
      expect(await store.nextTimerDueAt()).toBe(T0 + 1000);
      await store.close();
    });

    it('cancels timers and re-points a merged profile\'s timers to the survivor', async () => {
      const { store } = await open();
      await store.commit(emptyBatch({ timersToAdd: [{ id: 't1', profileId: 'old', enrollmentId: 'e1', dueAt: T0 }, { id: 't2', profileId: 'old', enrollmentId: 'e2', dueAt: T0 }] }));
      await store.commit(emptyBatch({ timerIdsToCancel: ['t2'], identities: [{ key: 'profile:old', profileId: 'new' }] }));
      await store.fireDueTimers(T0, 10);
      expect((await store.readInbox(0, 10)).map((r) => JSON.parse(r.payload) as { profileId: string; timerId: string })).toEqual([{ timerId: 't1', profileId: 'new', enrollmentId: 'e1', dueAt: T0 }]);
      await store.close();
    });

    it('looks identities up, re-points them, and deletes absorbed profiles', async () => {
      const { store } = await open();
      await store.commit(emptyBatch({ profiles: [emptyProfile('p1', T0), emptyProfile('p2', T0)], identities: [{ key: 'email:a@b.io', profileId: 'p2' }] }));
      await store.commit(emptyBatch({ deletedProfileIds: ['p2'], identities: [{ key: 'email:a@b.io', profileId: 'p1' }] }));
      expect(await store.profileIdsFor(['email:a@b.io', 'email:none'])).toEqual(new Map([['email:a@b.io', 'p1']]));
      expect([...(await store.getProfiles(['p1', 'p2'])).keys()]).toEqual(['p1']);
      expect((await store.stats()).profiles).toBe(1);
      await store.close();
    });

    it('lists dead letters and retries an inbox letter under a new dedupe key', async () => {
      const { store } = await open();
      await store.commit(emptyBatch({ deadLetters: [{ kind: 'inbox', ref: 'segment/m9', error: 'boom', payload: '{"x":1}', at: T0 }] }));
      const [letter] = await store.listDeadLetters(10);
      expect(letter).toMatchObject({ kind: 'inbox', ref: 'segment/m9', error: 'boom', payload: '{"x":1}', at: T0 });
      expect(await store.retryDeadLetter(letter?.id ?? -1)).toBe(true);
      expect(await store.retryDeadLetter(letter?.id ?? -1)).toBe(false);
      expect((await store.readInbox(0, 10)).map((r) => [r.source, r.messageId, r.payload])).toEqual([['segment', `m9#retry-${letter?.id}`, '{"x":1}']]);
      await store.close();
    });

    it('keeps named cursors', async () => {
      const { store } = await open();
      expect(await store.getCursor('hubspot:contacts')).toBeUndefined();
      await store.setCursor('hubspot:contacts', '2026-03-01T00:00:00Z');
      await store.setCursor('hubspot:contacts', '2026-03-02T00:00:00Z');
      expect(await store.getCursor('hubspot:contacts')).toBe('2026-03-02T00:00:00Z');
      await store.close();
    });

    it('aggregates journey events per journey, version, step and kind', async () => {
      const { store } = await open();
      const ev = (kind: string, stepId?: string) => ({ profileId: 'p1', journeyId: 'j', version: 1, enrollmentId: 'e', kind, at: T0, ...(stepId ? { stepId } : {}) });
      await store.commit(emptyBatch({ journeyEvents: [ev('entered'), ev('step', 'a'), ev('step', 'a'), ev('step', 'b'), ev('converted')] }));
      expect(await store.journeyStats()).toEqual([
        { journeyId: 'j', version: 1, kind: 'converted', count: 1 },
        { journeyId: 'j', version: 1, kind: 'entered', count: 1 },
        { journeyId: 'j', version: 1, stepId: 'a', kind: 'step', count: 2 },
        { journeyId: 'j', version: 1, stepId: 'b', kind: 'step', count: 1 },
      ]);
      await store.close();
    });

    it('prunes applied inbox rows only', async () => {
      const { store } = await open();
      await store.appendInbox([msg('s', 'a'), msg('s', 'b')]);
      const [first] = await store.readInbox(0, 1);
      await store.commit(emptyBatch({ ackedThroughSeq: first?.seq ?? 0 }));
      expect(await store.pruneInbox(T0 + 1)).toBe(1);
      expect((await store.readInbox(0, 10)).map((r) => r.messageId)).toEqual(['b']);
      await store.close();
    });

    it('keeps everything across close and reopen', async () => {
      const { store, reopen } = await open();
      if (!reopen) return;
      await store.appendInbox([msg('s', 'a')]);
      await store.commit(emptyBatch({ ackedThroughSeq: 1, profiles: [emptyProfile('p1', T0)], identities: [{ key: 'userId:u1', profileId: 'p1' }], timersToAdd: [{ id: 't', profileId: 'p1', enrollmentId: 'e', dueAt: T0 }], outbox: [outboxRow('k')] }));
      await store.close();
      const again = await reopen();
      expect(await again.inboxCursor()).toBe(1);
      expect((await again.getProfile('p1'))?.id).toBe('p1');
      expect(await again.profileIdsFor(['userId:u1'])).toEqual(new Map([['userId:u1', 'p1']]));
      expect(await again.nextTimerDueAt()).toBe(T0);
      expect((await again.pendingOutbox(T0, 10)).map((r) => r.key)).toEqual(['k']);
      expect(await again.appendInbox([msg('s', 'a')])).toMatchObject({ duplicates: 1 });
      await again.close();
    });
  });
}
