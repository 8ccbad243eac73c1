import { afterEach, describe, expect, it } from 'vitest';
import { rateLimitBody } from '../../../simulators/hubspot/errors.ts';
import { hubspotActionHarness, T0, type HarnessOptions, type HubspotActionHarness } from './hubspot-action-harness.ts';

let t: HubspotActionHarness;

afterEach(async () => {
  await t.close();
});

async function start(options: HarnessOptions = {}): Promise<void> {
  t = await hubspotActionHarness({ settings: { assignment: { roundRobin: ['7'] } }, ...options });
  t.sim.seed({ owners: [{ id: '7', email: 'rita@example.com' }], contacts: [{ id: '51', properties: { email: 'ada@example.com' } }] });
}

const TASK = { key: 'k1', destination: 'hubspot.createTask', input: { subject: 'Call Ada' } };

/** An OAuth connection whose access token expires a minute after T0; `refresh` adds what a refresh needs. */
function oauth(refresh: boolean): NonNullable<HarnessOptions['credentials']> {
  return (sim) => {
    const issued = sim.issueToken({ kind: 'oauth', expiresInSeconds: 60, refreshToken: 'refresh-1' });
    const secrets: Record<string, string> = { accessToken: issued.accessToken };
    if (!refresh) return { secrets };
    return {
      settings: { clientId: sim.clientId, refreshToken: { env: 'HUBSPOT_REFRESH_TOKEN' }, clientSecret: { env: 'HUBSPOT_CLIENT_SECRET' } },
      secrets: { ...secrets, refreshToken: 'refresh-1', clientSecret: sim.clientSecret },
    };
  };
}

