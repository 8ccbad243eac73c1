import { Client } from '@hubspot/api-client';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/tasks/index.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHubspotSimulator, type HubspotSimulator } from './index.ts';

/** Rejection of an SDK call, as the `ApiException` it throws (`code`, `body`). */
async function apiError(call: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  try {
    await call;
  } catch (error) {
    return error as { code: number; body: Record<string, unknown> }; // ApiException carries both fields
  }
  throw new Error('expected the call to fail');
}

describe('unique-value properties (hasUniqueValue) and batch update rules', () => {
  let sim: HubspotSimulator;
  let client: Client;

  beforeEach(async () => {
    // A search lag that never ends on the frozen clock: only direct reads can see new writes.
    sim = await startHubspotSimulator({ now: Date.parse('2024-01-02T09:00:00.000Z'), searchIndexDelayMs: 60_000 });
    sim.store.defineProperty('tasks', 'external_key', { kind: 'string', hasUniqueValue: true });
    sim.store.defineProperty('tasks', 'external_note', { kind: 'string' });
    sim.seed({ contacts: [{ id: '51', properties: { email: 'ada@example.com' } }, { id: '52', properties: { email: 'bob@example.com' } }] });
    client = new Client({ accessToken: sim.issueToken().accessToken, basePath: sim.url, numberOfApiCallRetries: 0 });
  });
  afterEach(async () => {
    await sim.close();
  });

  it('reads a record by a unique property at once, while search does not see it yet', async () => {
    const created = await client.crm.objects.tasks.basicApi.create({ associations: [], properties: { hs_timestamp: '1704189600000', external_key: 'k-1' } });
    const read = await client.crm.objects.tasks.basicApi.getById('k-1', ['external_key'], undefined, undefined, false, 'external_key');
    expect(read.id).toBe(created.id);
    const searched = await client.crm.objects.tasks.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'external_key', operator: FilterOperatorEnum.Eq, value: 'k-1' }] }], limit: 10 });
    expect(searched.total).toBe(0);
    expect((await apiError(client.crm.objects.tasks.basicApi.getById('k-2', undefined, undefined, undefined, false, 'external_key'))).code).toBe(404);
  });

  it('refuses a second record with the same unique value with 409, creating nothing', async () => {
    const first = await client.crm.objects.tasks.basicApi.create({ associations: [], properties: { hs_timestamp: '1704189600000', external_key: 'k-1' } });
    const err = await apiError(client.crm.objects.tasks.basicApi.create({ associations: [], properties: { hs_timestamp: '1704189600000', external_key: 'k-1' } }));
    expect(err.code).toBe(409);
    expect(err.body.category).toBe('CONFLICT');
    expect(String(err.body.message)).toContain(`Existing ID: ${first.id}`);
    const batch = await apiError(
      client.crm.objects.tasks.batchApi.create({
        inputs: [
          { associations: [], properties: { hs_timestamp: '1704189600000', external_key: 'k-2' } },
          { associations: [], properties: { hs_timestamp: '1704189600000', external_key: 'k-2' } },
        ],
      }),
    );
    expect(batch.code).toBe(409);
    expect(sim.store.objects('tasks').map((t) => t.properties.external_key)).toEqual(['k-1']);
  });

  it('refuses idProperty on a property that is not unique', async () => {
    await client.crm.objects.tasks.basicApi.create({ associations: [], properties: { hs_timestamp: '1704189600000', external_note: 'n' } });
    const err = await apiError(client.crm.objects.tasks.basicApi.getById('n', undefined, undefined, undefined, false, 'external_note'));
    expect(err.code).toBe(400);
    expect(err.body.category).toBe('VALIDATION_ERROR');
  });

  it('batch update refuses the whole batch for one invalid value, and a batch naming one record twice', async () => {
    const invalid = await apiError(
      client.crm.contacts.batchApi.update({
        inputs: [
          { id: '51', properties: { firstname: 'Ada' } },
          { id: '52', properties: { lifecyclestage: 'not-a-stage' } },
        ],
      }),
    );
    expect(invalid.code).toBe(400);
    expect(sim.store.records.get('contacts', '51')?.properties.firstname).toBeUndefined();
    const twice = await apiError(
      client.crm.contacts.batchApi.update({
        inputs: [
          { id: '51', properties: { firstname: 'Ada' } },
          { id: '51', properties: { lastname: 'Lovelace' } },
        ],
      }),
    );
    expect(twice.code).toBe(400);
    expect(String(twice.body.message)).toContain('Duplicate IDs found in batch input: [51]');
    expect(sim.store.records.get('contacts', '51')?.properties.lastname).toBeUndefined();
  });
});
