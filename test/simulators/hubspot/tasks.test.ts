import { AssociationTypes, Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/tasks/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubspotSimulator, type HubspotSimulator } from './index.ts';

const HUBSPOT_DEFINED = AssociationSpecAssociationCategoryEnum.HubspotDefined;

/** Rejection of an SDK call, as the `ApiException` it throws (`code`, `body`, `headers`). */
async function apiError(call: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown>; headers: Record<string, string> }> {
  try {
    await call;
  } catch (error) {
    return error as { code: number; body: Record<string, unknown>; headers: Record<string, string> }; // ApiException carries these three fields
  }
  throw new Error('expected the call to fail');
}

describe('CRM objects and associations with @hubspot/api-client 13.5.0', () => {
  let sim: HubspotSimulator;
  let client: Client;
  let contactId: string;
  let dealId: string;

  beforeAll(async () => {
    sim = await startHubspotSimulator({ now: Date.parse('2024-01-02T09:00:00.000Z') });
    const seeded = sim.seed({
      owners: [{ id: '7', email: 'rep@example.com', firstName: 'Rita', lastName: 'Rep' }],
      contacts: [{ id: '51', properties: { email: 'ada@example.com', firstname: 'Ada' } }],
      deals: [{ properties: { dealname: 'Renewal', amount: '1200' } }],
    });
    contactId = seeded.contacts[0] ?? '';
    dealId = seeded.deals[0] ?? '';
    client = new Client({ accessToken: sim.issueToken().accessToken, basePath: sim.url, numberOfApiCallRetries: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('creates a task with an owner and a contact association and reads it back with its associations', async () => {
    const created = await client.crm.objects.tasks.basicApi.create({
      associations: [{ types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: AssociationTypes.taskToContact }], to: { id: contactId } }],
      properties: {
        hs_timestamp: '2024-01-02T10:00:00.000Z',
        hs_task_subject: 'Call lead',
        hs_task_body: 'Body',
        hs_task_status: 'NOT_STARTED',
        hs_task_priority: 'HIGH',
        hs_task_type: 'CALL',
        hubspot_owner_id: '7',
      },
    });
    expect(created.properties).toMatchObject({ hs_object_id: created.id, hs_task_subject: 'Call lead', hubspot_owner_id: '7', hs_createdate: '2024-01-02T09:00:00.000Z' });
    expect(created.createdAt.toISOString()).toBe('2024-01-02T09:00:00.000Z');

    const read = await client.crm.objects.tasks.basicApi.getById(created.id, ['hs_task_subject', 'hs_task_status', 'hs_timestamp', 'hubspot_owner_id'], undefined, ['contacts']);
    expect(read.properties).toEqual({
      hs_createdate: '2024-01-02T09:00:00.000Z',
      hs_lastmodifieddate: '2024-01-02T09:00:00.000Z',
      hs_object_id: created.id,
      hs_task_status: 'NOT_STARTED',
      hs_task_subject: 'Call lead',
      hs_timestamp: '2024-01-02T10:00:00.000Z',
      hubspot_owner_id: '7',
    });
    expect(read.associations?.contacts?.results).toEqual([{ id: contactId, type: 'task_to_contact' }]);
    expect(sim.store.tasks().find((t) => t.id === created.id)).toMatchObject({ contactIds: ['51'], dealIds: [] });
    const contactSide = await client.crm.associations.v4.basicApi.getPage('contacts', contactId, 'tasks');
    expect(contactSide.results).toEqual([{ toObjectId: Number(created.id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 203, label: null }] }]);
  });

  it('associates a task with a deal through v4 default associations (216 one way, 215 back)', async () => {
    const task = await client.crm.objects.tasks.basicApi.create({ associations: [], properties: { hs_timestamp: '1704189600000', hs_task_subject: 'Follow up' } });
    const result = await client.crm.associations.v4.basicApi.createDefault('tasks', task.id, 'deals', dealId);
    expect(result.results.map((r) => r.associationSpec.associationTypeId)).toEqual([216, 215]);
    const page = await client.crm.associations.v4.basicApi.getPage('tasks', task.id, 'deals');
    expect(page.results).toEqual([{ toObjectId: Number(dealId), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 216, label: null }] }]);
    expect(task.properties.hs_timestamp).toBe('2024-01-02T10:00:00.000Z');
  });

  it('answers 400 VALIDATION_ERROR naming every invalid property, and creates nothing', async () => {
    const before = sim.store.objects('tasks').length;
    const err = await apiError(
      client.crm.objects.tasks.basicApi.create({ associations: [], properties: { hs_timestamp: '2024-01-01T00:00:00Z', hs_task_priority: 'URGENT', hubspot_owner_id: '999' } }),
    );
    expect(err.code).toBe(400);
    expect(err.body.category).toBe('VALIDATION_ERROR');
    expect(String(err.body.message)).toMatch(/^Property values were not valid: \[/);
    expect(err.body.errors).toEqual([
      { message: 'URGENT was not one of the allowed options: [NONE, LOW, MEDIUM, HIGH]', code: 'INVALID_OPTION', context: { propertyName: ['hs_task_priority'] } },
      { message: '999 was not one of the allowed options: [7]', code: 'INVALID_OPTION', context: { propertyName: ['hubspot_owner_id'] } },
    ]);
    expect(sim.store.objects('tasks')).toHaveLength(before);
  });

  it('requires hs_timestamp on tasks and refuses an association type that does not fit', async () => {
    const missing = await apiError(client.crm.objects.tasks.basicApi.create({ associations: [], properties: { hs_task_subject: 'x' } }));
    expect(missing.body.errors).toEqual([{ message: 'Property "hs_timestamp" is required', code: 'REQUIRED_PROPERTY', context: { propertyName: ['hs_timestamp'] } }]);
    const wrongType = await apiError(
      client.crm.objects.tasks.basicApi.create({
        associations: [{ types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: AssociationTypes.contactToDeal }], to: { id: contactId } }],
        properties: { hs_timestamp: '1704189600000' },
      }),
    );
    expect(wrongType.code).toBe(400);
    expect(wrongType.body.subCategory).toBe('crm.associations.INVALID_ASSOCIATION_TYPE');
  });

  it('answers 404 for an unknown id and 409 for a second contact with the same email', async () => {
    const missing = await apiError(client.crm.objects.tasks.basicApi.getById('424242'));
    expect(missing.code).toBe(404);
    expect(missing.body.category).toBe('OBJECT_NOT_FOUND');
    const duplicate = await apiError(client.crm.contacts.basicApi.create({ associations: [], properties: { email: 'ADA@example.com' } }));
    expect(duplicate.code).toBe(409);
    expect(duplicate.body.message).toBe('Contact already exists. Existing ID: 51');
  });

  it('updates with PATCH, bumping hs_lastmodifieddate and recording the completion date', async () => {
    const task = await client.crm.objects.tasks.basicApi.create({ associations: [], properties: { hs_timestamp: '1704189600000', hs_task_status: 'NOT_STARTED' } });
    sim.clock.advance(60_000);
    const updated = await client.crm.objects.tasks.basicApi.update(task.id, { properties: { hs_task_status: 'COMPLETED' } });
    expect(updated.properties).toMatchObject({ hs_task_status: 'COMPLETED', hs_lastmodifieddate: '2024-01-02T09:01:00.000Z', hs_task_completion_date: '2024-01-02T09:01:00.000Z' });
    expect(updated.updatedAt.toISOString()).toBe('2024-01-02T09:01:00.000Z');
  });

  it('batch-creates tasks and batch-reads them, reporting unknown ids as a 207 error', async () => {
    const created = await client.crm.objects.tasks.batchApi.create({
      inputs: [
        { associations: [{ types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: 216 }], to: { id: dealId } }], properties: { hs_timestamp: '1704189600000', hs_task_subject: 'A' } },
        { associations: [], properties: { hs_timestamp: '1704189600000', hs_task_subject: 'B' } },
      ],
    });
    expect(created.status).toBe('COMPLETE');
    expect(created.results.map((r) => r.properties.hs_task_subject)).toEqual(['A', 'B']);
    const ids = created.results.map((r) => r.id);
    const read = await client.crm.objects.tasks.batchApi.read({ inputs: [...ids, '999999'].map((id) => ({ id })), properties: ['hs_task_subject'], propertiesWithHistory: [] });
    expect(read.results.map((r) => r.properties.hs_task_subject)).toEqual(['A', 'B']);
    expect('errors' in read ? (read.errors ?? []).map((e) => e.context) : []).toEqual([{ ids: ['999999'] }]);
    expect(sim.store.tasks().find((t) => t.id === ids[0])?.dealIds).toEqual([dealId]);
  });

  it('archives with DELETE, after which the id answers 404', async () => {
    const task = await client.crm.objects.tasks.basicApi.create({ associations: [], properties: { hs_timestamp: '1704189600000' } });
    await client.crm.objects.tasks.basicApi.archive(task.id);
    expect((await apiError(client.crm.objects.tasks.basicApi.getById(task.id))).code).toBe(404);
    expect(sim.store.records.get('tasks', task.id, { archived: true })?.archived).toBe(true);
  });
});
