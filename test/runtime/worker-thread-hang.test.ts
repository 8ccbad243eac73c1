import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/runtime/app.ts';
import type { WorkerHost } from '../../src/runtime/worker/thread/worker-host.ts';
import { basic, eventually, RUNTIME_MANIFEST, startThreadedApp, WRITE_KEY } from '../helpers/runtime-fixtures.ts';
import { HANGING_JOURNEY, HANGING_TEXT } from '../helpers/hanging-journey.ts';

/**
 * A pattern with overlapping alternatives under a repetition backtracks exponentially on a
 * crafted value, and safe-regex2 (which refuses nested repetitions at compile time) lets it
 * through: one event can hang the worker. On its thread, the host must notice (no commit while
 * events wait), replace the thread, and the rows must be applied around the one that hangs it.
 */
const HANGING_MANIFEST = {
  ...RUNTIME_MANIFEST,
  journeys: [
    ...(RUNTIME_MANIFEST.journeys ?? []),
    HANGING_JOURNEY,
  ],
};

let app: App | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

async function post(body: unknown): Promise<number> {
  const res = await fetch(`${app?.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic(WRITE_KEY) }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

describe('a worker thread hung by one event', () => {
  it('is replaced, and the event is set aside after it hangs a thread on its own twice; the events around it are applied', async () => {
    app = await startThreadedApp({ manifest: HANGING_MANIFEST, workerStallMs: 2000 });
    expect(
      await post({
        batch: [
          { type: 'track', userId: 'before', messageId: 'm-before', event: 'Signed Up' },
          { type: 'track', userId: 'victim', messageId: 'm-hang', event: 'Typed', properties: { text: HANGING_TEXT } },
          { type: 'track', userId: 'after', messageId: 'm-after', event: 'Signed Up' },
        ],
      }),
    ).toBe(200);

    const store = app.store;
    await eventually(async () => (await store.stats()).inboxPending === 0, 20_000);
    const letters = await store.listDeadLetters(10);
    expect(letters.map((l) => l.ref)).toEqual(['segment/m-hang']);
    expect(letters[0]?.error).toMatch(/^set aside: a worker died/);
    expect([...(await store.profileIdsFor(['userId:before', 'userId:after'])).keys()].sort()).toEqual(['userId:after', 'userId:before']);
    expect((await store.allOutbox(10)).map((r) => r.actionId)).toEqual(['welcome-email', 'welcome-email']);
    // Replaced at least twice: alone twice (and before that in its batch, unless it came alone).
    expect((app.worker as WorkerHost).restarts).toBeGreaterThanOrEqual(2);
  }, 30_000);
});
