import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_OUTCOME_EVENT } from '../../../../src/core/events/action-outcome.ts';
import { eventOf, MINUTE, startSyncHarness, T0, type SyncHarness } from './sync-harness.ts';

describe('HubSpot deals and tasks sync', () => {
  let h: SyncHarness;
  afterEach(async () => {
    await h.close();
  });

  it("sends a deal to each associated contact's profile, read in one association batch per page, and counts a deal with no contact as skipped", async () => {
    h = await startSyncHarness({ sync: { objects: ['deals'] } });
    const { contacts } = h.sim.seed({ contacts: [{ properties: { email: 'buyer@acme.io' } }, { properties: { email: 'cfo@acme.io' } }] });
    const { deals } = h.sim.seed({
      deals: [
        { properties: { dealname: 'Acme renewal', dealstage: 'contractsent', amount: '12000' }, createdAt: T0 - 60 * MINUTE, updatedAt: T0 - 10 * MINUTE },
        { properties: { dealname: 'Orphan' }, createdAt: T0 - 5 * MINUTE },
      ],
    });
    h.sim.seed({ associations: contacts.map((contactId) => ({ from: 'deals' as const, fromId: deals[0]!, to: 'contacts' as const, toId: contactId })) });

    const [status] = await h.runner().runUntilCaughtUp();

    const events = (await h.inbox()).map(eventOf);
    expect(events).toEqual(
      contacts.map((contactId) =>
        expect.objectContaining({
          messageId: `sync:deal:${deals[0]}:${T0 - 10 * MINUTE}:contact:${contactId}`,
          identifiers: { hubspot: contactId },
          record: { object: 'deal', id: deals[0], changeType: 'updated', changed: { dealname: 'Acme renewal', dealstage: 'contractsent', amount: '12000', hubspot_owner_id: null } },
        }),
      ),
    );
    expect(status).toMatchObject({ committed: 2, skipped: 1 });
    const associationReads = h.sim.requests.filter((r) => r.path === '/crm/v3/associations/deals/contacts/batch/read');
    expect(associationReads.map((r) => r.body)).toEqual([{ inputs: [{ id: deals[0] }, { id: deals[1] }] }]);
    expect(h.searches('deals')[0]?.body).toMatchObject({ sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }] });
  });

  it('reports a completed Pathwise task as an Action Outcome under the webhook path key, committed once whichever path came first', async () => {
    h = await startSyncHarness({ sync: { objects: ['tasks'] } });
    const { contacts } = h.sim.seed({ contacts: [{ properties: { email: 'lead@acme.io' } }] });
    const due = new Date(T0 + 60 * MINUTE).toISOString();
    const { tasks } = h.sim.seed({
      tasks: [
        { properties: { hs_timestamp: due, hs_task_subject: 'Call', hs_task_status: 'NOT_STARTED', pathwise_key: 'act-1', pathwise_action: 'demo-task' }, createdAt: T0 - 60 * MINUTE },
        { properties: { hs_timestamp: due, hs_task_subject: 'Rep own task', hs_task_status: 'COMPLETED' }, createdAt: T0 - 50 * MINUTE, updatedAt: T0 - 2 * MINUTE },
        { properties: { hs_timestamp: due, hs_task_subject: 'Open', hs_task_status: 'NOT_STARTED', pathwise_key: 'act-2' }, createdAt: T0 - 40 * MINUTE },
      ],
    });
    h.sim.seed({ associations: tasks.map((taskId) => ({ from: 'tasks' as const, fromId: taskId, to: 'contacts' as const, toId: contacts[0]! })) });
    // The rep completes the Pathwise task three minutes ago.
    h.sim.clock.set(T0 - 3 * MINUTE);
    h.sim.store.updateAsUser('tasks', tasks[0]!, { hs_task_status: 'COMPLETED' });
    h.sim.clock.set(T0);

    const runner = h.runner();
    await runner.runUntilCaughtUp();

    const events = (await h.inbox()).map(eventOf);
    const outcomes = events.filter((e) => e['event'] === ACTION_OUTCOME_EVENT);
    expect(outcomes).toEqual([
      expect.objectContaining({
        type: 'track',
        messageId: `outcome:task:${tasks[0]}:completed`,
        timestamp: T0 - 3 * MINUTE,
        identifiers: { hubspot: contacts[0] },
        properties: expect.objectContaining({ actionKey: 'act-1', outcome: 'completed', ref: tasks[0], channel: 'task' }),
      }),
    ]);
    // Oldest change first: the untouched open task, the completed one, the rep's own.
    expect(events.filter((e) => e['type'] === 'record').map((e) => e['record'])).toEqual([
      expect.objectContaining({ id: tasks[2], changeType: 'created' }),
      expect.objectContaining({ id: tasks[0], changeType: 'updated', changed: expect.objectContaining({ hs_task_status: 'COMPLETED', pathwise_key: 'act-1' }) }),
      expect.objectContaining({ id: tasks[1], changeType: 'updated' }),
    ]);

    // A later pass reads the task again in the look-back window: nothing new is committed.
    h.advance(MINUTE);
    const [again] = await runner.runUntilCaughtUp();
    expect(await h.inbox()).toHaveLength(events.length);
    expect(again).toMatchObject({ committed: events.length });
  });

  it('commits nothing for an outcome the webhook path already committed', async () => {
    h = await startSyncHarness({ sync: { objects: ['tasks'] } });
    const { contacts } = h.sim.seed({ contacts: [{ properties: { email: 'lead@acme.io' } }] });
    const { tasks } = h.sim.seed({
      tasks: [{ properties: { hs_timestamp: new Date(T0).toISOString(), hs_task_status: 'COMPLETED', pathwise_key: 'act-9' }, createdAt: T0 - 60 * MINUTE, updatedAt: T0 - 3 * MINUTE }],
    });
    h.sim.seed({ associations: [{ from: 'tasks', fromId: tasks[0]!, to: 'contacts', toId: contacts[0]! }] });
    // What the webhook handler committed when HubSpot delivered the completion.
    await h.store.appendInbox([{ source: 'hubspot', messageId: `outcome:task:${tasks[0]}:completed`, receivedAt: T0 - 2 * MINUTE, payload: '{}' }]);

    const [status] = await h.runner().runUntilCaughtUp();

    expect(status).toMatchObject({ committed: 1, duplicates: 1 });
    expect((await h.inbox()).filter((r) => r.messageId.startsWith('outcome:'))).toHaveLength(1);
  });
});
