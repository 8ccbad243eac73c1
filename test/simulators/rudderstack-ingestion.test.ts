import { gzipSync } from 'node:zlib';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRudderstackIngestion } from './rudderstack-ingestion.ts';
import type { TrackingIngestion } from './segment-ingestion.ts';

// The SDK owns its timers (axios-retry's backoff and Retry-After), so these tests run on real
// time; every flush is bounded by the axios timeout and its retries by `retryCount`.
const KEY = 'RUDDER_WRITE_KEY';
const BASIC = `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let sim: TrackingIngestion;
beforeEach(async () => {
  sim = await startRudderstackIngestion({ writeKey: KEY });
});
afterEach(async () => {
  await sim.close();
});

/** What the SDK's errorHandler receives: an axios error. */
interface AxiosFailure {
  response?: { status: number; data: unknown };
}

function client(overrides: { writeKey?: string; gzip?: boolean } = {}) {
  const failures: AxiosFailure[] = [];
  const analytics = new RudderAnalytics(overrides.writeKey ?? KEY, {
    dataPlaneUrl: sim.url,
    flushAt: 10,
    flushInterval: 10_000,
    // axios-retry counts this timeout across all attempts of a batch (shouldResetTimeout false): it bounds each flush.
    axiosConfig: { timeout: 5_000 },
    retryCount: 3,
    logLevel: 'none',
    // Without a handler the SDK rethrows from flush(); collecting the error lets the test assert on it.
    errorHandler: (error?: AxiosFailure) => void (error !== undefined && failures.push(error)),
    ...(overrides.gzip === undefined ? {} : { gzip: overrides.gzip }),
  });
  return { analytics, failures };
}

function post(path: string, body: string | Buffer, headers: Record<string, string> = {}) {
  return fetch(`${sim.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
}

