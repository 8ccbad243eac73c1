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

describe('/healthz and a worker that commits nothing', () => {
  it('fails (503, with the reason) once accepted events have waited a minute with no commit, and passes again when the worker commits', async () => {
    app = await startTestApp({ workerStallMs: 60_000 });
    const store = app.store;
    const commit = store.commit.bind(store);
    // The disk is full, say: every commit of the worker fails (and is retried).
    let failing = true;
    store.commit = async (batch: CommitBatch) => {
      if (failing) throw new Error('SQLITE_FULL: database or disk is full');
      return commit(batch);
    };
    const res = await fetch(`${app.url}/v1/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic(WRITE_KEY) },
      body: JSON.stringify({ userId: 'u1', event: 'Signed Up', messageId: 'm1' }),
    });
    expect(res.status).toBe(200);

    // Seen waiting at once: not stuck yet.
    expect((await health()).status).toBe(200);
    app.clock.advance(59_000);
    expect((await health()).status).toBe(200);
    app.clock.advance(1_000);
    const stuck = await health();
    expect(stuck.status).toBe(503);
    expect(stuck.body.ok).toBe(false);
    expect(stuck.body.inboxPending).toBe(1);
    expect(stuck.body.attention[0]).toMatch(/^worker: nothing committed for \d+ s while 1 inbox rows wait/);

    // The disk has room again: the worker's retry commits, and the check passes.
    failing = false;
    await eventually(async () => (await store.stats()).inboxPending === 0);
    const healthy = await health();
    expect(healthy.status).toBe(200);
    expect(healthy.body.ok).toBe(true);
  });
});
