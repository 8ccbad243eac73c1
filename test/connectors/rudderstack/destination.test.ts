import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rudderstackConnector } from '../../../connectors/rudderstack/index.ts';
import { RudderstackSettings } from '../../../connectors/rudderstack/settings.ts';
import type { ConnectorDefinition } from '../../../connectors/sdk/define-connector.ts';
import { destinationHarness, HARNESS_T0 as T0 } from '../../../connectors/sdk/test-harness.ts';
import { startRudderstackIngestion } from '../../simulators/tracking-ingestion.ts';

const KEY = 'rudder-source-key';

let sim: Awaited<ReturnType<typeof startRudderstackIngestion>>;
let h: Awaited<ReturnType<typeof destinationHarness>>;

beforeEach(async () => {
  sim = await startRudderstackIngestion({ writeKey: KEY });
  h = await destinationHarness({ connector: rudderstackConnector as ConnectorDefinition<unknown>, settings: RudderstackSettings.parse({ dataPlaneUrl: sim.url }), secrets: { writeKey: KEY } });
});
afterEach(async () => {
  await h.close();
  await sim.close();
});

async function enqueue(key: string, destination: string, input: Record<string, unknown>) {
  await h.enqueue([{ key, destination, input, meta: { identifiers: { anonymousId: ['anon-1'] } } }]);
}

describe('RudderStack destination through @rudderstack/rudder-sdk-node', () => {
  it('sends gzip batches with the idempotency key as messageId', async () => {
    await enqueue('r1', 'rudderstack.identify', { traits: { next_best_action: 'demo-task' } });
    await enqueue('r2', 'rudderstack.audience', { audience: 'demo_candidates', member: false });
    await h.dispatcher.runOnce();
    expect((await h.store.allOutbox(5)).map((r) => [r.key, r.status])).toEqual([
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
    await h.dispatcher.runOnce();
    expect((await h.store.allOutbox(5))[0]).toMatchObject({ status: 'pending', availableAt: T0 + 3000, lastError: 'rate_limit: RudderStack answered 429 Too Many Requests' });
    sim.failNext(1, { status: 502 });
    h.clock.advance(3000);
    await h.dispatcher.runOnce();
    expect((await h.store.allOutbox(5))[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: 'transient: RudderStack answered 502 Bad Gateway' });
    sim.failNext(1, { status: 400 });
    h.clock.advance(10_000);
    await h.dispatcher.runOnce();
    expect((await h.store.allOutbox(5))[0]).toMatchObject({ status: 'dead', attempts: 2, lastError: 'payload: RudderStack answered 400 Bad Request' });
  });
});
