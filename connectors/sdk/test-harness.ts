import type { Store } from '../../src/runtime/store/store.ts';
import { openStore } from '../../src/runtime/store/open-store.ts';
import { ManualClock } from '../../src/runtime/clock/clock.ts';
import type { ConnectorRegistry } from '../../src/runtime/connectors/connector-registry.ts';
import { Dispatcher } from '../../src/runtime/dispatch/dispatcher.ts';
import type { ConnectorDefinition, SendMeta } from './define-connector.ts';

export const HARNESS_T0 = Date.parse('2026-03-02T15:00:00Z');

const quiet = { info() {}, warn() {}, error() {} };

export interface HarnessRow {
  key: string;
  destination: string;
  input: Record<string, unknown>;
  meta?: Partial<SendMeta>;
}

/**
 * Runs a connector's destination actions the way production does — outbox rows in an in-memory
 * store, the real Dispatcher with its retry policy, a clock the test moves — so a connector
 * test asserts on outbox state and on what its platform simulator received.
 */
export async function destinationHarness(options: { connector: ConnectorDefinition<unknown>; settings: unknown; secrets: Record<string, string>; dryRun?: boolean }) {
  const store: Store = await openStore('sqlite::memory:');
  await store.migrate();
  const clock = new ManualClock(HARNESS_T0);
  const registry: ConnectorRegistry = new Map([
    [
      options.connector.id,
      {
        id: options.connector.id,
        definition: options.connector,
        context: { settings: options.settings, secrets: options.secrets, now: () => clock.now(), log: quiet },
        dryRun: options.dryRun ?? false,
      },
    ],
  ]);
  // random() = 0.5 removes jitter, so backoff delays are exact in assertions.
  const dispatcher = new Dispatcher({ store, registry, now: () => clock.now(), random: () => 0.5 });
  return {
    store,
    clock,
    registry,
    dispatcher,
    async enqueue(rows: HarnessRow[]): Promise<void> {
      await store.commit({
        profiles: [],
        deletedProfileIds: [],
        identities: [],
        timersToAdd: [],
        timersToCancel: [],
        decisions: [],
        journeyEvents: [],
        deadLetters: [],
        audit: [],
        outbox: rows.map((r) => {
          const meta: SendMeta = { idempotencyKey: r.key, profileId: 'p1', actionId: 'a', traits: {}, identifiers: { userId: ['u1'] }, explanation: { reasons: [] }, ...r.meta };
          return { key: r.key, profileId: meta.profileId, actionId: meta.actionId, destination: r.destination, channel: 'event', availableAt: clock.now(), createdAt: clock.now(), payload: JSON.stringify({ input: r.input, meta }) };
        }),
      });
    },
    async close(): Promise<void> {
      const entry = registry.get(options.connector.id);
      if (entry) await options.connector.destination?.close?.(entry.context);
      await store.close();
    },
  };
}
