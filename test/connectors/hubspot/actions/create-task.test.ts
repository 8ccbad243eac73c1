import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hubspotActionHarness, T0, type HubspotActionHarness } from './hubspot-action-harness.ts';

const DAY = 86_400_000;

let t: HubspotActionHarness;
let dealId: string;

beforeEach(async () => {
  t = await hubspotActionHarness();
  const seeded = t.sim.seed({
    owners: [{ id: '7', email: 'rita@example.com' }],
    contacts: [
      { id: '51', properties: { email: 'ada@example.com' } },
      { id: '52', properties: { email: 'bob@example.com' } },
    ],
    deals: [{ properties: { dealname: 'Renewal' } }],
  });
  dealId = seeded.deals[0] ?? '';
});
afterEach(async () => {
  await t.close();
});

describe('hubspot.createTask', () => {
  it('stores subject, body, priority, type, due date, owner and the key on a task associated with the contact (204) and the deal (216)', async () => {
    const body = 'Why now: Webinar Attended on 2026-03-01; Viewed pricing 3 times in 14 days.\nCall and offer a 30-minute demo.';
    await t.enqueue([
      {
        key: 'k-task',
        destination: 'hubspot.createTask',
        input: { subject: 'Offer Ada a 1:1 demo', body, priority: 'HIGH', type: 'CALL', dueInDays: 1, dealId },
        meta: { actionId: 'demo-task', owner: '7' },
      },
    ]);
    expect(await t.h.dispatcher.runOnce()).toBe(1);

    const [task, ...others] = t.sim.store.tasks();
    expect(others).toEqual([]);
    expect(task?.properties).toMatchObject({
      hs_task_subject: 'Offer Ada a 1:1 demo',
      // The body already gives the reasons: only the journey that led here is added.
      hs_task_body: `${body}\n\n— Pathwise · Webinar attendee to 1:1 demo`,
      hs_task_priority: 'HIGH',
      hs_task_type: 'CALL',
      hs_task_status: 'NOT_STARTED',
      hs_timestamp: new Date(T0 + DAY).toISOString(),
      hubspot_owner_id: '7',
      pathwise_key: 'k-task',
      pathwise_action: 'demo-task',
    });
    expect(task?.contactIds).toEqual(['51']);
    expect(task?.dealIds).toEqual([dealId]);
    const typeIds = t.sim.store.associations.from('tasks', task?.id ?? '', 'contacts').concat(t.sim.store.associations.from('tasks', task?.id ?? '', 'deals')).map((e) => e.typeId);
    expect(typeIds).toEqual([204, 216]);
    expect(await t.row('k-task')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await t.resultOf('k-task')).toEqual({ ref: task?.id, ownerId: '7', contactId: '51' });
  });

  it('appends the journey, the reasons and the trigger when the rendered body lacks the reasons', async () => {
    await t.enqueue([{ key: 'k-footer', destination: 'hubspot.createTask', input: { subject: 'Call Ada', body: 'Offer a demo.', dueInHours: 4 }, meta: { owner: '7' } }]);
    await t.h.dispatcher.runOnce();
    const [task] = t.sim.store.tasks();
    expect(task?.properties.hs_task_body).toBe(
      [
        'Offer a demo.',
        '',
        '— Pathwise · Webinar attendee to 1:1 demo',
        'Why now: Webinar Attended on 2026-03-01; Viewed pricing 3 times in 14 days.',
        'Trigger: Webinar Attended, 2026-03-01 14:00 UTC.',
      ].join('\n'),
    );
    expect(task?.properties).toMatchObject({ hs_timestamp: new Date(T0 + 4 * 3_600_000).toISOString(), hs_task_priority: 'MEDIUM', hs_task_type: 'TODO' });
  });

  it('finds the contact by email when the profile has no HubSpot id, with a direct read rather than search', async () => {
    await t.enqueue([
      {
        key: 'k-email',
        destination: 'hubspot.createTask',
        input: { subject: 'Call Bob', dueAt: '2026-03-05T09:00:00Z' },
        meta: { identifiers: { email: ['bob@example.com'] }, owner: '7' },
      },
    ]);
    await t.h.dispatcher.runOnce();
    expect(t.sim.store.tasks().map((task) => [task.contactIds, task.properties.hs_timestamp])).toEqual([[['52'], '2026-03-05T09:00:00.000Z']]);
    expect(t.sim.requests.find((r) => r.method === 'GET' && r.path === '/crm/v3/objects/contacts/bob%40example.com')?.query).toMatchObject({ idProperty: 'email' });
    expect(await t.resultOf('k-email')).toMatchObject({ contactId: '52' });
  });

  it('dead-letters a task whose contact HubSpot does not have, naming the email, and creates nothing', async () => {
    await t.enqueue([{ key: 'k-nobody', destination: 'hubspot.createTask', input: { subject: 'Call' }, meta: { identifiers: {}, traits: { email: 'nobody@example.com' } } }]);
    await t.h.dispatcher.runOnce();
    expect(await t.row('k-nobody')).toMatchObject({
      status: 'dead',
      lastError: 'payload: profile p1 has no HubSpot contact id (identifiers.hubspot) and HubSpot has no contact with email nobody@example.com',
    });
    expect(t.sim.store.tasks()).toEqual([]);
  });

  it('refuses an input with two due dates as a payload error naming the field', async () => {
    await t.enqueue([{ key: 'k-due', destination: 'hubspot.createTask', input: { subject: 'Call', dueInDays: 1, dueAt: '2026-03-05T09:00:00Z' } }]);
    await t.h.dispatcher.runOnce();
    expect(await t.row('k-due')).toMatchObject({ status: 'dead', lastError: 'payload: invalid hubspot.createTask input: dueAt: give at most one of dueInDays, dueInHours, dueAt' });
    expect(t.sim.requests).toEqual([]);
  });

  it('explains a portal without the Pathwise task properties as a config error that says what to create', async () => {
    const bare = await hubspotActionHarness({ noTaskProperties: true });
    try {
      bare.sim.seed({ contacts: [{ id: '51', properties: { email: 'ada@example.com' } }] });
      await bare.enqueue([{ key: 'k-bare', destination: 'hubspot.createTask', input: { subject: 'Call' } }]);
      await bare.h.dispatcher.runOnce();
      const row = await bare.row('k-bare');
      expect(row?.status).toBe('dead');
      expect(row?.lastError).toMatch(/^config: HubSpot .*pathwise_key.* — create the HubSpot task properties pathwise_key \(single-line text with unique values\) and pathwise_action/);
      expect(bare.sim.store.tasks()).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});
