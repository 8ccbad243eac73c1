import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rudderstackConnector } from '../../../connectors/rudderstack/index.ts';
import { RudderstackSettings } from '../../../connectors/rudderstack/settings.ts';
import type { ConnectorDefinition } from '../../../connectors/sdk/define-connector.ts';
import { ManualClock } from '../../../src/runtime/clock/clock.ts';
import type { ConnectorRegistry } from '../../../src/runtime/connectors/connector-registry.ts';
import { Dispatcher } from '../../../src/runtime/dispatch/dispatcher.ts';
import { openStore } from '../../../src/runtime/store/open-store.ts';
import type { Store } from '../../../src/runtime/store/store.ts';
import { emptyBatch } from '../../runtime/store/store-contract.ts';
import { startRudderstackIngestion } from '../../simulators/tracking-ingestion.ts';

const T0 = Date.parse('2026-03-02T15:00:00Z');
const KEY = 'rudder-source-key';
const noLog = { info() {}, warn() {}, error() {} };

let sim: Awaited<ReturnType<typeof startRudderstackIngestion>>;
let store: Store;
let clock: ManualClock;
let dispatcher: Dispatcher;
let registry: ConnectorRegistry;

beforeEach(async () => {
  sim = await startRudderstackIngestion({ writeKey: KEY });
  store = await openStore('sqlite::memory:');
  await store.migrate();
  clock = new ManualClock(T0);
  const context = { settings: RudderstackSettings.parse({ dataPlaneUrl: sim.url }), secrets: { writeKey: KEY }, now: () => clock.now(), log: noLog };
  registry = new Map([['rudderstack', { id: 'rudderstack', definition: rudderstackConnector as ConnectorDefinition<unknown>, context, dryRun: false }]]);
  dispatcher = new Dispatcher({ store, registry, now: () => clock.now(), random: () => 0.5 });
});
afterEach(async () => {
  await sim.close();
  await store.close();
});

async function enqueue(key: string, destination: string, input: Record<string, unknown>) {
  await store.commit(
    emptyBatch({
      outbox: [
        {
          key,
          profileId: 'p1',
          actionId: 'a',
          destination,
          channel: 'event',
          availableAt: T0,
          createdAt: T0,
          payload: JSON.stringify({ input, meta: { idempotencyKey: key, profileId: 'p1', actionId: 'a', traits: {}, identifiers: { anonymousId: ['anon-1'] }, explanation: { reasons: [] } } }),
        },
      ],
    }),
  );
}

describe('RudderStack destination through @rudderstack/rudder-sdk-node', () => {
  it('sends gzip batches with the idempotency key as messageId', async () => {
    await enqueue('r1', 'rudderstack.identify', { traits: { next_best_action: 'demo-task' } });
    await enqueue('r2', 'rudderstack.audience', { audience: 'demo_candidates', member: false });
    await dispatcher.runOnce();
    expect((await store.allOutbox(5)).map((r) => [r.key, r.status])).toEqual([
      ['r1', 'sent'],
      ['r2', 'sent'],
    ]);
    expect(sim.requests[0]?.headers['content-encoding']).toBe('gzip');
    expect(sim.accepted().map((m) => [m['type'], m['messageId'], m['anonymousId']])).toEqual([
      ['identify', 'r1', 'anon-1'],
      ['identify', 'r2:trait', 'anon-1'],
      ['track', 'r2:event', 'anon-1'],
    ]);
    expect(sim.accepted()[2]).toMatchObject({ event: 'Audience Exited', properties: { audience_key: 'demo_candidates', demo_candidates: false } });
  });

  it('maps 429 with Retry-After, 5xx and 400 to the dispatcher\'s retry rules', async () => {
    sim.failNext(1, { status: 429, headers: { 'retry-after': '3' } });
    await enqueue('r3', 'rudderstack.track', { event: 'Next Best Action Decided' });
    await dispatcher.runOnce();
    expect((await store.allOutbox(5))[0]).toMatchObject({ status: 'pending', availableAt: T0 + 3000, lastError: 'rate_limit: RudderStack answered 429 Too Many Requests' });
    sim.failNext(1, { status: 502 });
    clock.advance(3000);
    await dispatcher.runOnce();
    expect((await store.allOutbox(5))[0]).toMatchObject({ status: 'pending', attempts: 2, lastError: 'transient: RudderStack answered 502 Bad Gateway' });
    sim.failNext(1, { status: 400 });
    clock.advance(10_000);
    await dispatcher.runOnce();
    expect((await store.allOutbox(5))[0]).toMatchObject({ status: 'dead', attempts: 3, lastError: 'payload: RudderStack answered 400 Bad Request' });
  });
});
