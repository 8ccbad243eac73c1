import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHubspotSimulator, type HubspotSimulator } from './index.ts';

async function apiError(call: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown>; headers: Record<string, string> }> {
  try {
    await call;
  } catch (error) {
    return error as { code: number; body: Record<string, unknown>; headers: Record<string, string> }; // ApiException carries these three fields
  }
  throw new Error('expected the call to fail');
}

describe('burst limit, daily headers and scripted faults', () => {
  let sim: HubspotSimulator;
  let client: Client;

  beforeAll(async () => {
    sim = await startHubspotSimulator({ now: Date.parse('2024-05-01T00:00:00.000Z'), rateLimits: { burstPer10s: 100 } });
    sim.seed({ owners: [{ id: '7', email: 'o@x.com' }] });
  });
  beforeEach(() => {
    // A fresh token per test gets a fresh window; the previous one's window is irrelevant.
    client = new Client({ accessToken: sim.issueToken().accessToken, basePath: sim.url, numberOfApiCallRetries: 0 });
    sim.clearFaults();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('counts down X-HubSpot-RateLimit-Remaining and answers the 101st call in 10 s with TEN_SECONDLY_ROLLING', async () => {
    const first = await client.crm.owners.ownersApi.getPageWithHttpInfo();
    expect(first.headers).toMatchObject({
      'x-hubspot-ratelimit-max': '100',
      'x-hubspot-ratelimit-remaining': '99',
      'x-hubspot-ratelimit-interval-milliseconds': '10000',
      'x-hubspot-ratelimit-daily': '250000',
      'x-hubspot-ratelimit-daily-remaining': '249999',
    });
    for (let i = 0; i < 98; i += 1) await client.crm.owners.ownersApi.getPage();
    sim.clock.advance(9_999);
    const last = await client.crm.owners.ownersApi.getPageWithHttpInfo();
    expect(last.headers['x-hubspot-ratelimit-remaining']).toBe('0');

    const err = await apiError(client.crm.owners.ownersApi.getPage());
    expect(err.code).toBe(429);
    expect(Object.keys(err.body).sort()).toEqual(['correlationId', 'errorType', 'message', 'policyName', 'requestId', 'status']);
    expect(err.body).toMatchObject({ status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
    expect(err.headers).toMatchObject({ 'x-hubspot-ratelimit-remaining': '0', 'x-hubspot-ratelimit-max': '100' });
    expect(err.headers['retry-after']).toBeUndefined();

    // The first 99 calls fall out of the rolling window 10 s after they were made.
    sim.clock.advance(1);
    await expect(client.crm.owners.ownersApi.getPage()).resolves.toMatchObject({ results: [{ id: '7' }] });
  });

  it('gives OAuth tokens no daily headers', async () => {
    const oauth = new Client({ accessToken: sim.issueToken({ kind: 'oauth' }).accessToken, basePath: sim.url, numberOfApiCallRetries: 0 });
    const res = await oauth.crm.owners.ownersApi.getPageWithHttpInfo();
    expect(res.headers['x-hubspot-ratelimit-remaining']).toBe('99');
    expect(res.headers['x-hubspot-ratelimit-daily']).toBeUndefined();
  });

  it('plays a rate-limit storm, then lets requests through', async () => {
    sim.rateLimitStorm(2);
    for (let i = 0; i < 2; i += 1) {
      const err = await apiError(client.crm.owners.ownersApi.getPage());
      expect([err.code, err.body.policyName]).toEqual([429, 'TEN_SECONDLY_ROLLING']);
    }
    await expect(client.crm.owners.ownersApi.getPage()).resolves.toMatchObject({ results: [{ id: '7' }] });
  });

  it('answers scripted faults for matching requests only, with their headers', async () => {
    sim.failNext(1, { status: 502, body: { status: 'error', message: 'Bad gateway' }, headers: { 'Retry-After': '3' }, match: { method: 'POST', path: /\/search$/ } });
    await expect(client.crm.owners.ownersApi.getPage()).resolves.toBeDefined();
    const err = await apiError(client.crm.contacts.searchApi.doSearch({ filterGroups: [], sorts: [], properties: [], limit: 10, after: '0' }));
    expect([err.code, err.body.message, err.headers['retry-after']]).toEqual([502, 'Bad gateway', '3']);
    await expect(client.crm.contacts.searchApi.doSearch({ filterGroups: [], sorts: [], properties: [], limit: 10, after: '0' })).resolves.toMatchObject({ total: 0 });
  });

  it('sends Retry-After with 429s when configured to', async () => {
    const strict = await startHubspotSimulator({ now: Date.parse('2024-05-01T00:00:00.000Z'), rateLimits: { burstPer10s: 1, retryAfterHeader: true } });
    try {
      const c = new Client({ accessToken: strict.issueToken().accessToken, basePath: strict.url, numberOfApiCallRetries: 0 });
      await c.crm.owners.ownersApi.getPage();
      strict.clock.advance(2_500);
      const err = await apiError(c.crm.owners.ownersApi.getPage());
      expect([err.code, err.headers['retry-after']]).toEqual([429, '8']);
    } finally {
      await strict.close();
    }
  });
});
