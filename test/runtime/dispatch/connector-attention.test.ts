import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/runtime/app.ts';
import { ManualClock } from '../../../src/runtime/clock/clock.ts';
import { startHubspotSimulator, type HubspotSimulator } from '../../simulators/hubspot/index.ts';
import { ADMIN_TOKEN, eventually, startTestApp, tempDb } from '../../helpers/runtime-fixtures.ts';
import { sqlCallTaskManifest } from '../../connectors/hubspot/hubspot-app.ts';

const T0 = Date.parse('2026-03-02T15:00:00Z');
const CLIENT_SECRET = 'attention-app-secret';

interface ConnectorView {
  id: string;
  destination?: { state: string; deadLettered: number; lastError?: { kind: string; action: string } };
  deadLetters: Record<string, number>;
  attention: string[];
}

async function connectors(app: App): Promise<ConnectorView[]> {
  const res = await fetch(`${app.url}/api/connectors`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(res.status).toBe(200);
  // The admin API's documented shape; the fields read here are typed in ConnectorView.
  return ((await res.json()) as { connectors: ConnectorView[] }).connectors;
}

const hubspotOf = async (app: App) => (await connectors(app)).find((c) => c.id === 'hubspot');
const cli = (...args: string[]) => execFileSync(process.execPath, ['bin/pathwise.js', ...args], { encoding: 'utf8' });

let sim: HubspotSimulator | undefined;
let app: App | undefined;
afterEach(async () => {
  await app?.stop();
  await sim?.close();
  app = undefined;
  sim = undefined;
});

describe('a destination that needs the admin', () => {
  it('shows a refused HubSpot token at /healthz, /api/connectors and /metrics, and once the token is replaced the retried task reaches the rep', async () => {
    sim = await startHubspotSimulator({ now: T0, clientSecret: CLIENT_SECRET });
    sim.seed({ owners: [{ id: '1001', email: 'rita@acme.io', firstName: 'Rita' }] });
    sim.store.defineProperty('tasks', 'pathwise_key', { kind: 'string' });
    sim.store.defineProperty('tasks', 'pathwise_action', { kind: 'string' });
    const revoked = sim.issueToken({ kind: 'private-app' });
    sim.revokeToken(revoked.accessToken);
    const db = tempDb();
    const start = (token: string, clock = new ManualClock(T0)) =>
      startTestApp({ db, clock, manifest: sqlCallTaskManifest(sim!), env: { HUBSPOT_TOKEN: token, HUBSPOT_SECRET: CLIENT_SECRET, PATHWISE_ADMIN_TOKEN: ADMIN_TOKEN } });
    const running = await start(revoked.accessToken);
    app = running;

    const mark = sim.store.changes.all().length;
    sim.store.createAsUser('contacts', { email: 'ann@globex.io', firstname: 'Ann', company: 'Globex', hubspot_owner_id: '1001', lifecyclestage: 'salesqualifiedlead' });
    expect((await sim.deliverWebhooks(`${running.url}/webhooks/hubspot`, sim.webhookEvents(sim.store.changes.all().slice(mark)))).delivered).toBe(true);

    await eventually(async () => (await hubspotOf(running))?.destination?.state === 'failing', 10_000);
    const health = (await (await fetch(`${running.url}/healthz`)).json()) as { ok: boolean; attention: string[] };
    expect(health.ok).toBe(true);
    expect(health.attention).toEqual([expect.stringMatching(/^hubspot: sends failing since 2026-03-02T15:00:00\.000Z: auth: /)]);
    const hubspot = await hubspotOf(running);
    expect(hubspot).toMatchObject({ destination: { state: 'failing', deadLettered: 1, lastError: { kind: 'auth', action: 'hubspot.createTask' } }, deadLetters: { 'hubspot.createTask': 1 } });
    expect(hubspot?.attention).toEqual([expect.stringMatching(/^sends failing since .*auth: /), '1 action dead-lettered: `pathwise deadletters list --destination hubspot`, then `retry --all --destination hubspot` once the cause is fixed']);
    expect(await (await fetch(`${running.url}/metrics`)).text()).toContain('pathwise_destination_failing{connector="hubspot"} 1');
    expect(sim.store.tasks()).toEqual([]);
    await running.stop();
    app = undefined;

    // The admin replaces the token and queues what failed again.
    expect(cli('deadletters', 'list', '--destination', 'hubspot', '--db', db)).toMatch(/^1\thubspot\.createTask\t2026-03-02T15:00:00\.000Z\t\S+:new-sql:\S+\tauth: HubSpot .*\(401\)/);
    expect(cli('deadletters', 'list', '--destination', 'segment', '--db', db)).toBe('no dead letters\n');
    expect(cli('deadletters', 'retry', '--all', '--destination', 'hubspot', '--db', db)).toBe('1 dead letter queued again\n');
    // The CLI queued the row at the wall-clock time; the restarted app's clock must be past it.
    const restarted = await start(sim.issueToken({ kind: 'private-app' }).accessToken, new ManualClock(Date.now() + 1000));
    app = restarted;
    // Time moves on, so that a send retried after a transient failure comes due again.
    await eventually(() => {
      restarted.clock.advance(1000);
      return sim!.store.tasks().length === 1;
    }, 10_000);
    expect(sim.store.tasks()[0]?.properties).toMatchObject({ hs_task_subject: 'Call Ann at Globex: new sales-qualified lead', hubspot_owner_id: '1001' });
    await eventually(async () => (await hubspotOf(restarted))?.destination?.state === 'ok');
    expect(await hubspotOf(restarted)).toMatchObject({ deadLetters: {}, attention: [] });
    expect(((await (await fetch(`${restarted.url}/healthz`)).json()) as { attention: string[] }).attention).toEqual([]);
  }, 30_000);

  it('refuses `deadletters retry` with neither ids nor --all, naming the usage', () => {
    expect(() => execFileSync(process.execPath, ['bin/pathwise.js', 'deadletters', 'retry', '--db', tempDb()], { encoding: 'utf8', stdio: 'pipe' })).toThrow(/give dead letter ids, or --all, not both/);
  });
});
