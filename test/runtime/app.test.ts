import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/runtime/app.ts';
import type { ManualClock } from '../../src/runtime/clock/clock.ts';
import { ADMIN_TOKEN, basic, eventually, startTestApp, WRITE_KEY } from '../helpers/runtime-fixtures.ts';

let app: (App & { clock: ManualClock }) | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

async function post(path: string, body: unknown, headers: Record<string, string> = { authorization: basic(WRITE_KEY) }) {
  const res = await fetch(`${app?.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('pathwise runtime', () => {
  it('applies an accepted event at once, without waiting for the idle worker’s next look at the inbox', async () => {
    // The idle worker would look again only after a minute: the accepted batch must wake it.
    app = await startTestApp({ idleMs: { worker: 60_000, scheduler: 20, dispatcher: 20 } });
    await new Promise((r) => setTimeout(r, 50)); // its first look found the inbox empty
    const res = await post('/v1/batch', { batch: [{ type: 'track', userId: 'u1', messageId: 'w1', event: 'Webinar Attended' }] });
    expect(res.status).toBe(200);
    await eventually(async () => (await app!.store.stats()).inboxPending === 0, 3000);
  });

  it('applies an accepted batch, waits, then puts the rendered task in the outbox once', async () => {
    app = await startTestApp();
    const t0 = app.clock.now();
    const res = await post('/v1/batch', {
      batch: [
        { type: 'identify', userId: 'u1', messageId: 'm1', traits: { name: 'Ann Lee', email: 'ann@acme.io' }, timestamp: new Date(t0).toISOString() },
        { type: 'track', userId: 'u1', messageId: 'm2', event: 'Webinar Attended', timestamp: new Date(t0).toISOString() },
      ],
    });
    expect(res).toEqual({ status: 200, body: { success: true, accepted: 2, duplicates: 0 } });
    await eventually(async () => (await app!.store.stats()).inboxPending === 0);
    expect(await app.store.nextTimerDueAt()).toBe(t0 + 86_400_000);
    expect(await app.store.allOutbox(10)).toEqual([]);

    app.clock.advance(86_400_000);
    await eventually(async () => (await app!.store.allOutbox(10)).some((r) => r.status === 'sent'));
    const [row] = await app.store.allOutbox(10);
    const payload = JSON.parse(row?.payload ?? '{}') as { input: { subject: string; body: string } };
    expect(row).toMatchObject({ actionId: 'demo-task', destination: 'log.record', channel: 'task', status: 'sent', attempts: 1 });
    expect(payload.input.subject).toBe('Call Ann Lee about a demo');
    expect(payload.input.body).toBe('Why now: Webinar Attended on 2026-03-02');

    const again = await post('/v1/batch', { batch: [{ type: 'track', userId: 'u1', messageId: 'm2', event: 'Webinar Attended' }] });
    expect(again.body).toMatchObject({ accepted: 1, duplicates: 1 });
    await eventually(async () => (await app!.store.stats()).inboxPending === 0);
    expect(await app.store.allOutbox(10)).toHaveLength(1);
  });

  it('shows the profile with identities, enrollments and actions in the admin API', async () => {
    app = await startTestApp();
    await post('/v1/batch', {
      batch: [
        { type: 'identify', userId: 'u7', messageId: 'a1', traits: { email: 'Bo@Acme.io' } },
        { type: 'track', userId: 'u7', messageId: 'a2', event: 'Signed Up' },
        { type: 'track', userId: 'u7', messageId: 'a3', event: 'Webinar Attended' },
      ],
    });
    await eventually(async () => (await app!.store.stats()).inboxPending === 0);
    const unauthorised = await fetch(`${app.url}/api/profiles?userId=u7`);
    expect(unauthorised.status).toBe(401);
    const res = await fetch(`${app.url}/api/profiles?email=bo@acme.io`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const profile = (await res.json()) as { identities: unknown; enrollments: { journeyId: string; status: string; currentStep: string | null }[]; actions: { actionId: string }[] };
    expect(profile.identities).toEqual({ userId: ['u7'], email: ['bo@acme.io'] });
    expect(profile.enrollments.map((e) => [e.journeyId, e.status, e.currentStep])).toEqual([
      ['welcome', 'completed', null],
      ['webinar', 'active', 'wait'],
    ]);
    expect(profile.actions.map((a) => a.actionId)).toEqual(['welcome-email']);

    const journeys = (await (await fetch(`${app.url}/api/journeys`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as { id: string; entered: number; steps: { id: string; entered: number; now: number }[] }[];
    // [step, entered it, on it now]: the webinar enrollment waits; the welcome one has completed.
    expect(journeys.map((j) => [j.id, j.entered, j.steps.map((s) => [s.id, s.entered, s.now])])).toEqual([
      ['webinar', 1, [['wait', 1, 1], ['task', 0, 0]]],
      ['welcome', 1, [['email', 1, 0]]],
    ]);
  });

  it('exposes health and Prometheus metrics', async () => {
    app = await startTestApp();
    await post('/v1/track', { userId: 'u1', event: 'Signed Up', messageId: 'x1' });
    await eventually(async () => (await app!.store.stats()).inboxPending === 0);
    const health = (await (await fetch(`${app.url}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ ok: true, inboxPending: 0, profiles: 1 });
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/pathwise_events_in_total\{source="segment"\} 1/);
    expect(metrics).toMatch(/pathwise_events_applied_total 1/);
  });
});
