import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hubspotActionHarness, type HubspotActionHarness, type Row } from './hubspot-action-harness.ts';

let t: HubspotActionHarness;

beforeEach(async () => {
  t = await hubspotActionHarness();
  t.sim.seed({
    contacts: ['51', '52', '53'].map((id) => ({ id, properties: { email: `c${id}@example.com` } })),
    lists: [
      { listId: '300', name: 'at-risk-accounts', members: ['53'] },
      { listId: '301', name: 'demo-candidates' },
    ],
  });
});
afterEach(async () => {
  await t.close();
});

function row(key: string, destination: string, listId: string | number, contact: { hubspot?: string; email?: string }): Row {
  const identifiers: Record<string, string[]> = contact.hubspot ? { hubspot: [contact.hubspot] } : { email: [contact.email ?? ''] };
  return { key, destination, input: { listId }, meta: { identifiers } };
}

const membershipRequests = () => t.sim.requests.filter((r) => r.path.includes('/memberships/'));
const byNameRequests = () => t.sim.requests.filter((r) => r.path.startsWith('/crm/v3/lists/object-type-id/'));

describe('hubspot.addToList and hubspot.removeFromList', () => {
  it('adds a batch of contacts with one request per list; an unknown contact fails alone', async () => {
    await t.enqueue([
      row('k-51', 'hubspot.addToList', 'at-risk-accounts', { hubspot: '51' }),
      row('k-52', 'hubspot.addToList', 'at-risk-accounts', { email: 'c52@example.com' }),
      row('k-53', 'hubspot.addToList', 'at-risk-accounts', { hubspot: '53' }),
      row('k-999', 'hubspot.addToList', 'at-risk-accounts', { hubspot: '999' }),
      row('k-other', 'hubspot.addToList', 301, { hubspot: '51' }),
    ]);
    await t.h.dispatcher.runOnce();

    expect(membershipRequests().map((r) => [r.method, r.path, r.body, r.responseBody])).toEqual(
      expect.arrayContaining([
        ['PUT', '/crm/v3/lists/300/memberships/add', ['51', '52', '53', '999'], { recordsIdsAdded: ['51', '52'], recordIdsRemoved: [], recordIdsMissing: ['999'] }],
        ['PUT', '/crm/v3/lists/301/memberships/add', ['51'], { recordsIdsAdded: ['51'], recordIdsRemoved: [], recordIdsMissing: [] }],
      ]),
    );
    expect(membershipRequests()).toHaveLength(2);
    expect(t.sim.store.listMembers('300')).toEqual(['51', '52', '53']);
    expect(t.sim.store.listMembers('301')).toEqual(['51']);
    const rows = Object.fromEntries((await t.rows()).map((r) => [r.key, [r.status, r.lastError ?? r.result]]));
    expect(rows).toEqual({
      'k-51': ['sent', JSON.stringify({ ref: '300', listId: '300', contactId: '51', added: true })],
      'k-52': ['sent', JSON.stringify({ ref: '300', listId: '300', contactId: '52', added: true })],
      'k-53': ['sent', JSON.stringify({ ref: '300', listId: '300', contactId: '53', added: false })],
      'k-999': ['dead', 'payload: HubSpot has no contact 999 to add to list 300'],
      'k-other': ['sent', JSON.stringify({ ref: '301', listId: '301', contactId: '51', added: true })],
    });
  });

  it('resolves a list name once per connection', async () => {
    await t.enqueue([row('k-1', 'hubspot.addToList', 'at-risk-accounts', { hubspot: '51' })]);
    await t.h.dispatcher.runOnce();
    await t.enqueue([row('k-2', 'hubspot.addToList', 'at-risk-accounts', { hubspot: '52' })]);
    await t.h.dispatcher.runOnce();
    expect(byNameRequests().map((r) => r.path)).toEqual(['/crm/v3/lists/object-type-id/0-1/name/at-risk-accounts']);
    expect(t.sim.store.listMembers('300')).toEqual(['51', '52', '53']);
  });

  it('removes a batch of contacts with one request; a contact not in the list is not an error', async () => {
    await t.enqueue([row('k-53', 'hubspot.removeFromList', '300', { hubspot: '53' }), row('k-51', 'hubspot.removeFromList', '300', { hubspot: '51' })]);
    await t.h.dispatcher.runOnce();
    expect(membershipRequests().map((r) => [r.path, r.body])).toEqual([['/crm/v3/lists/300/memberships/remove', ['53', '51']]]);
    expect(t.sim.store.listMembers('300')).toEqual([]);
    expect((await t.rows()).map((r) => [r.key, r.status, JSON.parse(r.result ?? '{}').removed])).toEqual([
      ['k-53', 'sent', true],
      ['k-51', 'sent', false],
    ]);
  });

  it('an unknown list name is a config error for its items only', async () => {
    await t.enqueue([row('k-bad', 'hubspot.addToList', 'no-such-list', { hubspot: '51' }), row('k-good', 'hubspot.addToList', '301', { hubspot: '52' })]);
    await t.h.dispatcher.runOnce();
    expect((await t.rows()).map((r) => [r.key, r.status, r.lastError])).toEqual([
      ['k-bad', 'dead', 'config: HubSpot has no contact list named "no-such-list"'],
      ['k-good', 'sent', undefined],
    ]);
    expect(t.sim.store.listMembers('301')).toEqual(['52']);
  });
});
