import { Client } from '@hubspot/api-client';
import { FilterOperatorEnum, type PublicObjectSearchRequest } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHubspotSimulator, type HubspotSimulator } from './index.ts';

const T0 = Date.parse('2024-01-01T00:00:00.000Z');
const MINUTE = 60_000;

async function apiError(call: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  try {
    await call;
  } catch (error) {
    return error as { code: number; body: Record<string, unknown> }; // ApiException carries code and body
  }
  throw new Error('expected the call to fail');
}

describe('POST /crm/v3/objects/{type}/search', () => {
  let sim: HubspotSimulator;
  let client: Client;

  beforeAll(async () => {
    sim = await startHubspotSimulator({ now: Date.parse('2024-02-01T00:00:00.000Z'), rateLimits: { searchPerSecond: 4, burstPer10s: 190 } });
    // Contact i was last modified i minutes after T0; every third one has no first name.
    sim.seed({
      owners: [{ id: '7', email: 'a@x.com' }, { id: '8', email: 'b@x.com' }],
      contacts: Array.from({ length: 25 }, (_, i) => ({
        properties: {
          email: `user${i}@${i % 2 === 0 ? 'even' : 'odd'}.example.com`,
          ...(i % 3 === 0 ? {} : { firstname: `Name${i}` }),
          hubspot_owner_id: i < 10 ? '7' : '8',
          lifecyclestage: i < 5 ? 'customer' : 'lead',
        },
        createdAt: T0 - 1000 * (25 - i),
        updatedAt: T0 + i * MINUTE,
      })),
    });
    client = new Client({ accessToken: sim.issueToken().accessToken, basePath: sim.url, numberOfApiCallRetries: 0 });
  });
  beforeEach(() => {
    // Each test starts with a fresh search window (4/s).
    sim.clock.advance(2000);
  });
  afterAll(async () => {
    await sim.close();
  });

  const search = (req: Partial<PublicObjectSearchRequest>) =>
    client.crm.contacts.searchApi.doSearch({ filterGroups: [], sorts: [], properties: [], limit: 10, after: '0', ...req });

  it('pages an incremental sync ascending by lastmodifieddate with the SDK body as captured', async () => {
    const base = {
      limit: 10,
      sorts: ['lastmodifieddate'],
      properties: ['email', 'lastmodifieddate'],
      filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', value: String(T0 + 5 * MINUTE), operator: FilterOperatorEnum.Gte }] }],
    };
    const first = await search({ ...base, after: '0' });
    expect(first.total).toBe(20);
    expect(first.results.map((r) => r.properties.email)).toEqual(Array.from({ length: 10 }, (_, k) => `user${k + 5}@${(k + 5) % 2 === 0 ? 'even' : 'odd'}.example.com`));
    expect(first.results[0]?.properties).toEqual({
      createdate: new Date(T0 - 20_000).toISOString(),
      email: 'user5@odd.example.com',
      hs_object_id: first.results[0]?.id,
      lastmodifieddate: new Date(T0 + 5 * MINUTE).toISOString(),
    });
    expect(first.paging?.next?.after).toBe('10');
    const second = await search({ ...base, after: first.paging?.next?.after ?? '' });
    expect(second.results.map((r) => r.properties.email)).toHaveLength(10);
    expect(second.results[0]?.properties.email).toBe('user15@odd.example.com');
    expect(second.paging).toBeUndefined();
  });

  it('ORs filter groups and ANDs the filters inside one', async () => {
    const res = await search({
      limit: 100,
      filterGroups: [
        { filters: [{ propertyName: 'lifecyclestage', operator: FilterOperatorEnum.Eq, value: 'customer' }, { propertyName: 'firstname', operator: FilterOperatorEnum.HasProperty }] },
        { filters: [{ propertyName: 'email', operator: FilterOperatorEnum.Eq, value: 'USER24@even.example.com' }] },
      ],
    });
    expect(res.results.map((r) => r.properties.email)).toEqual(['user1@odd.example.com', 'user2@even.example.com', 'user4@even.example.com', 'user24@even.example.com']);
  });

  it.each([
    ['NEQ owner', { propertyName: 'hubspot_owner_id', operator: FilterOperatorEnum.Neq, value: '7' }, 15],
    ['IN owners', { propertyName: 'hubspot_owner_id', operator: FilterOperatorEnum.In, values: ['8'] }, 15],
    ['NOT_IN stages', { propertyName: 'lifecyclestage', operator: FilterOperatorEnum.NotIn, values: ['lead'] }, 5],
    ['NOT_HAS_PROPERTY', { propertyName: 'firstname', operator: FilterOperatorEnum.NotHasProperty }, 9],
    ['CONTAINS_TOKEN wildcard', { propertyName: 'email', operator: FilterOperatorEnum.ContainsToken, value: '*@even.example.com' }, 13],
    ['BETWEEN epoch ms', { propertyName: 'lastmodifieddate', operator: FilterOperatorEnum.Between, value: String(T0 + 2 * MINUTE), highValue: String(T0 + 4 * MINUTE) }, 3],
    ['LT ISO datetime', { propertyName: 'lastmodifieddate', operator: FilterOperatorEnum.Lt, value: new Date(T0 + 2 * MINUTE).toISOString() }, 2],
  ])('filters with %s', async (_name, filter, expected) => {
    const res = await search({ limit: 100, filterGroups: [{ filters: [filter] }] });
    expect(res.total).toBe(expected);
  });

  it('sorts descending when given the documented object form', async () => {
    const res = await client.apiRequest({
      method: 'POST',
      path: '/crm/v3/objects/contacts/search',
      body: { sorts: [{ propertyName: 'lastmodifieddate', direction: 'DESCENDING' }], limit: 2, properties: ['email'] },
    });
    const json = (await res.json()) as { results: Array<{ properties: Record<string, string> }> }; // the search response shape
    expect(json.results.map((r) => r.properties.email)).toEqual(['user24@even.example.com', 'user23@odd.example.com']);
  });

  it('defaults to 10 results in creation order and refuses limit over 200', async () => {
    const res = await client.apiRequest({ method: 'POST', path: '/crm/v3/objects/contacts/search', body: {} });
    const json = (await res.json()) as { total: number; results: Array<{ properties: Record<string, string> }> }; // the search response shape
    expect(json.results).toHaveLength(10);
    expect(json.results[0]?.properties.email).toBe('user0@even.example.com');
    expect((await apiError(search({ limit: 201 }))).code).toBe(400);
  });

  it('refuses more than 5 filter groups with VALIDATION_ERROR', async () => {
    const group = { filters: [{ propertyName: 'email', operator: FilterOperatorEnum.HasProperty }] };
    const err = await apiError(search({ filterGroups: [group, group, group, group, group, group] }));
    expect(err.code).toBe(400);
    expect(err.body.category).toBe('VALIDATION_ERROR');
  });

  it('answers the fifth search within one second with the secondly 429', async () => {
    for (let i = 0; i < 4; i += 1) await search({});
    const err = await apiError(search({}));
    expect(err.code).toBe(429);
    expect(err.body).toMatchObject({ status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY' });
    sim.clock.advance(1000);
    await expect(search({})).resolves.toMatchObject({ total: 25 });
  });
});

describe('search index lag', () => {
  it('hides a write from search until searchIndexDelayMs has passed', async () => {
    const sim = await startHubspotSimulator({ now: T0, searchIndexDelayMs: 3000 });
    try {
      const client = new Client({ accessToken: sim.issueToken().accessToken, basePath: sim.url, numberOfApiCallRetries: 0 });
      await client.crm.contacts.basicApi.create({ associations: [], properties: { email: 'late@example.com' } });
      const req = { filterGroups: [], sorts: [], properties: [], limit: 10, after: '0' };
      expect((await client.crm.contacts.searchApi.doSearch(req)).total).toBe(0);
      sim.clock.advance(3000);
      expect((await client.crm.contacts.searchApi.doSearch(req)).results.map((r) => r.properties.email)).toEqual(['late@example.com']);
    } finally {
      await sim.close();
    }
  });
});

describe('the 10,000 result ceiling', () => {
  let sim: HubspotSimulator;
  let client: Client;
  beforeAll(async () => {
    sim = await startHubspotSimulator({ now: T0, rateLimits: { searchPerSecond: 1000, burstPer10s: 1000 } });
    sim.seed({ deals: Array.from({ length: 10_050 }, (_, i) => ({ properties: { dealname: `D${i}` } })) });
    client = new Client({ accessToken: sim.issueToken().accessToken, basePath: sim.url, numberOfApiCallRetries: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('offers paging.next.after = "10000" on the last allowed page, then answers 400 for it', async () => {
    const req = { filterGroups: [], sorts: [], properties: ['dealname'], limit: 200 };
    const lastAllowed = await client.crm.deals.searchApi.doSearch({ ...req, after: '9800' });
    expect(lastAllowed.total).toBe(10_050);
    expect(lastAllowed.results.at(-1)?.properties.dealname).toBe('D9999');
    expect(lastAllowed.paging?.next?.after).toBe('10000');
    const err = await apiError(client.crm.deals.searchApi.doSearch({ ...req, after: '10000' }));
    expect(err.code).toBe(400);
    expect(err.body.category).toBe('VALIDATION_ERROR');
    expect(String(err.body.message)).toContain('10000');
  });
});
