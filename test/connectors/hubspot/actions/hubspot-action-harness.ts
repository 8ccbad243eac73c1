import { hubspotConnector } from '../../../../connectors/hubspot/index.ts';
import { PATHWISE_ACTION_PROPERTY, PATHWISE_KEY_PROPERTY } from '../../../../connectors/hubspot/record-event.ts';
import { HubspotSettings } from '../../../../connectors/hubspot/settings.ts';
import type { ConnectorDefinition, SendMeta } from '../../../../connectors/sdk/define-connector.ts';
import { destinationHarness, HARNESS_T0 } from '../../../../connectors/sdk/test-harness.ts';
import { Dispatcher } from '../../../../src/runtime/dispatch/dispatcher.ts';
import type { RetryPolicy } from '../../../../src/runtime/dispatch/retry-policy.ts';
import type { OutboxRow } from '../../../../src/runtime/store/store.ts';
import { startHubspotSimulator, type HubspotSimulator, type HubspotSimulatorOptions } from '../../../simulators/hubspot/index.ts';

export { HARNESS_T0 as T0 };

/** Why-now of a typical decision, as the engine would attach it. */
export const EXPLANATION: SendMeta['explanation'] = {
  journeyId: 'webinar-to-demo',
  journeyName: 'Webinar attendee to 1:1 demo',
  reasons: ['Webinar Attended on 2026-03-01', 'Viewed pricing 3 times in 14 days'],
  trigger: { event: 'Webinar Attended', type: 'track', at: Date.parse('2026-03-01T14:00:00Z') },
};

export interface Row {
  key: string;
  destination: string;
  input: Record<string, unknown>;
  meta?: Partial<SendMeta>;
}

export interface HarnessOptions {
  /** Raw `connections.hubspot` values besides the credentials and basePath. */
  settings?: Record<string, unknown>;
  simulator?: HubspotSimulatorOptions;
  /** Credentials for the connection; default a private-app token. */
  credentials?: (sim: HubspotSimulator) => { settings?: Record<string, unknown>; secrets: Record<string, string> };
  /** Make `pathwise_key` an ordinary (not unique) property, as in a portal set up by hand. */
  keyNotUnique?: boolean;
  /** Leave the Pathwise task properties undefined, as in a portal nobody set up. */
  noTaskProperties?: boolean;
}

/**
 * The real HubSpot connector behind the real dispatcher (destinationHarness), against a HubSpot
 * simulator whose clock starts with the harness clock and moves with it (`advance`).
 */
export async function hubspotActionHarness(options: HarnessOptions = {}) {
  const sim = await startHubspotSimulator({
    now: HARNESS_T0,
    ...options.simulator,
    // The simulator's clock only moves on `advance`, so its one-second search window never slides
    // and would refuse the fifth search of a test for good. The connector's own limiter keeps to
    // 4 searches per real second; scripted 429s (failNext, rateLimitStorm) test the refusals.
    rateLimits: { searchPerSecond: 1_000, ...options.simulator?.rateLimits },
  });
  if (!options.noTaskProperties) {
    sim.store.defineProperty('tasks', PATHWISE_KEY_PROPERTY, { kind: 'string', hasUniqueValue: !options.keyNotUnique });
    sim.store.defineProperty('tasks', PATHWISE_ACTION_PROPERTY, { kind: 'string' });
  }
  const credentials = options.credentials?.(sim) ?? { secrets: { accessToken: sim.issueToken().accessToken } };
  const settings = HubspotSettings.parse({
    accessToken: { env: 'HUBSPOT_ACCESS_TOKEN' },
    basePath: sim.url,
    ...credentials.settings,
    ...options.settings,
  });
  const h = await destinationHarness({ connector: hubspotConnector as ConnectorDefinition<unknown>, settings, secrets: credentials.secrets });
  return {
    sim,
    h,
    settings,
    async enqueue(rows: Row[]): Promise<void> {
      await h.enqueue(rows.map((r) => ({ ...r, meta: { explanation: EXPLANATION, identifiers: { hubspot: ['51'] }, ...r.meta } })));
    },
    async rows(): Promise<OutboxRow[]> {
      return h.store.allOutbox(100);
    },
    async row(key: string): Promise<OutboxRow | undefined> {
      return (await h.store.allOutbox(100)).find((r) => r.key === key);
    },
    /** The `result` an acknowledged row stored (ref and detail). */
    async resultOf(key: string): Promise<Record<string, unknown> | undefined> {
      const row = (await h.store.allOutbox(100)).find((r) => r.key === key);
      return row?.result === undefined ? undefined : (JSON.parse(row.result) as Record<string, unknown>);
    },
    advance(ms: number): void {
      h.clock.advance(ms);
      sim.clock.advance(ms);
    },
    /**
     * A second process on the same outbox: a fresh connector context (no caches, no ledger, no
     * token state) and its own dispatcher, as after a crash and restart.
     */
    restartedDispatcher(retryPolicy?: RetryPolicy): Dispatcher {
      const entry = h.registry.get('hubspot');
      if (!entry) throw new Error('hubspot is not registered');
      const registry = new Map([['hubspot', { ...entry, context: { ...entry.context } }]]);
      return new Dispatcher({ store: h.store, registry, now: () => h.clock.now(), random: () => 0.5, ...(retryPolicy ? { retryPolicy } : {}) });
    },
    async close(): Promise<void> {
      await h.close();
      await sim.close();
    },
  };
}

export type HubspotActionHarness = Awaited<ReturnType<typeof hubspotActionHarness>>;
