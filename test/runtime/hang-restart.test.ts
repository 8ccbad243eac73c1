import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DidNotListen, killProcess, postBatch, serveProcess, type ServingProcess } from '../helpers/serve-process.ts';
import { HANGING_JOURNEY, HANGING_TEXT } from '../helpers/hanging-journey.ts';

const KEY = 'hang-key';

/** The durability manifest's shape, with a journey whose pattern hangs the worker on one event (see HANGING_JOURNEY). */
const manifest = {
  version: 1,
  name: 'hang',
  connections: { segment: { inboundWriteKeys: [{ env: 'HANG_WRITE_KEY' }] } },
  actions: [{ id: 'welcome', channel: 'email', destination: 'log.record', params: { to: '{{ profile.id }}' } }],
  journeys: [
    { id: 'welcome', trigger: { type: 'event', event: 'Signed Up' }, start: 'send', steps: [{ id: 'send', type: 'action', action: 'welcome' }] },
    HANGING_JOURNEY,
  ],
};

/** What a liveness probe does: one answer within the timeout, or none. */
async function answers(url: string, timeoutMs: number): Promise<{ inboxPending: number } | undefined> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
    return (await res.json()) as { inboxPending: number };
  } catch {
    return undefined;
  }
}

/**
 * On two cores the worker runs on the main event loop: an event that hangs it hangs the whole
 * process, `/healthz` stops answering, and the supervisor (here the test, as a liveness probe
 * would) kills and restarts it. The restarts must get past the event: it is set aside after
 * hanging a worker on its own twice, and the events around it are applied.
 */
describe('serve (worker on the event loop) restarted after an event hangs it', () => {
  it('sets the event aside after the restarts and applies the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pathwise-hang-'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    let restarts = 0;
    // A restarted process may hang on the event before it listens: killed after 10 s, as a probe would.
    const start = async (): Promise<ServingProcess> => {
      for (;;) {
        try {
          return await serveProcess(dir, ['--no-worker-thread'], { HANG_WRITE_KEY: KEY }, 10_000);
        } catch (err) {
          if (!(err instanceof DidNotListen)) throw err;
          restarts++;
        }
      }
    };
    let server: ServingProcess = await start();
    expect(
      await postBatch(server.url, KEY, [
        { type: 'track', userId: 'before', messageId: 'm-before', event: 'Signed Up' },
        { type: 'track', userId: 'victim', messageId: 'm-hang', event: 'Typed', properties: { text: HANGING_TEXT } },
        { type: 'track', userId: 'after', messageId: 'm-after', event: 'Signed Up' },
      ]),
    ).toBe(true);

    for (;;) {
      const health = await answers(server.url, 2000);
      if (health?.inboxPending === 0) break;
      if (health === undefined) {
        await killProcess(server.child);
        server = await start();
        restarts++;
      }
      if (restarts > 8) throw new Error('still hanging after 8 restarts');
    }
    await killProcess(server.child);

    // Alone twice (and before that in its batch, unless it came alone): two or three processes
    // hung on it; more only if a slow machine kept a healthy one from answering in time.
    expect(restarts).toBeGreaterThanOrEqual(2);
    const db = new Database(join(dir, 'p.db'), { readonly: true });
    const letters = db.prepare('SELECT ref, error FROM dead_letters').all() as { ref: string; error: string }[];
    expect(letters.map((l) => l.ref)).toEqual(['segment/m-hang']);
    expect(letters[0]?.error).toMatch(/^set aside: a worker died/);
    const sent = db.prepare("SELECT profile_id AS profileId FROM outbox WHERE action_id = 'welcome'").all();
    expect(sent).toHaveLength(2);
    db.close();
  }, 120_000);
});
