import { Analytics } from '@segment/analytics-node';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { Profile } from '../../src/core/profiles/profile.ts';
import type { App, AppOptions } from '../../src/runtime/app.ts';
import type { ManualClock } from '../../src/runtime/clock/clock.ts';
import { ADMIN_TOKEN, eventually, RUDDER_KEY, startTestApp, WRITE_KEY } from '../helpers/runtime-fixtures.ts';

let app: (App & { clock: ManualClock }) | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

/** Makes the first `n` tracking requests answer 500 before the real handler sees them. */
function failFirst(n: number): { state: { failed: number }; extendServer: NonNullable<AppOptions['extendServer']> } {
  const state = { failed: 0 };
  return {
    state,
    extendServer: (server) => {
      server.addHook('onRequest', async (request, reply) => {
        if (request.url === '/v1/batch' && state.failed < n) {
          state.failed++;
          return reply.code(500).send({ success: false, error: 'injected failure' });
        }
      });
    },
  };
}

async function profiles(target: App): Promise<Profile[]> {
  const ids = await target.store.profileIdsFor(Array.from({ length: 200 }, (_, i) => `userId:user-${i}`));
  return [...(await target.store.getProfiles([...ids.values()])).values()];
}

const USERS = 200;
const PER_USER = 10;

describe('official SDKs against pathwise serve', () => {
  it('@segment/analytics-node: thousands of events land exactly once through server-forced retries', async () => {
    const { state: injected, extendServer } = failFirst(3);
    app = await startTestApp({ extendServer });
    const analytics = new Analytics({ writeKey: WRITE_KEY, host: app.url, flushAt: 50, flushInterval: 50, maxRetries: 5 });
    for (let u = 0; u < USERS; u++) {
      analytics.identify({ userId: `user-${u}`, traits: { email: `user${u}@acme.io`, name: `User ${u}` } });
      for (let i = 0; i < PER_USER - 2; i++) analytics.track({ userId: `user-${u}`, event: 'Page Viewed', properties: { i } });
      analytics.track({ userId: `user-${u}`, event: u % 2 === 0 ? 'Webinar Attended' : 'Signed Up' });
    }
    await analytics.closeAndFlush({ timeout: 20_000 });
    expect(injected.failed).toBe(3);
    await eventually(async () => (await app!.store.stats()).inboxPending === 0, 10_000);
    const all = await profiles(app);
    expect(all).toHaveLength(USERS);
    expect(all.every((p) => p.eventCount === PER_USER)).toBe(true);
    expect(all.filter((p) => p.enrollments.some((e) => e.journeyId === 'webinar' && e.status === 'active'))).toHaveLength(USERS / 2);
    const res = await fetch(`${app.url}/api/profiles?userId=user-7`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const view = (await res.json()) as { traits: Record<string, unknown>; actions: { actionId: string }[] };
    expect(view.traits).toMatchObject({ email: 'user7@acme.io', name: 'User 7' });
    expect(view.actions.map((a) => a.actionId)).toEqual(['welcome-email']);
  }, 60_000);

  it('@rudderstack/rudder-sdk-node: gzip under a form Content-Type, with its own retries, lands exactly once', async () => {
    const { state: injected, extendServer } = failFirst(2);
    app = await startTestApp({ extendServer });
    const errors: unknown[] = [];
    const analytics = new RudderAnalytics(RUDDER_KEY, {
      dataPlaneUrl: app.url,
      flushAt: 100,
      flushInterval: 100,
      retryCount: 5,
      gzip: true,
      errorHandler: (err: unknown) => errors.push(err),
    });
    for (let u = 0; u < USERS; u++) {
      analytics.identify({ userId: `user-${u}`, traits: { email: `user${u}@acme.io` } });
      for (let i = 0; i < PER_USER - 2; i++) analytics.track({ userId: `user-${u}`, event: 'Page Viewed', properties: { i } });
      analytics.track({ userId: `user-${u}`, event: 'Webinar Attended' });
    }
    await new Promise<void>((resolve) => analytics.flush(() => resolve()));
    await eventually(async () => {
      const all = await profiles(app!);
      return all.length === USERS && all.every((p) => p.eventCount === PER_USER) && (await app!.store.stats()).inboxPending === 0;
    }, 30_000);
    expect(injected.failed).toBe(2);
    expect(errors).toEqual([]);
    const all = await profiles(app);
    expect(all.every((p) => p.enrollments.some((e) => e.journeyId === 'webinar' && e.status === 'active'))).toBe(true);
    const res = await fetch(`${app.url}/api/profiles?userId=user-3`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const view = (await res.json()) as { traits: Record<string, unknown>; enrollments: { journeyId: string; currentStep: string | null }[] };
    expect(view.traits['email']).toBe('user3@acme.io');
    expect(view.enrollments.map((e) => [e.journeyId, e.currentStep])).toEqual([['webinar', 'wait']]);
  }, 60_000);
});