describe('RudderStack ingestion simulator driven by @rudderstack/rudder-sdk-node 3.0.13', () => {
  it('receives identify, track, page, screen, group and alias gzipped under a form Content-Type, first event alone', async () => {
    const { analytics, failures } = client();
    analytics.identify({ userId: 'u1', traits: { email: 'a@b.com' } });
    analytics.track({ userId: 'u1', event: 'Order Completed', properties: { revenue: 42 } });
    analytics.page({ anonymousId: 'anon-9', name: 'Home', properties: { url: 'https://x' } });
    analytics.screen({ userId: 'u1', name: 'Settings' });
    analytics.group({ userId: 'u1', groupId: 'g1', traits: { name: 'Acme' } });
    analytics.alias({ userId: 'u1', previousId: 'anon-9' });
    await analytics.flush();

    expect(failures).toEqual([]);
    expect(sim.requests.map((r) => [r.method, r.path, r.status, r.messages.length])).toEqual([
      ['POST', '/v1/batch', 200, 1],
      ['POST', '/v1/batch', 200, 5],
    ]);
    for (const request of sim.requests) {
      expect([request.headers.authorization, request.headers['content-encoding'], request.headers['content-type']]).toEqual([BASIC, 'gzip', 'application/x-www-form-urlencoded']);
    }
    expect(sim.messages().map((m) => [m['type'], m['userId'] ?? m['anonymousId'], m['channel']])).toEqual([
      ['identify', 'u1', 'server'],
      ['track', 'u1', 'server'],
      ['page', 'anon-9', 'server'],
      ['screen', 'u1', 'server'],
      ['group', 'u1', 'server'],
      ['alias', 'u1', 'server'],
    ]);
    const [identify, track, page, , group, alias] = sim.messages();
    expect(identify).toMatchObject({ traits: { email: 'a@b.com' }, context: { traits: { email: 'a@b.com' } } });
    expect(track).toMatchObject({ event: 'Order Completed', properties: { revenue: 42 } });
    expect(page).toMatchObject({ name: 'Home', properties: { url: 'https://x' } });
    expect(group).toMatchObject({ groupId: 'g1', traits: { name: 'Acme' } });
    expect(alias?.['previousId']).toBe('anon-9');
    const ids = sim.messages().map((m) => m['messageId']);
    expect(ids.every((id) => typeof id === 'string' && UUID_V4.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(6);
    expect(sim.uniqueMessages()).toEqual(sim.messages());
  });

  it('receives plain JSON when gzip is off', async () => {
    const { analytics } = client({ gzip: false });
    analytics.track({ userId: 'u1', event: 'Plain' });
    await analytics.flush();
    expect(sim.requests.map((r) => [r.status, r.headers['content-encoding'], r.headers['content-type']])).toEqual([[200, undefined, 'application/json']]);
    expect(sim.messages().map((m) => m['event'])).toEqual(['Plain']);
  });

  it('sees a 500 and a 429 with Retry-After: 1 retried with the same messageIds, the last after at least a second', async () => {
    sim.failNext(1, { status: 500 });
    sim.failNext(1, { status: 429, headers: { 'retry-after': '1' } });
    const { analytics, failures } = client();
    analytics.track({ userId: 'u1', event: 'E' });
    await analytics.flush();

    expect(failures).toEqual([]);
    const [first, limited, accepted] = sim.requests;
    const id = first?.messages[0]?.['messageId'];
    expect(typeof id).toBe('string');
    expect(sim.requests.map((r) => [r.status, r.retryCount, r.messages.map((m) => m['messageId'])])).toEqual([
      [500, undefined, [id]],
      [429, undefined, [id]],
      [200, undefined, [id]],
    ]);
    expect((accepted?.receivedAt ?? 0) - (limited?.receivedAt ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect(sim.messages().map((m) => m['messageId'])).toEqual([id]);
  });

  it('answers a wrong write key with 401 Invalid Write Key, which the SDK does not retry', async () => {
    const { analytics, failures } = client({ writeKey: 'wrong-key' });
    analytics.identify({ userId: 'u1', traits: { plan: 'pro' } });
    await analytics.flush();

    expect(sim.requests.map((r) => r.status)).toEqual([401]);
    expect(failures.map((f) => [f.response?.status, f.response?.data])).toEqual([[401, 'Invalid Write Key\n']]);
    expect(sim.messages()).toEqual([]);
  });

  it('sees a 400 not retried', async () => {
    sim.failNext(1, { status: 400 });
    const { analytics, failures } = client();
    analytics.track({ userId: 'u1', event: 'Refused' });
    await analytics.flush();

    expect(sim.requests.map((r) => [r.status, r.messages[0]?.['event']])).toEqual([[400, 'Refused']]);
    expect(failures.map((f) => [f.response?.status, f.response?.data])).toEqual([[400, 'Bad Request\n']]);
  });
});

describe('RudderStack ingestion simulator on the wire', () => {
  const track = (userId: string, extra: Record<string, unknown> = {}) => ({ type: 'track', userId, event: 'E', messageId: `m-${userId}`, ...extra });

  it('answers 200 OK as text and gunzips whatever the Content-Type', async () => {
    const res = await post('/v1/batch', gzipSync(JSON.stringify({ batch: [track('u1')] })), { authorization: BASIC, 'content-encoding': 'gzip', 'content-type': 'application/x-www-form-urlencoded' });
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([200, 'text/plain; charset=utf-8', 'OK']);
    expect(sim.messages()).toEqual([track('u1')]);
  });

  it('types the body of a call endpoint by its path', async () => {
    expect((await post('/v1/page', JSON.stringify({ anonymousId: 'a1', name: 'Home' }), { authorization: BASIC })).status).toBe(200);
    expect(sim.messages()).toEqual([{ anonymousId: 'a1', name: 'Home', type: 'page' }]);
  });

  it('records every delivery while uniqueMessages keeps the first of each messageId', async () => {
    const body = JSON.stringify({ batch: [track('u1'), track('u2')] });
    await post('/v1/batch', body, { authorization: BASIC });
    await post('/v1/batch', body, { authorization: BASIC });
    expect(sim.messages()).toHaveLength(4);
    expect(sim.uniqueMessages()).toEqual([track('u1'), track('u2')]);
  });

  it.each([
    ['no Basic auth, even with writeKey in the body', JSON.stringify({ batch: [track('u1')], writeKey: KEY }), {}, 401, 'Failed to read writeKey from header\n'],
    ['a wrong write key', JSON.stringify({ batch: [track('u1')] }), { authorization: `Basic ${Buffer.from('nope:').toString('base64')}` }, 401, 'Invalid Write Key\n'],
    ['invalid JSON', '{"batch":', { authorization: BASIC }, 400, 'Invalid JSON\n'],
    ['an empty body', '', { authorization: BASIC }, 400, 'Request body is nil\n'],
    ['a message with neither userId nor anonymousId', JSON.stringify({ batch: [track('u1'), { type: 'track', event: 'E' }] }), { authorization: BASIC }, 400, 'Request neither has anonymousId nor userId\n'],
    ['an event over 32 KB', JSON.stringify({ batch: [track('u1', { properties: { blob: 'x'.repeat(33 * 1024) } })] }), { authorization: BASIC }, 413, 'Request size exceeds max limit\n'],
    ['a request over 4000 KB', JSON.stringify({ batch: Array.from({ length: 140 }, (_, i) => track(`u${i}`, { properties: { blob: 'x'.repeat(30 * 1024) } })) }), { authorization: BASIC }, 413, 'Request size exceeds max limit\n'],
  ])("refuses %s with the gateway's status and message", async (_, body, headers, status, text) => {
    const res = await post('/v1/batch', body, headers);
    expect([res.status, res.headers.get('content-type'), res.headers.get('x-content-type-options'), await res.text()]).toEqual([status, 'text/plain; charset=utf-8', 'nosniff', text]);
    expect(sim.messages()).toEqual([]);
  });

  it("words scripted faults as the gateway does unless the fault brings its own body", async () => {
    sim.failNext(1, { status: 429 });
    sim.failNext(1, { status: 502, body: 'upstream down' });
    const body = JSON.stringify({ batch: [track('u1')] });
    const limited = await post('/v1/batch', body, { authorization: BASIC });
    const down = await post('/v1/batch', body, { authorization: BASIC });
    expect([limited.status, await limited.text()]).toEqual([429, 'Max Requests Limit reached\n']);
    expect([down.status, await down.text()]).toEqual([502, 'upstream down']);
    expect((await post('/v1/batch', body, { authorization: BASIC })).status).toBe(200);
  });
});
