import pino from 'pino';
import { ManualClock } from '../../../../src/runtime/clock/clock.ts';
import { buildRegistry, type ConnectorRegistry } from '../../../../src/runtime/connectors/connector-registry.ts';
import { Manifest } from '../../../../src/manifest/schema/manifest.ts';
import { openStore } from '../../../../src/runtime/store/open-store.ts';
import type { InboxRow, Store } from '../../../../src/runtime/store/store.ts';
import { SyncRunner, type SyncRunnerOptions } from '../../../../src/runtime/sync/sync-runner.ts';
import type { Sleep } from '../../../../src/runtime/sync/sleep.ts';
import { tempDb } from '../../../helpers/runtime-fixtures.ts';
import { startHubspotSimulator, type HubspotSimulator, type HubspotSimulatorOptions, type RecordedRequest } from '../../../simulators/hubspot/index.ts';

export const T0 = Date.parse('2026-03-02T15:00:00Z');
export const MINUTE = 60_000;

/** A manifest with only the HubSpot connection and its sync settings. */
export function syncManifest(sim: HubspotSimulator, settings: Record<string, unknown> = {}, sync: Record<string, unknown> = {}) {
  return Manifest.parse({
    version: 1,
    name: 'hubspot sync',
    connections: { hubspot: { accessToken: { env: 'HUBSPOT_TOKEN' }, portalId: sim.portalId, basePath: sim.url, sync: { lookBackMinutes: 10, ...sync }, ...settings } },
  });
}

export interface SyncHarness {
  sim: HubspotSimulator;
  /** The app's clock; the fake sleep moves it and the simulator's together. */
  clock: ManualClock;
  store: Store;
  db: string;
  registry: ConnectorRegistry;
  /** Every wait the runner asked for, in ms, in order. */
  waits: number[];
  sleep: Sleep;
  runner(options?: Partial<SyncRunnerOptions>): SyncRunner;
  /** Every inbox row, in seq order. */
  inbox(): Promise<InboxRow[]>;
  /** The search requests the simulator received (those answered 200 and the others), in order. */
  searches(objectType: string): RecordedRequest[];
  /** Moves the app clock and the simulator clock together. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  sim?: HubspotSimulatorOptions;
  settings?: Record<string, unknown>;
  sync?: Record<string, unknown>;
  /** The environment secrets resolve from; default a private-app token of the simulator as HUBSPOT_TOKEN. */
  env?: (sim: HubspotSimulator) => Record<string, string>;
  db?: string;
}

/**
 * A HubSpot simulator frozen at T0, a SQLite store on a temporary file, the registry a manifest
 * with `connections.hubspot.sync` resolves to, and a sleep that moves both clocks instead of
 * waiting: nothing in these tests waits in real time except the client's own 4/s search pacing.
 */
export async function startSyncHarness(options: HarnessOptions = {}): Promise<SyncHarness> {
  // Generous limits unless a test is about them: with the simulator clock frozen, HubSpot's 4/s
  // would refuse every fifth search until the clock moves.
  const sim = await startHubspotSimulator({ now: T0, rateLimits: { searchPerSecond: 100_000, burstPer10s: 100_000 }, ...options.sim });
  sim.store.defineProperty('tasks', 'pathwise_key', { kind: 'string' });
  sim.store.defineProperty('tasks', 'pathwise_action', { kind: 'string' });
  const clock = new ManualClock(T0);
  const db = options.db ?? tempDb();
  const store = await openStore(db);
  await store.migrate();
  const env = options.env ? options.env(sim) : { HUBSPOT_TOKEN: sim.issueToken().accessToken };
  const log = pino({ level: 'silent' });
  const registry = buildRegistry(syncManifest(sim, options.settings, options.sync), { env, now: () => clock.now(), log });
  const waits: number[] = [];
  const advance = (ms: number) => {
    clock.advance(ms);
    sim.clock.advance(ms);
  };
  const sleep: Sleep = async (ms) => {
    waits.push(ms);
    advance(Math.max(0, ms));
  };
  return {
    sim,
    clock,
    store,
    db,
    registry,
    waits,
    sleep,
    runner: (overrides = {}) => new SyncRunner({ registry, store, now: () => clock.now(), log, sleep, ...overrides }),
    inbox: () => store.readInbox(0, 1_000_000),
    searches: (objectType) => sim.requests.filter((r) => r.method === 'POST' && r.path === `/crm/v3/objects/${objectType}/search`),
    advance,
    async close() {
      await store.close();
      await sim.close();
    },
  };
}

/** The parsed canonical event of an inbox row. */
export function eventOf(row: InboxRow): Record<string, unknown> & { messageId: string } {
  // The inbox stores validated canonical events as JSON, always with a messageId.
  return JSON.parse(row.payload) as Record<string, unknown> & { messageId: string };
}

/** The GTE and LTE bounds of a recorded window search (tie searches have neither). */
export function windowOf(request: RecordedRequest): { from: number; to: number; after: string } {
  // The simulator recorded the JSON body the SDK sent; its shape is the search request.
  const body = request.body as { after?: string; filterGroups: { filters: { operator: string; value: string }[] }[] };
  const filters = body.filterGroups[0]?.filters ?? [];
  return {
    from: Number(filters.find((f) => f.operator === 'GTE')?.value),
    to: Number(filters.find((f) => f.operator === 'LTE')?.value),
    after: body.after ?? '0',
  };
}