describe('hubspot actions under HubSpot errors', () => {
  it("a storm of burst 429s keeps the row pending for HubSpot's 10-second window each time, then the task is created", async () => {
    await start();
    t.sim.rateLimitStorm(3);
    await t.enqueue([TASK]);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await t.h.dispatcher.runOnce();
      const row = await t.row('k1');
      // Backoff would be 1, 2, 4 s: the 10 s window of HubSpot's ten-secondly limit wins.
      // HubSpot named the wait: a deferral, not a counted attempt.
      expect(row).toMatchObject({ status: 'pending', attempts: 0, availableAt: t.h.clock.now() + 10_000 });
      expect(row?.lastError).toBe('rate_limit: HubSpot find the task by its Pathwise key failed (429): TEN_SECONDLY_ROLLING: You have reached your ten_secondly_rolling limit.');
      t.advance(9_999);
      expect(await t.h.dispatcher.runOnce()).toBe(0);
      t.advance(1);
    }
    await t.h.dispatcher.runOnce();
    expect(await t.row('k1')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(t.sim.store.tasks()).toHaveLength(1);
    expect(t.sim.requests.slice(0, 3).map((r) => r.status)).toEqual([429, 429, 429]);
  });

  it('a search 429 (the secondly limit) is a rate_limit deferred for one second', async () => {
    await start();
    t.sim.failNext(1, { status: 429, body: rateLimitBody('SECONDLY'), match: { path: '/crm/v3/objects/tasks/search' } });
    await t.enqueue([TASK]);
    await t.h.dispatcher.runOnce();
    expect(await t.row('k1')).toMatchObject({
      status: 'pending',
      availableAt: T0 + 1_000,
      lastError: 'rate_limit: HubSpot search an open task for the same action and contact failed (429): SECONDLY: You have reached your secondly limit.',
    });
    t.advance(1_000);
    await t.h.dispatcher.runOnce();
    expect(await t.row('k1')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  describe("HubSpot's daily limit, which resets at midnight in the account's time zone (New York here: 05:00 UTC, 14 h after T0)", () => {
    const HOUR = 3_600_000;
    const NY_MIDNIGHT = T0 + 14 * HOUR;
    const SECOND_TASK = { key: 'k2', destination: 'hubspot.createTask', input: { subject: 'Call Ada again' }, meta: { identifiers: { hubspot: ['51'] } } };

    /** A day's allowance of exactly one task's requests, spent on the first task. */
    async function startWithOneTaskADay(settings: Record<string, unknown>): Promise<void> {
      await start();
      await t.enqueue([TASK]);
      await t.h.dispatcher.runOnce();
      const perTask = t.sim.requests.length;
      await t.close();
      await start({ settings: { assignment: { roundRobin: ['7'] }, ...settings }, simulator: { rateLimits: { dailyPerPrivateApp: perTask, accountTimeZone: 'America/New_York' } } });
      await t.enqueue([TASK]);
      await t.h.dispatcher.runOnce();
      expect(await t.row('k1')).toMatchObject({ status: 'sent' });
      await t.enqueue([SECOND_TASK]);
      await t.h.dispatcher.runOnce();
    }

    it('with the account time zone set, the refused task waits for that midnight without spending an attempt, then is created', async () => {
      await startWithOneTaskADay({ timeZone: 'America/New_York' });
      expect(await t.row('k2')).toMatchObject({ status: 'pending', attempts: 0, availableAt: NY_MIDNIGHT });
      expect((await t.row('k2'))?.lastError).toMatch(/\(429\): DAILY: You have reached your daily limit\.$/);
      t.advance(NY_MIDNIGHT - t.h.clock.now());
      await t.h.dispatcher.runOnce();
      expect(await t.row('k2')).toMatchObject({ status: 'sent', attempts: 1 });
    });

    it('without it, the refused task is tried each whole hour and created within the hour after the reset, never a day late', async () => {
      await startWithOneTaskADay({});
      const tries: number[] = [];
      for (let hour = 0; hour < 24 && (await t.row('k2'))?.status === 'pending'; hour += 1) {
        const row = await t.row('k2');
        expect(row?.attempts).toBe(0);
        t.advance((row?.availableAt ?? 0) - t.h.clock.now());
        tries.push(t.h.clock.now());
        await t.h.dispatcher.runOnce();
      }
      expect(await t.row('k2')).toMatchObject({ status: 'sent', attempts: 1 });
      // Tried at 16:00 … 05:00 UTC: the try at New York's midnight goes through.
      expect(tries).toHaveLength(14);
      expect(tries.at(-1)).toBe(NY_MIDNIGHT);
    });
  });

  it('a 5xx is transient: retried after the backoff, and the retry succeeds', async () => {
    await start();
    t.sim.failNext(1, { status: 502, match: { method: 'POST', path: '/crm/v3/objects/tasks' } });
    await t.enqueue([TASK]);
    await t.h.dispatcher.runOnce();
    expect(await t.row('k1')).toMatchObject({ status: 'pending', availableAt: T0 + 1_000, lastError: 'transient: HubSpot create task failed (502): Internal error' });
    expect(t.sim.store.tasks()).toEqual([]);
    t.advance(1_000);
    await t.h.dispatcher.runOnce();
    expect(await t.row('k1')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(t.sim.store.tasks()).toHaveLength(1);
  });

  it('an expired OAuth token is refreshed through the token endpoint and the send succeeds on the first attempt', async () => {
    await start({ credentials: oauth(true) });
    const original = t.sim.requests.length;
    t.advance(120_000);
    await t.enqueue([TASK]);
    await t.h.dispatcher.runOnce();
    expect(await t.row('k1')).toMatchObject({ status: 'sent', attempts: 1 });
    const calls = t.sim.requests.slice(original);
    expect(calls.slice(0, 3).map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/crm/v3/objects/tasks/k1', 401],
      ['POST', '/oauth/v1/token', 200],
      ['GET', '/crm/v3/objects/tasks/k1', 404],
    ]);
    const created = calls.find((r) => r.method === 'POST' && r.path === '/crm/v3/objects/tasks');
    expect(created?.headers.authorization).toBe(`Bearer ${String((calls[1]?.responseBody as { access_token: string }).access_token)}`);
    expect(t.sim.store.tasks()).toHaveLength(1);
  });

  it('a revoked refresh token is an auth error: dead-lettered at once with the reason, no retries', async () => {
    await start({ credentials: oauth(true) });
    t.sim.revokeToken('refresh-1');
    t.advance(120_000);
    await t.enqueue([TASK]);
    await t.h.dispatcher.runOnce();
    const row = await t.row('k1');
    expect(row).toMatchObject({ status: 'dead', attempts: 1 });
    expect(row?.lastError).toBe(
      'auth: HubSpot refresh the OAuth access token failed (400): missing or invalid refresh token; reconnect the HubSpot app to get a new refresh token',
    );
    expect((await t.h.store.listDeadLetters(5)).map((d) => d.ref)).toEqual(['k1']);
    t.advance(3_600_000);
    expect(await t.h.dispatcher.runOnce()).toBe(0);
    expect(t.sim.store.tasks()).toEqual([]);
  });

  it('an expired token without a refresh token is an auth error, dead-lettered with HubSpot’s reason', async () => {
    await start({ credentials: oauth(false) });
    t.advance(120_000);
    await t.enqueue([TASK]);
    await t.h.dispatcher.runOnce();
    expect(await t.row('k1')).toMatchObject({
      status: 'dead',
      attempts: 1,
      lastError: 'auth: HubSpot find the task by its Pathwise key failed (401): EXPIRED_AUTHENTICATION: The OAuth token used to make this call expired 1 minute(s) ago.',
    });
  });
});
