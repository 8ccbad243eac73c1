import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { segmentConnector } from '../../../connectors/segment/index.ts';
import { SegmentSettings } from '../../../connectors/segment/settings.ts';
import type { ConnectorDefinition } from '../../../connectors/sdk/define-connector.ts';
import { destinationHarness, HARNESS_T0 as T0 } from '../../../connectors/sdk/test-harness.ts';
import { startSegmentIngestion } from '../../simulators/segment-ingestion.ts';

const KEY = 'segment-source-key';

let sim: Awaited<ReturnType<typeof startSegmentIngestion>>;
let h: Awaited<ReturnType<typeof destinationHarness>>;

beforeEach(async () => {
  sim = await startSegmentIngestion({ writeKey: KEY });
  h = await destinationHarness({ connector: segmentConnector as ConnectorDefinition<unknown>, settings: SegmentSettings.parse({ host: sim.url, writeKey: { env: 'X' } }), secrets: { writeKey: KEY } });
});
afterEach(async () => {
  await h.close();
  await sim.close();
});

async function enqueue(rows: { key: string; destination: string; input: Record<string, unknown> }[]) {
  await h.enqueue(rows.map((r) => ({ ...r, meta: { explanation: { journeyId: 'j', reasons: ['Webinar Attended on 2026-03-02'] } } })));
}

describe('Segment destination through @segment/analytics-node', () => {
  it('identify, track and audience arrive batched, with the idempotency key as messageId', async () => {
    await enqueue([
      { key: 'k-identify', destination: 'segment.identify', input: { traits: { next_best_action: 'demo-task', propensity: 0.42 } } },
      { key: 'k-track', destination: 'segment.track', input: { event: 'Next Best Action Decided', properties: { action: 'demo-task' } } },
      { key: 'k-audience', destination: 'segment.audience', input: { audience: 'demo_candidates' } },
    ]);
    expect(await h.dispatcher.runOnce()).toBe(3);
    expect((await h.store.allOutbox(10)).map((r) => [r.key, r.status])).toEqual([
      ['k-identify', 'sent'],
      ['k-track', 'sent'],
      ['k-audience', 'sent'],
    ]);
    const messages = sim.messages();
    expect(sim.requests.length).toBeLessThanOrEqual(2);
    expect(messages.map((m) => [m['type'], m['messageId'], m['userId']])).toEqual([
      ['identify', 'k-identify', 'u1'],
      ['track', 'k-track', 'u1'],
      ['identify', 'k-audience:trait', 'u1'],
      ['track', 'k-audience:event', 'u1'],
    ]);
    expect(messages[0]?.['traits']).toEqual({ next_best_action: 'demo-task', propensity: 0.42 });
    expect(messages[1]?.['properties']).toEqual({ action: 'demo-task', reasons: ['Webinar Attended on 2026-03-02'], journey: 'j' });
    expect(messages[3]).toMatchObject({ event: 'Audience Entered', properties: { audience_key: 'demo_candidates', demo_candidates: true } });
    expect(sim.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from(`${KEY}:`).toString('base64')}`);
  });

  it('a 429 with Retry-After leaves the row pending until then; the retry carries the same messageId', async () => {
    sim.failNext(1, { status: 429, headers: { 'retry-after': '7' } });
    await enqueue([{ key: 'k1', destination: 'segment.identify', input: { traits: { a: 1 } } }]);
    await h.dispatcher.runOnce();
    expect((await h.store.allOutbox(5))[0]).toMatchObject({ status: 'pending', attempts: 0, availableAt: T0 + 7000 });
    expect((await h.store.allOutbox(5))[0]?.lastError).toMatch(/^rate_limit: Segment rate limit/);
    h.clock.advance(7000);
    await h.dispatcher.runOnce();
    expect((await h.store.allOutbox(5))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(sim.requests.map((r) => [r.status, r.messages[0]?.['messageId']])).toEqual([
      [429, 'k1'],
      [200, 'k1'],
    ]);
  });

  it('a 5xx is retried with backoff; a 400 is dead-lettered at once', async () => {
    sim.failNext(1, { status: 503 });
    await enqueue([{ key: 'k5', destination: 'segment.track', input: { event: 'X' } }]);
    await h.dispatcher.runOnce();
    expect((await h.store.allOutbox(5))[0]).toMatchObject({ status: 'pending', availableAt: T0 + 1000, lastError: 'transient: Segment error: [503] Service Unavailable' });
    sim.failNext(1, { status: 400 });
    h.clock.advance(1000);
    await h.dispatcher.runOnce();
    expect((await h.store.allOutbox(5))[0]).toMatchObject({ status: 'dead', lastError: 'payload: Segment refused the event: [400] Bad Request' });
    expect((await h.store.listDeadLetters(5)).map((l) => l.ref)).toEqual(['k5']);
  });

  it('a wrong write key is an auth error that is not retried', async () => {
    const entry = h.registry.get('segment');
    if (entry) entry.context = { ...entry.context, secrets: { writeKey: 'wrong' } };
    await enqueue([{ key: 'k9', destination: 'segment.identify', input: { traits: {} } }]);
    await h.dispatcher.runOnce();
    expect((await h.store.allOutbox(5))[0]).toMatchObject({ status: 'dead', lastError: 'auth: Segment refused the write key: [401] Unauthorized' });
  });

  it('input that does not fit the action is dead-lettered with the field named', async () => {
    await enqueue([{ key: 'kx', destination: 'segment.track', input: { properties: {} } }]);
    await h.dispatcher.runOnce();
    expect((await h.store.allOutbox(5))[0]?.lastError).toMatch(/^payload: invalid segment.track input: event: /);
    expect(sim.requests).toEqual([]);
  });
});
