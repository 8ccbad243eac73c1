import { gzipSync } from 'node:zlib';
import { Analytics, type Context } from '@segment/analytics-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSegmentIngestion, type TrackingIngestion } from './segment-ingestion.ts';

// The SDK owns its timers (backoff, Retry-After), so these tests run on real time; every wait is bounded.
const KEY = 'WRITE_KEY_123';
const BASIC = `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`;
const FLUSH_TIMEOUT_MS = 10_000;

let sim: TrackingIngestion;
beforeEach(async () => {
  sim = await startSegmentIngestion({ writeKey: KEY });
});
afterEach(async () => {
  await sim.close();
});

/** What analytics-node reported for one call through its callback. */
interface Outcome {
  err: unknown;
  messageId: string | undefined;
}

function client(overrides: { writeKey?: string; flushAt?: number; httpRequestTimeout?: number } = {}) {
  return new Analytics({ writeKey: KEY, host: sim.url, flushAt: 1, flushInterval: 20, maxRetries: 3, httpRequestTimeout: 2_000, ...overrides });
}

/** A callback that records the outcome of a call into `outcomes` under `name`. */
function recordInto(outcomes: Map<string, Outcome>, name: string) {
  return (err?: unknown, ctx?: Context) => outcomes.set(name, { err, messageId: ctx?.event.messageId });
}

