import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/runtime/app.ts';
import { ManualClock } from '../../src/runtime/clock/clock.ts';
import { DEFAULT_INBOX_RETENTION_MS, InboxPruner } from '../../src/runtime/inbox-pruner.ts';
import { openStore } from '../../src/runtime/store/open-store.ts';
import type { InboxMessage, Store } from '../../src/runtime/store/store.ts';
import { basic, eventually, startTestApp, tempDb, WRITE_KEY } from '../helpers/runtime-fixtures.ts';
import { emptyBatch } from './store/store-contract.ts';

const T0 = Date.parse('2026-03-02T15:00:00Z');
const DAY = 86_400_000;
const message = (messageId: string, receivedAt: number): InboxMessage => ({ source: 'segment', messageId, receivedAt, payload: '{}' });

let store: Store | undefined;
let app: App | undefined;
afterEach(async () => {
  await store?.close();
  await app?.stop();
  store = app = undefined;
});

async function acknowledgedInbox(messages: InboxMessage[]): Promise<Store> {
  store = await openStore(tempDb());
  await store.migrate();
  await store.appendInbox(messages);
  const rows = await store.readInbox(0, 100);
  await store.commit(emptyBatch({ ackedThroughSeq: rows.at(-1)?.seq ?? 0 }));
  return store;
}

describe('inbox pruner', () => {
  it('keeps applied messages for 7 days by default, recognising a re-delivery as a duplicate until then and as new after', async () => {
    const clock = new ManualClock(T0);
    const inbox = await acknowledgedInbox([message('old', T0), message('newer', T0 + DAY)]);
    const pruner = new InboxPruner(inbox, () => clock.now());

    clock.set(T0 + DEFAULT_INBOX_RETENTION_MS);
    expect(await pruner.runOnce()).toBe(0);
    expect(await inbox.appendInbox([message('old', clock.now())])).toMatchObject({ duplicates: 1 });

    clock.advance(1);
    expect(await pruner.runOnce()).toBe(1);
    expect((await inbox.readInbox(0, 10)).map((r) => r.messageId)).toEqual(['newer']);
    expect(await inbox.appendInbox([message('old', clock.now())])).toMatchObject({ accepted: 1, duplicates: 0 });
  });

  it('works through a backlog a chunk per call', async () => {
    const clock = new ManualClock(T0 + 2 * DAY);
    const inbox = await acknowledgedInbox(['a', 'b', 'c', 'd', 'e'].map((id) => message(id, T0)));
    const pruner = new InboxPruner(inbox, () => clock.now(), DAY, 2);
    const deleted: number[] = [];
    for (let n = await pruner.runOnce(); n > 0; n = await pruner.runOnce()) deleted.push(n);
    expect(deleted).toEqual([2, 2, 1]);
    expect(await inbox.readInbox(0, 10)).toEqual([]);
  });

  it('refuses a retention under 1 ms', async () => {
    store = await openStore('sqlite::memory:');
    const inbox = store;
    expect(() => new InboxPruner(inbox, () => T0, 0)).toThrow('inbox retention must be at least 1 ms, got 0');
  });

  it('runs in serve on a loop of its own, with the configured retention', async () => {
    const started = await startTestApp({ inboxRetentionMs: 60_000, idleMs: { worker: 2, scheduler: 20, dispatcher: 20, pruner: 10 } });
    app = started;
    const res = await fetch(`${started.url}/v1/track`, {
      method: 'POST',
      headers: { authorization: basic(WRITE_KEY), 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'u1', event: 'Signed Up', messageId: 'm1' }),
    });
    expect(res.status).toBe(200);
    await eventually(async () => (await started.store.stats()).inboxPending === 0);
    expect(await started.store.readInbox(0, 10)).toHaveLength(1);
    started.clock.advance(60_001);
    await eventually(async () => (await started.store.readInbox(0, 10)).length === 0);
  });
});
