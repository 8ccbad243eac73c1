import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/runtime/clock/clock.ts';
import type { App } from '../../../src/runtime/app.ts';
import { ADMIN_TOKEN, eventually, startTestApp } from '../../helpers/runtime-fixtures.ts';
import { CLIENT_SECRET, hubspotManifest, T0, type ProfileView } from '../../connectors/hubspot/hubspot-app.ts';
import { startHubspotSimulator, type HubspotSimulator } from '../../simulators/hubspot/index.ts';

const MINUTE = 60_000;

async function profileByHubspotId(app: App, id: string): Promise<ProfileView | undefined> {
  const res = await fetch(`${app.url}/api/profiles?hubspot=${id}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  // The admin API's documented shape; the fields read here are typed in ProfileView.
  return res.status === 200 ? ((await res.json()) as ProfileView) : undefined;
}

async function syncHealth(app: App): Promise<{ ok: boolean; streams: { stream: string; state: string; lastError?: { kind: string } }[] }> {
  // The route's documented shape.
  return (await (await fetch(`${app.url}/healthz/sync`)).json()) as { ok: boolean; streams: { stream: string; state: string; lastError?: { kind: string } }[] };
}

describe('the app runs the HubSpot sync', () => {
  let sim: HubspotSimulator;
  let app: App | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await sim.close();
  });

  async function start(token: string): Promise<App> {
    return startTestApp({
      clock: new ManualClock(T0),
      manifest: hubspotManifest(sim, { sync: { objects: ['contacts', 'deals'] } }),
      env: { HUBSPOT_TOKEN: token, HUBSPOT_CLIENT_SECRET: CLIENT_SECRET, PATHWISE_ADMIN_TOKEN: ADMIN_TOKEN },
    });
  }

  it("brings a contact and its deal's stage move to the contact's profile, which the deal journey then enrolls", async () => {
    sim = await startHubspotSimulator({ now: T0, clientSecret: CLIENT_SECRET });
    const { contacts } = sim.seed({ contacts: [{ properties: { email: 'buyer@acme.io', firstname: 'Bea', lifecyclestage: 'opportunity' }, createdAt: T0 - 60 * MINUTE }] });
    const { deals } = sim.seed({ deals: [{ properties: { dealname: 'Acme', dealstage: 'contractsent' }, createdAt: T0 - 50 * MINUTE, updatedAt: T0 - 5 * MINUTE }] });
    sim.seed({ associations: [{ from: 'deals', fromId: deals[0]!, to: 'contacts', toId: contacts[0]! }] });

    const started = await start(sim.issueToken().accessToken);
    app = started;

    await eventually(async () => (await profileByHubspotId(started, contacts[0]!))?.enrollments.some((e) => e.journeyId === 'deal-moved') === true);
    const profile = await profileByHubspotId(started, contacts[0]!);
    expect(profile?.traits).toMatchObject({ email: 'buyer@acme.io', firstname: 'Bea', lifecyclestage: 'opportunity' });
    expect(profile?.identities).toMatchObject({ hubspot: [contacts[0]], email: ['buyer@acme.io'] });
    await eventually(async () => (await syncHealth(started)).streams.every((s) => s.state === 'caught-up'));
    expect(await syncHealth(started)).toMatchObject({ ok: true, streams: [{ stream: 'contacts' }, { stream: 'deals' }] });
  });

  it('shows a stream stopped by a refused token at /healthz/sync, and still stops gracefully', async () => {
    sim = await startHubspotSimulator({ now: T0, clientSecret: CLIENT_SECRET });
    const token = sim.issueToken().accessToken;
    sim.revokeToken(token);
    const started = await start(token);
    app = started;

    await eventually(async () => (await syncHealth(started)).streams.length === 2 && (await syncHealth(started)).streams.every((s) => s.state === 'stopped'));
    expect(await syncHealth(started)).toMatchObject({ ok: false, streams: [{ stream: 'contacts', lastError: { kind: 'auth' } }, { stream: 'deals', lastError: { kind: 'auth' } }] });
    expect(started.sync.status().map((s) => s.state)).toEqual(['stopped', 'stopped']);
  });
});
