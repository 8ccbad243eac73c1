import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/runtime/app.ts';
import { ManualClock, systemClock } from '../../src/runtime/clock/clock.ts';
import { workerOnThread } from '../../src/runtime/worker/thread/worker-placement.ts';
import type { WorkerHost } from '../../src/runtime/worker/thread/worker-host.ts';
import { openStore } from '../../src/runtime/store/open-store.ts';
import { hasSemiSpaceFlag, WORKER_SEMI_SPACE_FLAG } from '../../src/runtime/worker/young-generation.ts';
import { basic, eventually, startTestApp, startThreadedApp, tempDb, WRITE_KEY } from '../helpers/runtime-fixtures.ts';

let app: App | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

function batchOf(prefix: string, users: number): unknown {
  const batch: unknown[] = [];
  for (let u = 0; u < users; u++) {
    batch.push({ type: 'identify', userId: `${prefix}${u}`, messageId: `${prefix}${u}-id`, traits: { email: `${prefix}${u}@acme.io` } });
    batch.push({ type: 'track', userId: `${prefix}${u}`, messageId: `${prefix}${u}-signup`, event: 'Signed Up' });
  }
  return { batch };
}

async function post(body: unknown): Promise<number> {
  const res = await fetch(`${app?.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic(WRITE_KEY) }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

describe('worker thread', () => {
  it('by default gives the worker a thread for a file store and the system clock from three cores, and keeps it in process otherwise', () => {
    const file = 'sqlite:/tmp/p.db';
    expect(workerOnThread({ db: file, clock: systemClock, requested: undefined, cores: 3 })).toBe(true);
    expect(workerOnThread({ db: file, clock: systemClock, requested: undefined, cores: 2 })).toBe(false);
    expect(workerOnThread({ db: file, clock: systemClock, requested: true, cores: 2 })).toBe(true);
    expect(workerOnThread({ db: file, clock: systemClock, requested: false, cores: 16 })).toBe(false);
    expect(workerOnThread({ db: 'sqlite::memory:', clock: systemClock, requested: undefined, cores: 16 })).toBe(false);
    expect(workerOnThread({ db: file, clock: new ManualClock(0), requested: undefined, cores: 16 })).toBe(false);
  });

  it('runs the worker on its thread when asked, and in process for a manual clock', async () => {
    app = await startThreadedApp();
    expect(app.worker.inThread).toBe(true);
    await app.stop();
    app = await startTestApp();
    expect(app.worker.inThread).toBe(false);
  });

  it('gives the thread a young generation of 64 MiB semi-spaces, as the flag gives a worker on the main thread', async () => {
    app = await startThreadedApp();
    const thread = (app.worker as WorkerHost).currentThread;
    expect(thread?.resourceLimits?.maxYoungGenerationSizeMb).toBe(192);
    expect(WORKER_SEMI_SPACE_FLAG).toBe('--max-semi-space-size=64');
  });

  it('finds a semi-space size on the command line or in NODE_OPTIONS, and nothing else passes for one', () => {
    expect(hasSemiSpaceFlag(['--max-semi-space-size=64'], '')).toBe(true);
    expect(hasSemiSpaceFlag(['--inspect'], '--enable-source-maps --max-semi-space-size=32')).toBe(true);
    expect(hasSemiSpaceFlag([], '--max-old-space-size=4096')).toBe(false);
    expect(hasSemiSpaceFlag(['--import', 'tsx'], '')).toBe(false);
  });

  it('refuses a worker thread for an in-memory store or a manual clock', async () => {
    await expect(startTestApp({ workerThread: true })).rejects.toThrow(/system clock/);
    await expect(startThreadedApp({ workerThread: true, db: 'sqlite::memory:' })).rejects.toThrow(/not :memory:/);
  });

  it('applies events posted over HTTP on the thread: profiles, outbox and the sent welcome email', async () => {
    const committed: number[] = [];
    app = await startThreadedApp({ onCommitted: (rows) => committed.push(rows.length) });
    expect(await post(batchOf('a', 5))).toBe(200);
    expect(await post(batchOf('b', 5))).toBe(200);
    await eventually(async () => (await app!.store.stats()).inboxPending === 0 && (await app!.store.allOutbox(100)).filter((r) => r.status === 'sent').length === 10);
    // The thread's report of a commit reaches this thread a message hop after the commit is visible in the store.
    await eventually(() => committed.reduce((a, b) => a + b, 0) >= 20);
    expect((await app.store.stats()).profiles).toBe(10);
    expect(committed.reduce((a, b) => a + b, 0)).toBe(20);
    expect(app.worker.eventsApplied).toBe(20);
  });

  it('applies everything accepted before stop, then closes', async () => {
    const db = tempDb();
    app = await startThreadedApp({ db });
    const statuses = await Promise.all(Array.from({ length: 8 }, (_, i) => post(batchOf(`s${i}-`, 10))));
    expect(statuses.every((s) => s === 200)).toBe(true);
    // Stop at once: what was accepted (2xx) but not yet applied must be applied by the drain.
    const stopping = app;
    app = undefined;
    await stopping.stop();
    const reopened = await openStore(db);
    await reopened.migrate();
    expect((await reopened.stats()).inboxPending).toBe(0);
    expect((await reopened.stats()).profiles).toBe(80);
    await reopened.close();
  });

  it('reports a thread that died and starts it again, losing nothing it accepted', async () => {
    const failures: string[] = [];
    app = await startThreadedApp({ logger: pino({ level: 'error' }, { write: (line: string) => failures.push(line) }) });
    expect(await post(batchOf('before', 5))).toBe(200);
    await eventually(async () => (await app!.store.stats()).inboxPending === 0);
    // A threaded app's worker is a WorkerHost (the first test proves which one runs).
    const host = app.worker as WorkerHost;
    await host.currentThread?.terminate();
    // Accepted while the thread is down or restarting: held for the next thread, or failed for the client to retry.
    for (let attempt = 0; attempt < 50 && (await post(batchOf('after', 5))) !== 200; attempt++) await new Promise((r) => setTimeout(r, 50));
    await eventually(async () => (await app!.store.stats()).inboxPending === 0 && (await app!.store.stats()).profiles === 10);
    expect(host.restarts).toBe(1);
    expect(failures.some((f) => /worker thread failed/.test(f))).toBe(true);
  });
});
