import { Client } from '@hubspot/api-client';
import { SubscriptionCreateRequestEventTypeEnum } from '@hubspot/api-client/lib/codegen/webhooks/index.js';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHubspotSimulator, type HubspotSimulator, type HubspotWebhookEvent } from './index.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver that answers the scripted statuses in turn, then 204. */
async function startReceiver(statuses: number[]): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(statuses.shift() ?? 204);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo; // a TCP listener always has an AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hubspot/webhook?tenant=a`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What the Pathwise ingest endpoint must do, written independently of the simulator's signer. */
function verifyV3(secret: string, url: string, r: Received): boolean {
  const timestamp = String(r.headers['x-hubspot-request-timestamp']);
  const expected = createHmac('sha256', secret).update(`POST${url}${r.body}${timestamp}`).digest();
  const given = Buffer.from(String(r.headers['x-hubspot-signature-v3']), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const T0 = Date.parse('2024-07-01T09:00:00.000Z');

describe('webhook delivery', () => {
  let sim: HubspotSimulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;

  beforeAll(async () => {
    sim = await startHubspotSimulator({ now: T0, clientSecret: 'app-secret' });
    sim.seed({ contacts: [{ id: '101', properties: { email: 'a@x.com' } }, { id: '102', properties: { email: 'a.other@x.com', firstname: 'Ann' } }] });
  });
  /** Events for one contact created by a user now: creation + email propertyChange. */
  function eventsForNewContact(): HubspotWebhookEvent[] {
    const before = sim.store.changes.all().length;
    sim.store.createAsUser('contacts', { email: `n${before}@x.com` });
    return sim.webhookEvents(sim.store.changes.all().slice(before));
  }

  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });
  afterAll(async () => {
    await sim.close();
  });

  it('builds creation, propertyChange and merge events from CRM changes', () => {
    sim.clock.set(T0 + 1000);
    const created = sim.store.createAsUser('contacts', { email: 'b@x.com' });
    sim.store.updateAsUser('contacts', created.id, { firstname: 'Bea' });
    sim.store.mergeContacts('101', '102');
    const events = sim.webhookEvents(sim.changesSince(T0 + 1000));
    expect(events.map((e) => [e.subscriptionType, e.objectId, e.propertyName ?? e.changeFlag])).toEqual([
      ['contact.creation', Number(created.id), 'CREATED'],
      ['contact.propertyChange', Number(created.id), 'email'],
      ['contact.propertyChange', Number(created.id), 'firstname'],
      ['contact.merge', 101, 'MERGED'],
    ]);
    expect(events[2]).toMatchObject({ propertyValue: 'Bea', changeSource: 'CRM_UI', portalId: 62515, appId: 54321, attemptNumber: 0, occurredAt: T0 + 1000 });
    expect(events[3]).toMatchObject({ primaryObjectId: 101, mergedObjectIds: [102], newObjectId: 101, numberOfPropertiesMoved: 1 });
    expect(new Set(events.map((e) => e.eventId)).size).toBe(4);
    expect(sim.store.records.get('contacts', '102')?.properties).toMatchObject({ email: 'a@x.com', firstname: 'Ann', hs_merged_object_ids: '102' });
  });

  it('signs each request so that an independent v3 check passes, and sends the v1 signature too', async () => {
    receiver = await startReceiver([]);
    sim.clock.set(T0 + 1000);
    const events = eventsForNewContact();
    const result = await sim.deliverWebhooks(receiver.url, events);
    expect(result.delivered).toBe(true);
    const [request] = receiver.received;
    if (!request) throw new Error('nothing received');
    expect(verifyV3('app-secret', receiver.url, request)).toBe(true);
    expect(verifyV3('other-secret', receiver.url, request)).toBe(false);
    expect(request.headers['x-hubspot-request-timestamp']).toBe(String(T0 + 1000));
    expect(request.headers['x-hubspot-signature-version']).toBe('v1');
    expect(request.headers['content-type']).toBe('application/json');
    const body = JSON.parse(request.body) as HubspotWebhookEvent[]; // the delivered batch
    expect(body.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('redelivers a failed batch with the same eventIds and an increasing attemptNumber', async () => {
    receiver = await startReceiver([500, 429]);
    sim.clock.set(T0 + 1000);
    const events = eventsForNewContact().slice(0, 1);
    const result = await sim.deliverWebhooks(receiver.url, events, { beforeRetry: () => sim.clock.advance(60_000) });
    expect(result.delivered).toBe(true);
    expect(result.attempts.map((a) => a.status)).toEqual([500, 429, 204]);
    const bodies = receiver.received.map((r) => JSON.parse(r.body) as HubspotWebhookEvent[]); // the delivered batches
    expect(bodies.map((b) => [b[0]?.eventId, b[0]?.attemptNumber])).toEqual([
      [events[0]?.eventId, 0],
      [events[0]?.eventId, 1],
      [events[0]?.eventId, 2],
    ]);
    expect(receiver.received.map((r) => Number(r.headers['x-hubspot-request-timestamp']) - (T0 + 1000))).toEqual([0, 60_000, 120_000]);
    expect(receiver.received.every((r) => verifyV3('app-secret', receiver?.url ?? '', r))).toBe(true);
  });

  it('does not retry after a 401 and gives up after maxAttempts', async () => {
    receiver = await startReceiver([401, 503, 503]);
    const events = eventsForNewContact().slice(0, 1);
    const refused = await sim.deliverWebhooks(receiver.url, events);
    expect([refused.delivered, refused.attempts.length]).toEqual([false, 1]);
    const failing = await sim.deliverWebhooks(receiver.url, events, { maxAttempts: 2, attempt: 3 });
    expect(failing.attempts.map((a) => [a.attemptNumber, a.status])).toEqual([
      [3, 503],
      [4, 503],
    ]);
    expect(failing.delivered).toBe(false);
  });

  it('splits more than 100 events into batches of 100', async () => {
    receiver = await startReceiver([]);
    const one = eventsForNewContact()[0];
    if (!one) throw new Error('no event');
    const many = Array.from({ length: 150 }, (_, i) => ({ ...one, eventId: 10_000 + i }));
    await sim.deliverWebhooks(receiver.url, many);
    expect(receiver.received.map((r) => (JSON.parse(r.body) as unknown[]).length)).toEqual([100, 50]); // arrays of events
  });
});

describe('webhooks v3 management API (pathwise install)', () => {
  let sim: HubspotSimulator;
  let client: Client;
  beforeAll(async () => {
    sim = await startHubspotSimulator({ now: T0, developerApiKey: 'dev-key' });
    client = new Client({ developerApiKey: 'dev-key', basePath: sim.url, numberOfApiCallRetries: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('registers settings and subscriptions with hapikey, and then only subscribed changes become events', async () => {
    const settings = await client.webhooks.settingsApi.configure(sim.appId, { targetUrl: 'https://pathwise.example.com/webhooks/hubspot', throttling: { maxConcurrentRequests: 10 } });
    expect(settings.targetUrl).toBe('https://pathwise.example.com/webhooks/hubspot');
    const sub = await client.webhooks.subscriptionsApi.create(sim.appId, { eventType: SubscriptionCreateRequestEventTypeEnum.ContactPropertyChange, propertyName: 'email', active: true });
    await client.webhooks.subscriptionsApi.create(sim.appId, { eventType: SubscriptionCreateRequestEventTypeEnum.ContactCreation, active: false });
    expect((await client.webhooks.subscriptionsApi.getAll(sim.appId)).results.map((s) => [s.eventType, s.active])).toEqual([
      ['contact.propertyChange', true],
      ['contact.creation', false],
    ]);
    expect(sim.requests.at(-1)?.query.hapikey).toBe('dev-key');

    sim.store.createAsUser('contacts', { email: 'c@x.com', firstname: 'Cy' });
    const events = sim.webhookEvents(sim.changesSince(T0));
    expect(events.map((e) => [e.subscriptionType, e.subscriptionId, e.propertyName])).toEqual([['contact.propertyChange', Number(sub.id), 'email']]);
  });

  it('refuses a wrong developer key and a non-https target URL', async () => {
    const wrong = await new Client({ developerApiKey: 'nope', basePath: sim.url }).webhooks.subscriptionsApi.getAll(sim.appId).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 401, body: { category: 'INVALID_AUTHENTICATION' } });
    const http = await client.webhooks.settingsApi.configure(sim.appId, { targetUrl: 'http://pathwise.example.com/hook', throttling: { maxConcurrentRequests: 10 } }).catch((e: unknown) => e);
    expect(http).toMatchObject({ code: 400, body: { category: 'VALIDATION_ERROR' } });
  });
});
