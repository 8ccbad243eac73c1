import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hubspotConnector } from '../../../connectors/hubspot/index.ts';
import { HubspotSettings } from '../../../connectors/hubspot/settings.ts';
import type { ConnectorContext } from '../../../connectors/sdk/define-connector.ts';
import { Manifest } from '../../../src/manifest/schema/manifest.ts';
import { startHubspotSimulator, type HubspotSimulator } from '../../simulators/hubspot/index.ts';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const quiet = { info() {}, warn() {}, error() {} };
const manifest = Manifest.parse(JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8')));
const ALL_SCOPES = ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.owners.read', 'crm.schemas.contacts.write', 'crm.schemas.contacts.read', 'transactional-email', 'crm.lists.write', 'crm.lists.read'];

describe('pathwise install hubspot', () => {
  let sim: HubspotSimulator;
  beforeEach(async () => {
    sim = await startHubspotSimulator({ now: T0 });
  });
  afterEach(async () => sim.close());

  function context(scopes: string[], extra: Record<string, unknown> = {}): ConnectorContext<HubspotSettings> {
    const token = sim.issueToken({ scopes });
    return {
      settings: HubspotSettings.parse({ accessToken: { env: 'T' }, developerApiKey: { env: 'D' }, appId: sim.appId, portalId: sim.portalId, basePath: sim.url, ...extra }),
      secrets: { accessToken: token.accessToken, developerApiKey: sim.developerApiKey },
      now: () => sim.clock.now(),
      log: quiet,
    };
  }

  const install = (ctx: ConnectorContext<HubspotSettings>) => (hubspotConnector.install as NonNullable<typeof hubspotConnector.install>)(ctx, { publicUrl: 'https://pathwise.acme.io/', manifest });

  it('points the app at Pathwise, subscribes to what the journeys read and to task completions, and creates the task properties', async () => {
    // The simulated account says US/Eastern, the alias HubSpot uses for the manifest's America/New_York.
    const report = await install(context(ALL_SCOPES, { timeZone: 'America/New_York' }));
    expect(report.steps.filter((s) => !s.done)).toEqual([]);
    expect(report.steps.map((s) => s.what)).toContain('Account time zone: US/Eastern, as connections.hubspot.timeZone says');
    const subs = sim.store.webhooks.subscriptions(sim.appId);
    expect(sim.store.webhooks.settings.get(sim.appId)?.targetUrl).toBe('https://pathwise.acme.io/webhooks/hubspot');
    expect(subs.every((s) => s.active)).toBe(true);
    const names = subs.map((s) => `${s.eventType}${s.objectTypeId ? `@${s.objectTypeId}` : ''}${s.propertyName ? `:${s.propertyName}` : ''}`);
    expect(names).toEqual(expect.arrayContaining(['contact.creation', 'contact.merge', 'contact.deletion', 'contact.propertyChange:hubspot_owner_id', 'contact.propertyChange:plan', 'contact.propertyChange:do_not_call', 'deal.propertyChange:dealstage', 'object.propertyChange@0-27:hs_task_status']));
    expect(sim.store.types.get('tasks')?.properties['pathwise_key']).toMatchObject({ kind: 'string', hasUniqueValue: true });
    expect(sim.store.types.get('tasks')?.properties['pathwise_action']).toMatchObject({ kind: 'string' });
  });

  it('changes nothing the second time and says so', async () => {
    const ctx = context(ALL_SCOPES);
    await install(ctx);
    const before = sim.store.webhooks.subscriptions(sim.appId).length;
    const again = await install(ctx);
    expect(sim.store.webhooks.subscriptions(sim.appId)).toHaveLength(before);
    expect(again.steps.filter((s) => /^Subscription /.test(s.what)).every((s) => s.what.endsWith('already active'))).toBe(true);
    expect(again.steps.map((s) => s.what)).toContain('Task property pathwise_key: already there');
  });

  it("asks for the account's time zone when the connection does not name it, or names another", async () => {
    const unset = await install(context(ALL_SCOPES));
    expect(unset.steps.filter((s) => !s.done).map((s) => s.what)).toEqual([
      'Account time zone: US/Eastern; set connections.hubspot.timeZone to "US/Eastern" so that sends refused for the daily limit wait for its midnight',
    ]);
    const other = await install(context(ALL_SCOPES, { timeZone: 'Europe/Paris' }));
    expect(other.steps.filter((s) => !s.done).map((s) => s.what)).toEqual(['Account time zone: US/Eastern, but connections.hubspot.timeZone is "Europe/Paris"; set it to "US/Eastern"']);
  });

  it('names each missing scope with what it is needed for', async () => {
    const report = await install(context(['crm.objects.contacts.read', 'crm.objects.contacts.write']));
    const missing = report.steps.filter((s) => !s.done).map((s) => s.what);
    expect(missing).toEqual(expect.arrayContaining(['Scope to send single emails: MISSING, grant one of transactional-email, marketing-email', 'Scope to change list memberships: MISSING, grant one of crm.lists.write']));
  });

  it('reports a token from another portal and a wrong developer key without throwing', async () => {
    const ctx = context(ALL_SCOPES, { portalId: 999 });
    const report = await install({ ...ctx, secrets: { ...ctx.secrets, developerApiKey: 'wrong' } });
    const failed = report.steps.filter((s) => !s.done).map((s) => s.what);
    expect(failed).toContain(`Token belongs to portal ${sim.portalId}, but connections.hubspot.portalId is 999`);
    expect(failed.some((w) => w.startsWith('Webhooks: HubSpot configure webhooks failed (401)'))).toBe(true);
  });
});
