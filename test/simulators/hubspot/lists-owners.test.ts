import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubspotSimulator, type HubspotSimulator } from './index.ts';

async function apiError(call: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  try {
    await call;
  } catch (error) {
    return error as { code: number; body: Record<string, unknown> }; // ApiException carries code and body
  }
  throw new Error('expected the call to fail');
}

describe('lists v3 memberships and owners', () => {
  let sim: HubspotSimulator;
  let client: Client;

  beforeAll(async () => {
    sim = await startHubspotSimulator({ now: Date.parse('2024-03-01T12:00:00.000Z') });
    sim.seed({
      owners: [
        { id: '7', email: 'o@x.com', firstName: 'O', lastName: 'W', userId: 9 },
        { id: '8', email: 'p@x.com', firstName: 'P', lastName: 'Q' },
        { id: '9', email: 'gone@x.com', archived: true },
      ],
      contacts: [{ id: '51', properties: { email: 'a@example.com' } }, { id: '53', properties: { email: 'c@example.com' } }],
      lists: [{ listId: '900', name: 'Computed', processingType: 'DYNAMIC' }],
    });
    client = new Client({ accessToken: sim.issueToken().accessToken, basePath: sim.url, numberOfApiCallRetries: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('adds members with PUT, answering the misspelt recordsIdsAdded and the missing ids', async () => {
    const { list } = await client.crm.lists.listsApi.create({ name: 'Pathwise: win-back', objectTypeId: '0-1', processingType: 'MANUAL' });
    const first = await client.crm.lists.membershipsApi.add(list.listId, ['51', '52']);
    expect(first).toEqual({ recordsIdsAdded: ['51'], recordIdsRemoved: [], recordIdsMissing: ['52'] });
    const again = await client.crm.lists.membershipsApi.add(list.listId, ['51', '53']);
    expect(again.recordsIdsAdded).toEqual(['53']);
    const put = sim.requests.filter((r) => r.path === `/crm/v3/lists/${list.listId}/memberships/add`);
    expect(put.map((r) => [r.method, r.rawBody])).toEqual([
      ['PUT', '["51","52"]'],
      ['PUT', '["51","53"]'],
    ]);
    expect(sim.store.listMembers(list.listId)).toEqual(['51', '53']);

    const page = await client.crm.lists.membershipsApi.getPage(list.listId, undefined, undefined, 1);
    expect(page.total).toBe(2);
    expect(page.results.map((r) => [r.recordId, r.membershipTimestamp.toISOString()])).toEqual([['51', '2024-03-01T12:00:00.000Z']]);
    expect(page.paging?.next?.after).toBe('1');

    const removed = await client.crm.lists.membershipsApi.remove(list.listId, ['53', '54']);
    expect(removed).toEqual({ recordsIdsAdded: [], recordIdsRemoved: ['53'], recordIdsMissing: ['54'] });
    const fetched = await client.crm.lists.listsApi.getById(list.listId);
    expect(fetched.list.size).toBe(1);
  });

  it('refuses manual membership changes on a DYNAMIC list and answers 404 for an unknown list', async () => {
    expect((await apiError(client.crm.lists.membershipsApi.add('900', ['51']))).code).toBe(400);
    const missing = await apiError(client.crm.lists.membershipsApi.add('12345', ['51']));
    expect(missing.code).toBe(404);
    expect(missing.body.category).toBe('OBJECT_NOT_FOUND');
  });

  it('pages active owners through GET /crm/v3/owners/ and reads one by id or userId', async () => {
    const first = await client.crm.owners.ownersApi.getPage(undefined, undefined, 1, false);
    expect(first.results.map((o) => [o.id, o.email, o.userId])).toEqual([['7', 'o@x.com', 9]]);
    expect(first.paging?.next?.after).toBe('1');
    const second = await client.crm.owners.ownersApi.getPage(undefined, first.paging?.next?.after, 1, false);
    expect(second.results.map((o) => o.id)).toEqual(['8']);
    expect(second.paging).toBeUndefined();
    expect(sim.requests.some((r) => r.url === '/crm/v3/owners/?limit=1&archived=false')).toBe(true);

    const archived = await client.crm.owners.ownersApi.getPage(undefined, undefined, 100, true);
    expect(archived.results.map((o) => o.email)).toEqual(['gone@x.com']);
    const byEmail = await client.crm.owners.ownersApi.getPage('P@x.com');
    expect(byEmail.results.map((o) => o.id)).toEqual(['8']);
    const byUserId = await client.crm.owners.ownersApi.getById(9, 'userId');
    expect(byUserId).toMatchObject({ id: '7', firstName: 'O', lastName: 'W', archived: false });
    expect((await apiError(client.crm.owners.ownersApi.getById(404))).code).toBe(404);
  });
});