function post(path: string, body: string | Buffer, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(`${sim.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, ...(signal ? { signal } : {}) });
}

const track = (userId: string, extra: Record<string, unknown> = {}) => ({ type: 'track', userId, event: 'Order Completed', messageId: `m-${userId}`, ...extra });

describe('Segment ingestion simulator driven by @segment/analytics-node 3.1.0', () => {
  it('receives identify, track, page, screen, group and alias as the SDK sent them, in one authenticated batch', async () => {
    const analytics = client({ flushAt: 6 });
    const sent = new Map<string, Outcome>();
    analytics.identify({ userId: 'u1', traits: { email: 'a@b.com', plan: 'pro' } }, recordInto(sent, 'identify'));
    analytics.track({ userId: 'u1', event: 'Order Completed', properties: { revenue: 42 } }, recordInto(sent, 'track'));
    analytics.page({ anonymousId: 'anon-9', name: 'Home', properties: { url: 'https://x' } }, recordInto(sent, 'page'));
    analytics.screen({ userId: 'u1', name: 'Settings' }, recordInto(sent, 'screen'));
    analytics.group({ userId: 'u1', groupId: 'g1', traits: { name: 'Acme' } }, recordInto(sent, 'group'));
    analytics.alias({ userId: 'u1', previousId: 'anon-9' }, recordInto(sent, 'alias'));
    await analytics.closeAndFlush({ timeout: FLUSH_TIMEOUT_MS });

    expect(sim.requests.map((r) => [r.method, r.path, r.status, r.retryCount])).toEqual([['POST', '/v1/batch', 200, undefined]]);
    const [request] = sim.requests;
    expect(request?.headers.authorization).toBe(BASIC);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body?.['writeKey']).toBe(KEY);
    const ids = ['identify', 'track', 'page', 'screen', 'group', 'alias'].map((name) => sent.get(name)?.messageId);
    expect(ids.every((id) => typeof id === 'string' && /^node-next-\d+-[0-9a-f-]{36}$/.test(id))).toBe(true);
    expect([...sent.values()].map((o) => o.err)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(sim.messages().map((m) => [m['type'], m['userId'] ?? m['anonymousId'], m['messageId']])).toEqual([
      ['identify', 'u1', ids[0]],
      ['track', 'u1', ids[1]],
      ['page', 'anon-9', ids[2]],
      ['screen', 'u1', ids[3]],
      ['group', 'u1', ids[4]],
      ['alias', 'u1', ids[5]],
    ]);
    const [identify, trackMessage, page, , group, alias] = sim.messages();
    expect(identify?.['traits']).toEqual({ email: 'a@b.com', plan: 'pro' });
    expect(trackMessage).toMatchObject({ event: 'Order Completed', properties: { revenue: 42 } });
    expect(page).toMatchObject({ name: 'Home', properties: { url: 'https://x' } });
    expect(group).toMatchObject({ groupId: 'g1', traits: { name: 'Acme' } });
    expect(alias?.['previousId']).toBe('anon-9');
    expect(sim.uniqueMessages()).toEqual(sim.messages());
  });

  it('sees a 500 and a 429 with Retry-After: 1 retried with the same messageId and X-Retry-Count 1, 2', async () => {
    sim.failNext(1, { status: 500 });
    sim.failNext(1, { status: 429, headers: { 'retry-after': '1' } });
    const analytics = client();
    const sent = new Map<string, Outcome>();
    analytics.track({ userId: 'u1', event: 'E' }, recordInto(sent, 'E'));
    await analytics.closeAndFlush({ timeout: FLUSH_TIMEOUT_MS });

    const id = sent.get('E')?.messageId;
    expect(sent.get('E')?.err).toBeUndefined();
    expect(sim.requests.map((r) => [r.status, r.retryCount, r.messages.map((m) => m['messageId'])])).toEqual([
      [500, undefined, [id]],
      [429, 1, [id]],
      [200, 2, [id]],
    ]);
    const [, limited, accepted] = sim.requests;
    expect((accepted?.receivedAt ?? 0) - (limited?.receivedAt ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect(sim.messages().map((m) => m['messageId'])).toEqual([id]);
  });

  it('sees a 400 not retried: that batch fails and the next one is accepted', async () => {
    sim.failNext(1, { status: 400 });
    const analytics = client();
    const sent = new Map<string, Outcome>();
    analytics.track({ userId: 'u1', event: 'Refused' }, recordInto(sent, 'refused'));
    await analytics.flush({ timeout: FLUSH_TIMEOUT_MS });
    analytics.track({ userId: 'u1', event: 'Accepted' }, recordInto(sent, 'accepted'));
    await analytics.closeAndFlush({ timeout: FLUSH_TIMEOUT_MS });

    expect(String(sent.get('refused')?.err)).toBe('Error: [400] Bad Request');
    expect(sent.get('accepted')?.err).toBeUndefined();
    expect(sim.requests.map((r) => [r.status, r.retryCount, r.messages[0]?.['event']])).toEqual([
      [400, undefined, 'Refused'],
      [200, undefined, 'Accepted'],
    ]);
    expect(sim.messages().map((m) => m['event'])).toEqual(['Accepted']);
  });

  it('answers a wrong write key with 401, which the SDK does not retry', async () => {
    const analytics = client({ writeKey: 'wrong-key' });
    const sent = new Map<string, Outcome>();
    analytics.identify({ userId: 'u1', traits: { plan: 'pro' } }, recordInto(sent, 'identify'));
    await analytics.closeAndFlush({ timeout: FLUSH_TIMEOUT_MS });

    expect(sim.requests.map((r) => [r.status, r.headers.authorization])).toEqual([[401, `Basic ${Buffer.from('wrong-key:').toString('base64')}`]]);
    expect(String(sent.get('identify')?.err)).toBe('Error: [401] Unauthorized');
    expect(sim.messages()).toEqual([]);
  });

  it('sees a request that hangs past httpRequestTimeout sent again with the same messageId', async () => {
    sim.failNext(1, { network: 'hang' });
    const analytics = client({ httpRequestTimeout: 200 });
    const sent = new Map<string, Outcome>();
    analytics.track({ userId: 'u1', event: 'E' }, recordInto(sent, 'E'));
    await analytics.closeAndFlush({ timeout: FLUSH_TIMEOUT_MS });

    const id = sent.get('E')?.messageId;
    expect(sim.requests.map((r) => [r.network, r.status, r.retryCount, r.messages[0]?.['messageId']])).toEqual([
      ['hang', undefined, undefined, id],
      [undefined, 200, 1, id],
    ]);
    expect(sent.get('E')?.err).toBeUndefined();
  });
});

describe('Segment ingestion simulator on the wire', () => {
  it('answers 200 {"success":true} as JSON and takes writeKey from the body when there is no Basic auth', async () => {
    const res = await post('/v1/batch', JSON.stringify({ batch: [track('u1')], writeKey: KEY }));
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([200, 'application/json', '{"success":true}']);
    expect(sim.messages()).toEqual([track('u1')]);
  });

  it('gunzips a body sent with Content-Encoding: gzip', async () => {
    const res = await post('/v1/batch', gzipSync(JSON.stringify({ batch: [track('u1'), track('u2')] })), { authorization: BASIC, 'content-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(sim.messages().map((m) => m['userId'])).toEqual(['u1', 'u2']);
  });

  it('types the body of a call endpoint by its path and keeps the write key out of the message', async () => {
    const res = await post('/v1/identify', JSON.stringify({ userId: 'u1', traits: { plan: 'pro' }, messageId: 'm1', writeKey: KEY }));
    expect(res.status).toBe(200);
    expect(sim.messages()).toEqual([{ userId: 'u1', traits: { plan: 'pro' }, messageId: 'm1', type: 'identify' }]);
  });

  it('records every delivery while uniqueMessages keeps the first of each messageId', async () => {
    const batch = JSON.stringify({ batch: [track('u1'), track('u2')] });
    await post('/v1/batch', batch, { authorization: BASIC });
    await post('/v1/batch', batch, { authorization: BASIC });
    await post('/v1/track', JSON.stringify(track('u3', { messageId: 'm-u1', event: 'Changed' })), { authorization: BASIC });
    expect(sim.messages().map((m) => m['messageId'])).toEqual(['m-u1', 'm-u2', 'm-u1', 'm-u2', 'm-u1']);
    expect(sim.uniqueMessages()).toEqual([track('u1'), track('u2')]);
  });

  const big = (userId: string, bytes: number) => track(userId, { properties: { blob: 'x'.repeat(bytes) } });
  it.each([
    ['an event over 32 KB in a batch', '/v1/batch', JSON.stringify({ batch: [track('u1'), big('u2', 33 * 1024)] })],
    ['a call over 32 KB', '/v1/track', JSON.stringify(big('u1', 33 * 1024))],
    ['a batch over 500 KB of small-enough events', '/v1/batch', JSON.stringify({ batch: Array.from({ length: 17 }, (_, i) => big(`u${i}`, 30 * 1024)) })],
    ['more than 2500 events', '/v1/batch', JSON.stringify({ batch: Array.from({ length: 2501 }, (_, i) => ({ type: 'track', userId: `u${i}`, event: 'E' })) })],
  ])('refuses %s with 400 Exceed payload limit and keeps none of it', async (_, path, body) => {
    const res = await post(path, body, { authorization: BASIC });
    expect([res.status, await res.text()]).toEqual([400, 'Exceed payload limit']);
    expect(sim.messages()).toEqual([]);
  });

  it('accepts a batch of 16 events of 30 KB, just under both limits', async () => {
    const body = JSON.stringify({ batch: Array.from({ length: 16 }, (_, i) => big(`u${i}`, 30 * 1024)) });
    expect(Buffer.byteLength(body)).toBeLessThan(500 * 1024);
    expect((await post('/v1/batch', body, { authorization: BASIC })).status).toBe(200);
    expect(sim.messages()).toHaveLength(16);
  });

  it.each([
    ['invalid JSON', '/v1/batch', '{"batch":[', { authorization: BASIC }, 400, 'Invalid JSON'],
    ['a batch body without batch', '/v1/batch', '{"messages":[]}', { authorization: BASIC }, 400, 'Invalid JSON'],
    ['no write key at all', '/v1/batch', JSON.stringify({ batch: [track('u1')] }), {}, 401, 'Invalid write key'],
    ['a wrong write key in the body', '/v1/batch', JSON.stringify({ batch: [track('u1')], writeKey: 'nope' }), {}, 401, 'Invalid write key'],
    ['an unknown path', '/v2/batch', JSON.stringify({ batch: [track('u1')] }), { authorization: BASIC }, 404, 'Not Found'],
  ])('refuses %s', async (_, path, body, headers, status, text) => {
    const res = await post(path, body, headers);
    expect([res.status, await res.text()]).toEqual([status, text]);
    expect(sim.requests.map((r) => r.status)).toEqual([status]);
  });

  it('plays scripted status faults in order with their own headers and body, then answers normally', async () => {
    sim.failNext(1, { status: 503 });
    sim.failNext(1, { status: 429, headers: { 'retry-after': '7' }, body: '{"error":"slow down"}' });
    const body = JSON.stringify({ batch: [track('u1')] });
    const first = await post('/v1/batch', body, { authorization: BASIC });
    const second = await post('/v1/batch', body, { authorization: BASIC });
    const third = await post('/v1/batch', body, { authorization: BASIC, 'x-retry-count': '2' });
    expect([first.status, await first.text()]).toEqual([503, 'Service Unavailable']);
    expect([second.status, second.headers.get('retry-after'), await second.text()]).toEqual([429, '7', '{"error":"slow down"}']);
    expect(third.status).toBe(200);
    expect(sim.requests.map((r) => [r.status, r.retryCount])).toEqual([
      [503, undefined],
      [429, undefined],
      [200, 2],
    ]);
    expect(sim.messages()).toEqual([track('u1')]);
  });

  it('closes the socket without an answer on a close fault', async () => {
    sim.failNext(1, { network: 'close' });
    await expect(post('/v1/batch', JSON.stringify({ batch: [track('u1')] }), { authorization: BASIC })).rejects.toThrow('fetch failed');
    expect(sim.requests.map((r) => [r.network, r.status, r.messages.length])).toEqual([['close', undefined, 1]]);
    expect(sim.messages()).toEqual([]);
  });

  it('holds a hung request until the client gives up, and close() does not wait for it', async () => {
    sim.failNext(1, { network: 'hang' });
    const pending = post('/v1/batch', JSON.stringify({ batch: [track('u1')] }), { authorization: BASIC }, AbortSignal.timeout(150));
    await expect(pending).rejects.toThrow(/aborted|timeout/i);
    expect(sim.requests.map((r) => r.network)).toEqual(['hang']);
    sim.failNext(1, { network: 'hang' });
    const orphan = post('/v1/batch', JSON.stringify({ batch: [track('u2')] }), { authorization: BASIC }).catch((err: unknown) => err);
    await waitFor(() => sim.requests.length === 2, 2_000);
    await sim.close();
    expect(await orphan).toBeInstanceOf(Error);
    sim = await startSegmentIngestion({ writeKey: KEY });
  });
});

/** Polls `condition` every 5 ms; fails after `ms`. */
async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
