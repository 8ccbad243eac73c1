import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../src/core/profiles/profile.ts';
import { eventually } from '../helpers/runtime-fixtures.ts';
import { killProcess, postBatch, serveProcess } from '../helpers/serve-process.ts';

const KEY = 'durability-key';
const USERS = 150;
const EVENTS_PER_USER = 4; // identify, Signed Up, Webinar Attended, Page Viewed
const BATCH = 20;

const manifest = {
  version: 1,
  name: 'durability',
  connections: { segment: { inboundWriteKeys: [{ env: 'DURABILITY_WRITE_KEY' }] } },
  actions: [
    { id: 'welcome', channel: 'email', destination: 'log.record', params: { to: '{{ traits.email }}' } },
    { id: 'task', channel: 'task', destination: 'log.record', params: { subject: 'Call {{ profile.id }}' } },
  ],
  journeys: [
    { id: 'welcome', trigger: { type: 'event', event: 'Signed Up' }, start: 'send', steps: [{ id: 'send', type: 'action', action: 'welcome' }] },
    {
      id: 'webinar',
      trigger: { type: 'event', event: 'Webinar Attended' },
      start: 'wait',
      steps: [
        { id: 'wait', type: 'wait', duration: '1500ms', next: 'task' },
        { id: 'task', type: 'action', action: 'task' },
      ],
    },
  ],
};

function batches(): { messageId: string }[][] {
  const messages: Record<string, unknown>[] = [];
  for (let u = 0; u < USERS; u++) {
    messages.push({ type: 'identify', userId: `u${u}`, messageId: `u${u}-identify`, traits: { email: `u${u}@acme.io` } });
    messages.push({ type: 'track', userId: `u${u}`, messageId: `u${u}-signup`, event: 'Signed Up' });
    messages.push({ type: 'track', userId: `u${u}`, messageId: `u${u}-webinar`, event: 'Webinar Attended' });
    messages.push({ type: 'track', userId: `u${u}`, messageId: `u${u}-page`, event: 'Page Viewed' });
  }
  const out: { messageId: string }[][] = [];
  for (let i = 0; i < messages.length; i += BATCH) out.push(messages.slice(i, i + BATCH) as { messageId: string }[]);
  return out;
}

const serve = (dir: string, placement: string) => serveProcess(dir, [placement], { DURABILITY_WRITE_KEY: KEY });
const post = (url: string, batch: unknown[]) => postBatch(url, KEY, batch);
const kill = killProcess;

describe.each(['--worker-thread', '--no-worker-thread'])('durability (serve %s)', (placement) => {
  it('applies every accepted event exactly once and sends every action once across SIGKILLs at several points', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pathwise-durability-'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const all = batches();
    const acked = new Set<number>();
    const killPoints = [3, 11, 22];
    let server = await serve(dir, placement);
    for (let i = 0; i < all.length; i++) {
      if (killPoints.includes(i)) {
        // Kill while a request is in flight: it may or may not have been committed.
        const inFlight = post(server.url, all[i] as unknown[]);
        await new Promise((r) => setTimeout(r, 2));
        await kill(server.child);
        if (await inFlight) acked.add(i);
        server = await serve(dir, placement);
      }
      if (!acked.has(i) && (await post(server.url, all[i] as unknown[]))) acked.add(i);
    }
    // Clients retry what was not acknowledged, and re-send some that were (at-least-once senders).
    for (let i = 0; i < all.length; i++) if (!acked.has(i) || i % 7 === 0) expect(await post(server.url, all[i] as unknown[])).toBe(true);

    // One more crash while waits are pending: the timers must still fire after the restart.
    await new Promise((r) => setTimeout(r, 300));
    await kill(server.child);
    server = await serve(dir, placement);
    await new Promise((r) => setTimeout(r, 2000));
    await eventually(async () => {
      const res = await fetch(`${server.url}/healthz`);
      const health = (await res.json()) as { inboxPending: number; outboxPending: number };
      return health.inboxPending === 0 && health.outboxPending === 0;
    }, 15_000);
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));

    const db = new Database(join(dir, 'p.db'), { readonly: true });
    const inbox = db.prepare("SELECT COUNT(*) AS n FROM inbox WHERE source = 'segment'").get() as { n: number };
    expect(inbox.n).toBe(USERS * EVENTS_PER_USER);
    const profiles = (db.prepare('SELECT snapshot FROM profiles').all() as { snapshot: string }[]).map((r) => JSON.parse(r.snapshot) as Profile);
    expect(profiles).toHaveLength(USERS);
    expect(profiles.every((p) => p.eventCount === EVENTS_PER_USER)).toBe(true);
    const outbox = db.prepare('SELECT action_id AS actionId, status, COUNT(*) AS n FROM outbox GROUP BY action_id, status ORDER BY action_id').all();
    expect(outbox).toEqual([
      { actionId: 'task', status: 'sent', n: USERS },
      { actionId: 'welcome', status: 'sent', n: USERS },
    ]);
    const perProfile = db.prepare('SELECT COUNT(*) AS n FROM (SELECT profile_id, action_id FROM outbox GROUP BY profile_id, action_id HAVING COUNT(*) > 1)').get() as { n: number };
    expect(perProfile.n).toBe(0);
    expect((db.prepare('SELECT COUNT(*) AS n FROM timers').get() as { n: number }).n).toBe(0);
    db.close();
  }, 90_000);
});
