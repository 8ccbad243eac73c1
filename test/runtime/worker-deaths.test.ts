import { describe, expect, it } from 'vitest';
import { compileManifest } from '../../src/core/engine/compile-manifest.ts';
import { Manifest } from '../../src/manifest/schema/manifest.ts';
import { openStore } from '../../src/runtime/store/open-store.ts';
import type { ApplyAttempt, InboxRow, Store } from '../../src/runtime/store/store.ts';
import { Worker } from '../../src/runtime/worker/worker.ts';
import { RUNTIME_MANIFEST, tempDb } from '../helpers/runtime-fixtures.ts';

const T0 = Date.parse('2026-03-02T15:00:00Z');
const signedUp = (id: string, userId: string) => ({
  source: 'segment',
  messageId: id,
  receivedAt: T0,
  payload: JSON.stringify({ messageId: id, type: 'track', event: 'Signed Up', userId, timestamp: T0, receivedAt: T0, source: 'segment' }),
});
const compiled = compileManifest(Manifest.parse(RUNTIME_MANIFEST));

/** The attempts a worker records, in order. */
function recording(store: Store): ApplyAttempt[] {
  const recorded: ApplyAttempt[] = [];
  const record = store.recordApplyAttempt.bind(store);
  store.recordApplyAttempt = async (attempt) => {
    recorded.push(attempt);
    return record(attempt);
  };
  return recorded;
}

async function drain(worker: Worker): Promise<void> {
  while ((await worker.runOnce()) > 0);
}

/**
 * A worker that dies on a row (a crash, or a hang that gets it killed) never commits it: every
 * worker after it would die on the same batch. Here a death is a worker that records its attempt
 * and never commits; the next worker must apply around the row.
 */
describe('worker after a predecessor died on a batch', () => {
  it('applies the rows the dead worker left one at a time, all of them, then full batches again', async () => {
    const store = await openStore(tempDb());
    await store.migrate();
    await store.appendInbox(['u1', 'u2', 'u3', 'u4'].map((u) => signedUp(`m-${u}`, u)));
    const seqs = (await store.readInbox(0, 10)).map((r) => r.seq);
    // The dead worker recorded its batch and never committed.
    await store.recordApplyAttempt({ fromSeq: seqs[0] ?? -1, toSeq: seqs[3] ?? -1, tries: 1 });

    const recorded = recording(store);
    const committed: number[] = [];
    const worker = new Worker({ store, compiled, now: () => T0, onCommitted: (rows) => committed.push(rows.length) });
    await drain(worker);
    expect(committed).toEqual([1, 1, 1, 1]);
    expect(recorded).toEqual(seqs.map((seq) => ({ fromSeq: seq, toSeq: seq, tries: 1 })));
    expect((await store.allOutbox(10)).map((r) => r.actionId)).toEqual(['welcome-email', 'welcome-email', 'welcome-email', 'welcome-email']);
    expect(await store.applyAttempt()).toBeUndefined();

    await store.appendInbox([signedUp('m-u5', 'u5'), signedUp('m-u6', 'u6')]);
    await drain(worker);
    expect(committed).toEqual([1, 1, 1, 1, 2]);
    await store.close();
  });

  it('tries a row a worker died on alone once more, sets it aside after a second death, and applies the rest', async () => {
    const store = await openStore(tempDb());
    await store.migrate();
    await store.appendInbox([signedUp('m-u1', 'u1'), signedUp('m-deadly', 'u2'), signedUp('m-u3', 'u3')]);
    const [, deadly, third] = (await store.readInbox(0, 10)).map((r) => r.seq) as [number, number, number];
    // Row 1 applied; then a worker died on the deadly row, applying it alone.
    await new Worker({ store, compiled, now: () => T0, batchSize: 1 }).runOnce();
    await store.recordApplyAttempt({ fromSeq: deadly, toSeq: deadly, tries: 1 });

    // The next worker tries it alone a second time, recorded as such, and dies too (no commit).
    const recorded = recording(store);
    const commit = store.commit.bind(store);
    store.commit = async () => {
      throw new Error('(the worker died here)');
    };
    await expect(new Worker({ store, compiled, now: () => T0 }).runOnce()).rejects.toThrow('(the worker died here)');
    expect(recorded).toEqual([{ fromSeq: deadly, toSeq: deadly, tries: 2 }]);
    store.commit = commit;

    // The one after sets it aside and applies what follows.
    const setAside: InboxRow[] = [];
    const worker = new Worker({ store, compiled, now: () => T0, onError: (row) => setAside.push(row) });
    await drain(worker);
    expect(setAside.map((r) => r.messageId)).toEqual(['m-deadly']);
    const letters = await store.listDeadLetters(10);
    expect(letters.map((l) => [l.kind, l.ref])).toEqual([['inbox', 'segment/m-deadly']]);
    expect(letters[0]?.error).toMatch(/^set aside: a worker died \(crashed, or hung and was stopped\) applying this message on its own 2 times in a row/);
    expect(await store.inboxCursor()).toBe(third);
    expect([...(await store.profileIdsFor(['userId:u1', 'userId:u2', 'userId:u3'])).keys()].sort()).toEqual(['userId:u1', 'userId:u3']);
    expect(await store.applyAttempt()).toBeUndefined();
    await store.close();
  });
});
