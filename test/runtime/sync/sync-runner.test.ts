import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/runtime/store/open-store.ts';
import type { SyncRunner } from '../../../src/runtime/sync/sync-runner.ts';
import type { SyncStreamStatus } from '../../../src/runtime/sync/sync-status.ts';
import { eventOf, MINUTE, startSyncHarness, T0, windowOf, type SyncHarness } from '../../connectors/hubspot/sync/sync-harness.ts';

const SEARCH = { method: 'POST', path: /\/search$/ };

function seedContacts(h: SyncHarness, count: number): string[] {
  return h.sim.seed({ contacts: Array.from({ length: count }, (_, i) => ({ properties: { email: `c${i}@acme.io` }, createdAt: T0 - 10 * 60 * MINUTE + i * 1_000 })) }).contacts;
}

function capturingLog() {
  const lines: { level: string; obj: object; msg: string | undefined }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('SyncRunner', () => {
  let h: SyncHarness;
  afterEach(async () => {
    await h.close();
  });

  it('resumes a backfill stopped mid-way from the stored cursor, on a new store over the same SQLite file, committing every contact once', async () => {
    h = await startSyncHarness({ sync: { objects: ['contacts'] } });
    const contacts = seedContacts(h, 1_000);
    let first: SyncRunner | undefined;
    let stopping: Promise<void> | undefined;
    // The process is stopped once three pages are committed, as a kill between two pages would leave it.
    first = h.runner({ onStatus: (s) => void ((s.progress?.done ?? 0) >= 300 && (stopping ??= first?.stop())) });
    const [interrupted] = await first.runUntilCaughtUp();
    await stopping;
    expect(interrupted).toMatchObject({ state: 'reading', committed: 300, progress: { done: 300, total: 1_000 } });
    await h.store.close();

    const reopened = await openStore(h.db);
    await reopened.migrate();
    try {
      const [finished] = await h.runner({ store: reopened }).runUntilCaughtUp();
      expect(finished).toMatchObject({ state: 'caught-up', committed: 700, duplicates: 0, progress: { done: 1_000, total: 1_000 } });
      const rows = await reopened.readInbox(0, 10_000);
      expect(rows.map((r) => (eventOf(r)['record'] as { id: string }).id)).toEqual(contacts);
      // The second process went on from page four: no page was read twice.
      expect(h.searches('contacts').map((s) => windowOf(s).after)).toEqual(['0', '100', '200', '300', '400', '500', '600', '700', '800', '900']);
    } finally {
      await reopened.close();
    }
  });

  it('reads a page again after a failed search, backing off 1 s then 2 s, and commits each contact once', async () => {
    h = await startSyncHarness({ sync: { objects: ['contacts'] } });
    const contacts = seedContacts(h, 250);
    let failed = false;
    const runner = h.runner({
      onStatus: (s) => {
        // The second page's search fails twice with HubSpot's 502.
        if (!failed && s.progress?.done === 100) {
          failed = true;
          h.sim.failNext(2, { status: 502, match: SEARCH });
        }
      },
    });
    const [status] = await runner.runUntilCaughtUp();
    expect(h.waits).toEqual([1_000, 2_000]);
    expect(h.searches('contacts').map((s) => [windowOf(s).after, s.status])).toEqual([
      ['0', 200],
      ['100', 502],
      ['100', 502],
      ['100', 200],
      ['200', 200],
    ]);
    expect((await h.inbox()).map((r) => (eventOf(r)['record'] as { id: string }).id)).toEqual(contacts);
    expect(status).toMatchObject({ state: 'caught-up', failures: 0, lastError: { kind: 'transient' } });
  });

  it("waits out HubSpot's 429 from the 4/s search limit and goes on", async () => {
    h = await startSyncHarness({ sim: { rateLimits: { searchPerSecond: 4, burstPer10s: 100 } }, sync: { objects: ['contacts'] } });
    const contacts = seedContacts(h, 900);
    const [status] = await h.runner().runUntilCaughtUp();
    const refused = h.searches('contacts').filter((s) => s.status === 429);
    // The simulator's clock stands still between waits: the fifth search of a second is refused.
    expect(refused.length).toBe(2);
    expect(refused[0]?.responseBody).toMatchObject({ policyName: 'SECONDLY', message: 'You have reached your secondly limit.' });
    expect(h.waits).toEqual([1_000, 1_000]);
    expect((await h.inbox()).map((r) => (eventOf(r)['record'] as { id: string }).id)).toEqual(contacts);
    expect(status).toMatchObject({ state: 'caught-up', lastError: { kind: 'rate_limit' } });
  });

  it('refreshes an expired OAuth access token and goes on, without a failed read', async () => {
    h = await startSyncHarness({
      sync: { objects: ['contacts'] },
      settings: { refreshToken: { env: 'HUBSPOT_REFRESH' }, clientSecret: { env: 'HUBSPOT_SECRET' }, clientId: 'sim-client-id' },
      env: (sim) => {
        const issued = sim.issueToken({ kind: 'oauth', expiresInSeconds: 1800 });
        return { HUBSPOT_TOKEN: issued.accessToken, HUBSPOT_REFRESH: issued.refreshToken ?? '', HUBSPOT_SECRET: sim.clientSecret };
      },
    });
    seedContacts(h, 1);
    const runner = h.runner();
    await runner.runUntilCaughtUp();

    h.advance(31 * MINUTE);
    h.sim.store.createAsUser('contacts', { email: 'later@acme.io' });
    h.advance(10_000);
    const [status] = await runner.runUntilCaughtUp();

    expect(h.searches('contacts').map((s) => s.status)).toEqual([200, 401, 200]);
    expect(h.sim.requests.filter((r) => r.path === '/oauth/v1/token')).toHaveLength(1);
    expect((await h.inbox()).map((r) => (eventOf(r)['identifiers'] as { email: string }).email)).toEqual(['c0@acme.io', 'later@acme.io']);
    // The refresh happened inside the one read: the runner saw no failure.
    expect(status).toMatchObject({ state: 'caught-up', failures: 0 });
    expect(status?.lastError).toBeUndefined();
  });

  it('stops a stream whose token HubSpot refuses, logs it as an error and shows why in its status', async () => {
    let token = '';
    h = await startSyncHarness({
      sync: { objects: ['contacts', 'deals'] },
      env: (sim) => {
        token = sim.issueToken().accessToken;
        return { HUBSPOT_TOKEN: token };
      },
    });
    h.sim.revokeToken(token);
    const { lines, log } = capturingLog();
    const runner = h.runner({ log });

    const statuses = await runner.runUntilCaughtUp();

    expect(statuses.map((s) => [s.stream, s.state, s.lastError?.kind])).toEqual([
      ['contacts', 'stopped', 'auth'],
      ['deals', 'stopped', 'auth'],
    ]);
    expect(statuses[0]?.lastError?.message).toMatch(/^HubSpot search contacts failed \(401\)/);
    expect(h.waits).toEqual([]);
    expect(runner.status().map((s) => s.state)).toEqual(['stopped', 'stopped']);
    expect(lines.filter((l) => l.level === 'error')).toEqual([
      expect.objectContaining({ obj: expect.objectContaining({ connector: 'hubspot', stream: 'contacts', kind: 'auth' }), msg: expect.stringMatching(/^sync stopped: auth: /) }),
      expect.objectContaining({ obj: expect.objectContaining({ stream: 'deals', kind: 'auth' }) }),
    ]);
    expect(await h.store.getCursor('sync:hubspot:contacts')).toBeUndefined();
  });

  it('stops a stream whose stored cursor it cannot read, as config, rather than starting over', async () => {
    h = await startSyncHarness({ sync: { objects: ['contacts'] } });
    await h.store.setCursor('sync:hubspot:contacts', '{"v":7}');
    const [status] = await h.runner().runUntilCaughtUp();
    expect(status).toMatchObject({ state: 'stopped', lastError: { kind: 'config' } });
    expect(h.searches('contacts')).toEqual([]);
  });

  it('runs no stream of a connector in dry run', async () => {
    h = await startSyncHarness({ sync: { objects: ['contacts'] }, settings: { dryRun: true } });
    seedContacts(h, 3);
    const runner = h.runner();
    expect(runner.streams()).toEqual([]);
    expect(await runner.runUntilCaughtUp()).toEqual([]);
    expect(h.sim.requests).toEqual([]);
  });

  it('runs only the enabled streams the selection names', async () => {
    h = await startSyncHarness({ sync: { objects: ['contacts', 'tasks'] } });
    const runner = h.runner();
    expect(runner.streams()).toEqual(['hubspot/contacts', 'hubspot/tasks']);
    expect((await runner.runUntilCaughtUp({ streams: ['tasks'] })).map((s) => s.stream)).toEqual(['tasks']);
    expect(h.searches('contacts')).toEqual([]);
    expect(h.searches('tasks')).toHaveLength(1);
  });

  it('waits intervalSeconds between passes and stops during the wait', async () => {
    h = await startSyncHarness({ sync: { objects: ['contacts'], intervalSeconds: 30 } });
    seedContacts(h, 2);
    const waits: number[] = [];
    let stopping: Promise<void> | undefined;
    const statuses: SyncStreamStatus[] = [];
    const runner: SyncRunner = h.runner({
      onStatus: (s) => void statuses.push(structuredClone(s)),
      sleep: async (ms) => {
        waits.push(ms);
        // Between the passes someone adds a contact; during the second wait the app shuts down.
        if (waits.length === 1) h.sim.store.createAsUser('contacts', { email: 'new@acme.io' });
        if (waits.length === 2) stopping = runner.stop();
        h.advance(ms);
      },
    });
    runner.start();
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (stopping) {
          clearInterval(poll);
          resolve();
        }
      }, 5);
    });
    await stopping;

    expect(waits).toEqual([30_000, 30_000]);
    expect(h.searches('contacts')).toHaveLength(2);
    expect(await h.inbox()).toHaveLength(3);
    expect(statuses.at(-1)).toMatchObject({ state: 'caught-up', committed: 3, nextPassAt: new Date(T0 + 30_000 + 30_000).toISOString() });
  });
});
