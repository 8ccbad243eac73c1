import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/runtime/app.ts';
import type { ManualClock } from '../../src/runtime/clock/clock.ts';
import type { CommitBatch } from '../../src/runtime/store/store.ts';
import { basic, eventually, startTestApp, WRITE_KEY } from '../helpers/runtime-fixtures.ts';

let app: (App & { clock: ManualClock }) | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

async function health(): Promise<{ status: number; body: { ok: boolean; inboxPending: number; attention: string[] } }> {
  const res = await fetch(`${app?.url}/healthz`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; inboxPending: number; attention: string[] } };
}

const track = (messageId: string) =>
  fetch(`${app?.url}/v1/track`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basic(WRITE_KEY) },
    body: JSON.stringify({ userId: 'u1', event: 'Signed Up', messageId }),
  });

describe('/healthz and a worker that commits nothing', () => {
  it('fails (503, with the reason) once accepted events have waited a minute with no commit and no failure, and passes again when the worker commits', async () => {
    app = await startTestApp({ workerStallMs: 60_000 });
    const store = app.store;
    const commit = store.commit.bind(store);
    // A commit that never returns (a write stuck on a dead disk, say) until the test lets it go.
    let release: (() => void) | undefined;
    store.commit = (batch: CommitBatch) => new Promise<void>((resolve, reject) => (release = () => commit(batch).then(resolve, reject)));
    expect((await track('m1')).status).toBe(200);
    await eventually(() => release !== undefined);

    // Seen waiting at once: not stuck yet.
    expect((await health()).status).toBe(200);
    app.clock.advance(59_000);
    expect((await health()).status).toBe(200);
    app.clock.advance(1_000);
    const stuck = await health();
    expect(stuck.status).toBe(503);
    expect(stuck.body.ok).toBe(false);
    expect(stuck.body.inboxPending).toBe(1);
    expect(stuck.body.attention[0]).toMatch(/^worker: nothing committed for \d+ s while 1 inbox rows wait, and no failure reported: it hangs$/);

    // The write goes through: the worker commits, and the check passes.
    store.commit = commit;
    release?.();
    await eventually(async () => (await store.stats()).inboxPending === 0);
    const healthy = await health();
    expect(healthy.status).toBe(200);
    expect(healthy.body.ok).toBe(true);
  });

  it('passes, naming what fails, while the worker’s commits keep failing: it is alive and a restart would not help', async () => {
    app = await startTestApp({ workerStallMs: 60_000 });
    const store = app.store;
    const commit = store.commit.bind(store);
    let failing = true;
    store.commit = async (batch: CommitBatch) => {
      if (failing) throw new Error('SQLITE_FULL: database or disk is full');
      return commit(batch);
    };
    expect((await track('m1')).status).toBe(200);
    app.clock.advance(90_000);
    // The worker retries on real timers: let it fail again at the new time.
    await eventually(async () => (await health()).body.attention.some((a) => a.includes('its tries fail')));
    const failingNow = await health();
    expect(failingNow.status).toBe(200);
    expect(failingNow.body.ok).toBe(true);
    expect(failingNow.body.attention[0]).toBe('worker: nothing committed for 90 s, its tries fail: SQLITE_FULL: database or disk is full');

    failing = false;
    await eventually(async () => (await store.stats()).inboxPending === 0);
    expect((await health()).body.attention).toEqual([]);
  });
});
