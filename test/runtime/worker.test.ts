import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compileManifest } from '../../src/core/engine/compile-manifest.ts';
import { Manifest } from '../../src/manifest/schema/manifest.ts';
import { openStore } from '../../src/runtime/store/open-store.ts';
import { Worker } from '../../src/runtime/worker/worker.ts';
import { RUNTIME_MANIFEST, tempDb } from '../helpers/runtime-fixtures.ts';

const T0 = Date.parse('2026-03-02T15:00:00Z');
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
    const message = (id: string, body: object) => ({ source: 'segment', messageId: id, receivedAt: T0, payload: JSON.stringify({ messageId: id, timestamp: T0, receivedAt: T0, source: 'segment', ...body }) });
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
});
