import type { App } from '../../../src/runtime/app.ts';
import { ManualClock } from '../../../src/runtime/clock/clock.ts';
import { ADMIN_TOKEN, eventually, startTestApp } from '../../helpers/runtime-fixtures.ts';
import { startHubspotSimulator, type DeliveryOptions, type DeliveryResult, type HubspotSimulator } from '../../simulators/hubspot/index.ts';

export const T0 = Date.parse('2026-03-02T15:00:00Z');
export const CLIENT_SECRET = 'hubspot-test-client-secret';

/** A journey a deal moving stage starts: a rep task now, then a week's wait (so the enrollment stays active). */
const DEAL_JOURNEY = {
  id: 'deal-moved',
  name: 'Deal moved: call the buyer',
  trigger: { type: 'record', object: 'deal', changeType: 'updated', field: 'dealstage' },
  start: 'call',
  steps: [
    { id: 'call', type: 'action', action: 'call-buyer', next: 'follow-up' },
    { id: 'follow-up', type: 'wait', duration: '7d' },
  ],
};

export function hubspotManifest(sim: HubspotSimulator, settings: Record<string, unknown> = {}) {
  return {
    version: 1,
    name: 'hubspot webhooks and card',
    connections: {
      hubspot: { accessToken: { env: 'HUBSPOT_TOKEN' }, clientSecret: { env: 'HUBSPOT_CLIENT_SECRET' }, portalId: sim.portalId, basePath: sim.url, ...settings },
    },
    actions: [{ id: 'call-buyer', name: 'Call the buyer', channel: 'task', destination: 'log.record', params: { subject: 'Call {{ traits.firstname }}' } }],
    journeys: [DEAL_JOURNEY],
  };
}

/**
 * A contact becoming a sales-qualified lead gets a why-now call task in HubSpot: the loop the
 * end-to-end tests drive. Secrets from HUBSPOT_TOKEN and HUBSPOT_SECRET.
 */
export function sqlCallTaskManifest(sim: HubspotSimulator) {
  return {
    version: 1,
    name: 'hubspot loop',
    connections: {
      hubspot: { accessToken: { env: 'HUBSPOT_TOKEN' }, clientSecret: { env: 'HUBSPOT_SECRET' }, portalId: sim.portalId, basePath: sim.url, assignment: { roundRobin: ['1002'], dailyCapacity: 5 } },
    },
    actions: [
      {
        id: 'sql-call-task',
        channel: 'task',
        destination: 'hubspot.createTask',
        params: {
          subject: 'Call {{ profile.traits.firstname }} at {{ profile.traits.company }}: new sales-qualified lead',
          body: "Why now: {{ explanation.reasons | join: '; ' }}.",
          priority: 'HIGH',
          type: 'CALL',
          dueInDays: 1,
        },
      },
    ],
    journeys: [
      {
        id: 'new-sql',
        name: 'New SQL gets a call',
        trigger: { type: 'record', object: 'contact', where: { path: 'traits.lifecyclestage', op: 'eq', value: 'salesqualifiedlead' } },
        start: 'call',
        steps: [{ id: 'call', type: 'action', action: 'sql-call-task' }],
      },
    ],
  };
}

export interface ProfileView {
  id: string;
  identities: Record<string, string[]>;
  traits: Record<string, unknown>;
  owner: string | null;
  eventCount: number;
  enrollments: { journeyId: string; currentStep: string | null }[];
  actions: { key: string; actionId: string; status: string; outcomes: { outcome: string; ref: string | null; source: string }[] }[];
}

/** A Pathwise app wired to a HubSpot simulator whose app secret signs the webhooks and card requests. */
export interface HubspotHarness {
  sim: HubspotSimulator;
  app: App & { clock: ManualClock };
  webhookUrl: string;
  /** Where the change log stands now: `deliverSince(mark)` sends what happened after it. */
  mark(): number;
  /** The webhook events for the changes after `mark`, signed and POSTed like HubSpot does. */
  deliverSince(mark: number, options?: Partial<DeliveryOptions>): Promise<DeliveryResult>;
  /** Resolves once the worker has applied everything in the inbox. */
  settled(): Promise<void>;
  /** The admin API's view of the profile holding this identifier, or undefined (404). */
  profile(type: string, value: string): Promise<ProfileView | undefined>;
  close(): Promise<void>;
}

export async function startHubspotHarness(settings: Record<string, unknown> = {}): Promise<HubspotHarness> {
  const sim = await startHubspotSimulator({ now: T0, clientSecret: CLIENT_SECRET });
  sim.seed({ owners: [{ id: '701', email: 'rita@acme.io', firstName: 'Rita' }] });
  sim.store.defineProperty('tasks', 'pathwise_key', { kind: 'string' });
  const token = sim.issueToken();
  const app = await startTestApp({
    clock: new ManualClock(T0),
    manifest: hubspotManifest(sim, settings),
    env: { HUBSPOT_TOKEN: token.accessToken, HUBSPOT_CLIENT_SECRET: CLIENT_SECRET, PATHWISE_ADMIN_TOKEN: ADMIN_TOKEN },
  });
  const webhookUrl = `${app.url}/webhooks/hubspot`;
  return {
    sim,
    app,
    webhookUrl,
    mark: () => sim.store.changes.all().length,
    deliverSince: (mark, options) => sim.deliverWebhooks(webhookUrl, sim.webhookEvents(sim.store.changes.all().slice(mark)), options),
    settled: () => eventually(async () => (await app.store.stats()).inboxPending === 0),
    async profile(type, value) {
      const res = await fetch(`${app.url}/api/profiles?${type}=${encodeURIComponent(value)}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      if (res.status === 404) return undefined;
      // The admin API's documented shape; the fields the tests read are typed above.
      return (await res.json()) as ProfileView;
    },
    async close() {
      await app.stop();
      await sim.close();
    },
  };
}

/** The JSON body of a delivery attempt's response. */
export function responseOf(attempt: { responseBody: string } | undefined): Record<string, unknown> {
  // The webhook route always answers JSON; a test reading a non-JSON body fails here, as it should.
  return JSON.parse(attempt?.responseBody ?? 'null') as Record<string, unknown>;
}
