import { afterEach, describe, expect, it, vi } from 'vitest';
import { hubspotActionHarness, T0, type HarnessOptions, type HubspotActionHarness } from './hubspot-action-harness.ts';

let t: HubspotActionHarness;

afterEach(async () => {
  await t.close();
});

async function start(options: HarnessOptions = {}): Promise<void> {
  // Search never shows a write inside this test (60 s lag on a clock that does not move): only direct reads see new tasks.
  t = await hubspotActionHarness({ settings: { assignment: { roundRobin: ['7'], dailyCapacity: 25 } }, simulator: { searchIndexDelayMs: 60_000 }, ...options });
  t.sim.seed({ owners: [{ id: '7', email: 'rita@example.com' }], contacts: [{ id: '51', properties: { email: 'ada@example.com' } }] });
}

/** The task is created, then the process dies before the outbox row is marked sent. */
async function sendThenCrash(): Promise<void> {
  vi.spyOn(t.h.store, 'updateOutbox').mockRejectedValueOnce(new Error('process crashed before acknowledging'));
  await expect(t.h.dispatcher.runOnce()).rejects.toThrow('process crashed before acknowledging');
  expect(await t.row('k1')).toMatchObject({ status: 'pending', attempts: 0 });
  expect(t.sim.store.tasks()).toHaveLength(1);
}

const ROW = { key: 'k1', destination: 'hubspot.createTask', input: { subject: 'Call Ada' }, meta: { actionId: 'demo-task' } };

describe('hubspot.createTask exactly once', () => {
  it('after a crash between create and acknowledgement, the restarted dispatcher finds the task by its key instead of creating a second', async () => {
    await start();
    await t.enqueue([ROW]);
    await sendThenCrash();
    const [created] = t.sim.store.tasks();

    await t.restartedDispatcher().runOnce();
    expect(t.sim.store.tasks()).toHaveLength(1);
    expect(await t.row('k1')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await t.resultOf('k1')).toEqual({ ref: created?.id, ownerId: '7', contactId: '51', deduplicated: true });
    const keyReads = t.sim.requests.filter((r) => r.method === 'GET' && r.path === '/crm/v3/objects/tasks/k1');
    expect(keyReads.map((r) => [r.query['idProperty'], r.status])).toEqual([
      ['pathwise_key', 404],
      ['pathwise_key', 200],
    ]);
  });

  it('in a portal where pathwise_key is not unique, falls back to search (which finds the task once indexed)', async () => {
    await start({ keyNotUnique: true });
    await t.enqueue([ROW]);
    await sendThenCrash();
    t.advance(60_000);

    await t.restartedDispatcher().runOnce();
    expect(t.sim.store.tasks()).toHaveLength(1);
    expect(await t.resultOf('k1')).toMatchObject({ deduplicated: true });
    expect(t.sim.requests.filter((r) => r.path === '/crm/v3/objects/tasks/k1').map((r) => r.status)).toEqual([400, 400]);
    expect(t.sim.requests.at(-1)?.path).toBe('/crm/v3/objects/tasks/search');
  });

  it('when the read by key misses the task, the 409 on the duplicate create resolves to the existing task', async () => {
    await start();
    await t.enqueue([ROW]);
    await sendThenCrash();
    // A read that misses (a stale replica): the create then meets HubSpot's unique-value check.
    t.sim.failNext(1, { status: 404, body: { status: 'error', message: 'resource not found', category: 'OBJECT_NOT_FOUND', correlationId: 'c' }, match: { method: 'GET', path: '/crm/v3/objects/tasks/k1' } });

    await t.restartedDispatcher().runOnce();
    expect(t.sim.store.tasks()).toHaveLength(1);
    expect(t.sim.requests.filter((r) => r.method === 'POST' && r.path === '/crm/v3/objects/tasks').map((r) => r.status)).toEqual([201, 409]);
    expect(await t.resultOf('k1')).toMatchObject({ ref: t.sim.store.tasks()[0]?.id, deduplicated: true });
  });

  it('does not give the rep a second open task for the same action and contact, but does once the first is completed', async () => {
    await start({ simulator: { searchIndexDelayMs: 0 } });
    const open = t.sim.seed({
      tasks: [{ createdAt: T0 - 3_600_000, properties: { hs_timestamp: T0, hs_task_status: 'NOT_STARTED', hubspot_owner_id: '7', pathwise_key: 'earlier', pathwise_action: 'demo-task' } }],
      associations: [{ from: 'tasks', fromId: '1001', to: 'contacts', toId: '51' }],
    }).tasks[0];
    expect(open).toBe('1001');

    await t.enqueue([ROW, { ...ROW, key: 'k-other-action', meta: { actionId: 'churn-save-task' } }]);
    await t.h.dispatcher.runOnce();
    expect(await t.resultOf('k1')).toEqual({ ref: open, ownerId: '7', contactId: '51', deduplicated: true });
    expect(t.sim.store.tasks().map((task) => task.properties.pathwise_key)).toEqual(['earlier', 'k-other-action']);

    t.sim.store.updateAsUser('tasks', open ?? '', { hs_task_status: 'COMPLETED' });
    await t.enqueue([{ ...ROW, key: 'k-again' }]);
    await t.h.dispatcher.runOnce();
    expect(t.sim.store.tasks().map((task) => [task.properties.pathwise_key, task.contactIds])).toEqual([
      ['earlier', ['51']],
      ['k-other-action', ['51']],
      ['k-again', ['51']],
    ]);
  });
});
