import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hubspotActionHarness, type HubspotActionHarness, type Row } from './hubspot-action-harness.ts';

let t: HubspotActionHarness;

beforeEach(async () => {
  t = await hubspotActionHarness();
  t.sim.store.defineProperty('contacts', 'next_best_action', { kind: 'string' });
  t.sim.store.defineProperty('contacts', 'propensity', { kind: 'number' });
  t.sim.seed({ contacts: ['51', '52', '53'].map((id) => ({ id, properties: { email: `c${id}@example.com`, next_best_action: 'none' } })) });
});
afterEach(async () => {
  await t.close();
});

function row(key: string, contact: { hubspot?: string; email?: string }, properties: Record<string, unknown>): Row {
  const identifiers: Record<string, string[]> = contact.hubspot ? { hubspot: [contact.hubspot] } : { email: [contact.email ?? ''] };
  return { key, destination: 'hubspot.updateContact', input: { properties }, meta: { identifiers } };
}

const batchUpdates = () => t.sim.requests.filter((r) => r.path === '/crm/v3/objects/contacts/batch/update');
const contact = (id: string) => t.sim.store.records.get('contacts', id)?.properties;

describe('hubspot.updateContact', () => {
  it('writes a batch in one request; a contact HubSpot does not have fails alone', async () => {
    await t.enqueue([
      row('k-51', { hubspot: '51' }, { next_best_action: 'demo-task', propensity: 0.42 }),
      row('k-999', { hubspot: '999' }, { next_best_action: 'demo-task' }),
      row('k-52', { email: 'c52@example.com' }, { next_best_action: 'churn-save-task', propensity: null }),
    ]);
    await t.h.dispatcher.runOnce();
    expect(batchUpdates().map((r) => r.body)).toEqual([
      {
        inputs: [
          { id: '51', properties: { next_best_action: 'demo-task', propensity: '0.42' } },
          { id: '999', properties: { next_best_action: 'demo-task' } },
          { id: '52', properties: { next_best_action: 'churn-save-task', propensity: '' } },
        ],
      },
    ]);
    expect(contact('51')).toMatchObject({ next_best_action: 'demo-task', propensity: '0.42' });
    expect(contact('52')).toMatchObject({ next_best_action: 'churn-save-task' });
    expect((await t.rows()).map((r) => [r.key, r.status, r.lastError])).toEqual([
      ['k-51', 'sent', undefined],
      ['k-999', 'dead', 'payload: HubSpot has no contact 999'],
      ['k-52', 'sent', undefined],
    ]);
  });

  it('when HubSpot refuses the whole batch for one bad value, writes the others one by one and fails only the bad one', async () => {
    await t.enqueue([row('k-51', { hubspot: '51' }, { propensity: 'high' }), row('k-52', { hubspot: '52' }, { propensity: 0.7 }), row('k-53', { hubspot: '53' }, { next_best_action: 'demo-task' })]);
    await t.h.dispatcher.runOnce();
    expect(batchUpdates().map((r) => r.status)).toEqual([400]);
    expect(contact('52')?.propensity).toBe('0.7');
    expect(contact('53')?.next_best_action).toBe('demo-task');
    const rows = await t.rows();
    expect(rows.map((r) => [r.key, r.status])).toEqual([
      ['k-51', 'dead'],
      ['k-52', 'sent'],
      ['k-53', 'sent'],
    ]);
    expect(rows[0]?.lastError).toMatch(/^payload: HubSpot update contact 51 failed \(400\): VALIDATION_ERROR: Property values were not valid: .*high was not a valid number/);
  });

  it('applies two writes to the same contact of one batch in order, in separate requests', async () => {
    await t.enqueue([row('k-first', { hubspot: '51' }, { next_best_action: 'demo-task' }), row('k-second', { hubspot: '51' }, { next_best_action: 'churn-save-task' })]);
    await t.h.dispatcher.runOnce();
    expect(batchUpdates().map((r) => [r.status, r.body])).toEqual([
      [200, { inputs: [{ id: '51', properties: { next_best_action: 'demo-task' } }] }],
      [200, { inputs: [{ id: '51', properties: { next_best_action: 'churn-save-task' } }] }],
    ]);
    expect(contact('51')?.next_best_action).toBe('churn-save-task');
  });

  it('refuses an update without properties as a payload error', async () => {
    await t.enqueue([row('k-empty', { hubspot: '51' }, {})]);
    await t.h.dispatcher.runOnce();
    expect(await t.row('k-empty')).toMatchObject({ status: 'dead', lastError: 'payload: invalid hubspot.updateContact input: properties: name at least one property' });
  });
});
