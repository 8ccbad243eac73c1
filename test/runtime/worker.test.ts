import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compileManifest } from '../../src/core/engine/compile-manifest.ts';
import { Manifest } from '../../src/manifest/schema/manifest.ts';
import { openStore } from '../../src/runtime/store/open-store.ts';
import { Worker } from '../../src/runtime/worker/worker.ts';
import { RUNTIME_MANIFEST, tempDb } from '../helpers/runtime-fixtures.ts';

const T0 = Date.parse('2026-03-02T15:00:00Z');
/** An inbox row of a Segment message with the given fields, at T0. */
const message = (id: string, body: object) => ({ source: 'segment', messageId: id, receivedAt: T0, payload: JSON.stringify({ messageId: id, timestamp: T0, receivedAt: T0, source: 'segment', ...body }) });
const event = (id: string, userId: string) =>
  JSON.stringify({ messageId: id, type: 'track', event: 'Signed Up', userId, timestamp: T0, receivedAt: T0, source: 'segment' });

describe('worker', () => {
  it('dead-letters a poison message with its error and applies the rest of the batch', async () => {
    const url = tempDb();
    const store = await openStore(url);
    await store.migrate();
    await store.appendInbox([
      { source: 'segment', messageId: 'good-1', receivedAt: T0, payload: event('good-1', 'u1') },
      { source: 'segment', messageId: 'poison', receivedAt: T0, payload: '{"type": "track", "userId": ' },
      { source: 'segment', messageId: 'good-2', receivedAt: T0, payload: event('good-2', 'u2') },
    ]);
    const worker = new Worker({ store, compiled: compileManifest(Manifest.parse(RUNTIME_MANIFEST)), now: () => T0 });
    expect(await worker.runOnce()).toBe(3);
    expect(await worker.runOnce()).toBe(0);
    expect((await store.profileIdsFor(['userId:u1', 'userId:u2'])).size).toBe(2);
    expect((await store.allOutbox(10)).map((r) => r.actionId)).toEqual(['welcome-email', 'welcome-email']);
    const letters = await store.listDeadLetters(10);
    expect(letters.map((l) => [l.kind, l.ref])).toEqual([['inbox', 'segment/poison']]);
    expect(letters[0]?.error).toMatch(/^unreadable payload: /);
    await store.close();

    const list = execFileSync(process.execPath, ['bin/pathwise.js', 'deadletters', 'list', '--db', url], { encoding: 'utf8' });
    expect(list).toMatch(/^1\tinbox\t2026-03-02T15:00:00.000Z\tsegment\/poison\tunreadable payload: /);
    const retry = execFileSync(process.execPath, ['bin/pathwise.js', 'deadletters', 'retry', '1', '--db', url], { encoding: 'utf8' });
    expect(retry).toBe('1: queued again\n');
    const reopened = await openStore(url);
    await reopened.migrate();
    expect(await reopened.listDeadLetters(10)).toEqual([]);
    expect((await reopened.readInbox(3, 10)).map((r) => r.messageId)).toEqual(['poison#retry-1']);
    await reopened.close();
  });

  it('counts enrollments on each step now: two waiting, one after their profiles merge, none once the timer moves it on to the end', async () => {
    const store = await openStore(tempDb());
    await store.migrate();
    const worker = new Worker({ store, compiled: compileManifest(Manifest.parse(RUNTIME_MANIFEST)), now: () => T0 });
    await store.appendInbox([
      message('w1', { type: 'track', event: 'Webinar Attended', anonymousId: 'a1' }),
      message('w2', { type: 'track', event: 'Webinar Attended', userId: 'u1' }),
    ]);
    await worker.runOnce();
    expect(await store.journeyStepCounts()).toEqual([{ journeyId: 'webinar', version: 1, stepId: 'wait', count: 2 }]);

    await store.appendInbox([message('link', { type: 'identify', anonymousId: 'a1', userId: 'u1' })]);
    await worker.runOnce();
    expect((await store.stats()).profiles).toBe(1);
    expect(await store.journeyStepCounts()).toEqual([{ journeyId: 'webinar', version: 1, stepId: 'wait', count: 1 }]);

    expect(await store.fireDueTimers(T0 + 86_400_000, 10)).toBe(1);
    await worker.runOnce();
    expect((await store.allOutbox(10)).map((r) => r.actionId)).toEqual(['demo-task']);
    expect(await store.journeyStepCounts()).toEqual([]);
    await store.close();
  });

  it('fires a waiting timer for the survivor when its enrollment moved in a merge', async () => {
    const store = await openStore(tempDb());
    await store.migrate();
    let now = T0 - 60_000;
    const worker = new Worker({ store, compiled: compileManifest(Manifest.parse(RUNTIME_MANIFEST)), now: () => now });
    // The user's profile is older, so it survives; the anonymous one is waiting in the webinar journey.
    await store.appendInbox([message('known', { type: 'identify', userId: 'u1', traits: { plan: 'pro' } })]);
    await worker.runOnce();
    now = T0;
    await store.appendInbox([message('w1', { type: 'track', event: 'Webinar Attended', anonymousId: 'a1' })]);
    await worker.runOnce();
    await store.appendInbox([message('link', { type: 'identify', anonymousId: 'a1', userId: 'u1' })]);
    await worker.runOnce();
    const survivor = (await store.profileIdsFor(['userId:u1'])).get('userId:u1');
    expect((await store.stats()).profiles).toBe(1);

    const cursor = await store.inboxCursor();
    expect(await store.fireDueTimers(T0 + 86_400_000, 10)).toBe(1);
    const [fired] = await store.readInbox(cursor, 10);
    expect((JSON.parse(fired?.payload ?? '{}') as { profileId?: string }).profileId).toBe(survivor);
    await worker.runOnce();
    expect((await store.allOutbox(10)).map((r) => [r.actionId, r.profileId])).toEqual([['demo-task', survivor]]);
    await store.close();
  });

  it('resumes from the committed cursor after a restart and never applies a row twice', async () => {
    const url = tempDb();
    const compiled = compileManifest(Manifest.parse(RUNTIME_MANIFEST));
    const first = await openStore(url);
    await first.migrate();
    await first.appendInbox([1, 2, 3].map((i) => ({ source: 'segment', messageId: `m${i}`, receivedAt: T0, payload: event(`m${i}`, 'u1') })));
    await new Worker({ store: first, compiled, now: () => T0, batchSize: 2 }).runOnce();
    await first.close();
    const second = await openStore(url);
    await second.migrate();
    const worker = new Worker({ store: second, compiled, now: () => T0, batchSize: 2 });
    expect(await worker.runOnce()).toBe(1);
    const [id] = (await second.profileIdsFor(['userId:u1'])).values();
    expect((await second.getProfile(id ?? ''))?.eventCount).toBe(3);
    await second.close();
  });

  it('a second worker on the same store is refused when its batch overlaps the other’s commit, then goes on from the other’s cursor and state', async () => {
    const url = tempDb();
    const a = await openStore(url);
    await a.migrate();
    const b = await openStore(url);
    await b.migrate();
    const manifest = compileManifest(Manifest.parse(RUNTIME_MANIFEST));
    const T0 = Date.parse('2026-03-02T15:00:00Z');
    const track = (i: number) => ({ source: 'segment', messageId: `e${i}`, receivedAt: T0, payload: JSON.stringify({ messageId: `e${i}`, type: 'track', event: 'Page Viewed', userId: 'u1', timestamp: T0 + i, receivedAt: T0, source: 'segment' }) });
    const workerA = new Worker({ store: a, compiled: manifest, now: () => T0, batchSize: 2 });
    const workerB = new Worker({ store: b, compiled: manifest, now: () => T0, batchSize: 10 });
    await a.appendInbox([1, 2].map(track));
    expect(await workerB.runOnce()).toBe(2); // B applies e1, e2
    await a.appendInbox([3, 4, 5, 6, 7, 8].map(track));
    expect(await workerA.runOnce()).toBe(2); // A applies e3, e4
    expect(await workerA.runOnce()).toBe(2); // and e5, e6
    // B read e3…e8 after its own old cursor: committing would apply e3…e6 a second time.
    await expect(workerB.runOnce()).rejects.toThrow(/overlaps what another consumer applied/);
    expect(await workerB.runOnce()).toBe(2); // e7, e8 after A's cursor, on A's state
    const [id] = (await a.profileIdsFor(['userId:u1'])).values();
    expect((await a.getProfile(id ?? ''))?.eventCount).toBe(8);
    await a.close();
    await b.close();
  });
});
