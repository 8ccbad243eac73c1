import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/runtime/app.ts';
import { ManualClock } from '../../src/runtime/clock/clock.ts';
import { startHubspotSimulator, type HubspotSimulator } from '../simulators/hubspot/index.ts';
import { ADMIN_TOKEN, eventually, startTestApp } from '../helpers/runtime-fixtures.ts';
import { sqlCallTaskManifest } from '../connectors/hubspot/hubspot-app.ts';

const T0 = Date.parse('2026-03-02T15:00:00Z');
const CLIENT_SECRET = 'e2e-app-secret';

let sim: HubspotSimulator | undefined;
let app: App | undefined;
afterEach(async () => {
  await app?.stop();
  await sim?.close();
  app = undefined;
  sim = undefined;
});

describe('HubSpot end to end', () => {
  it('a contact becoming an SQL in HubSpot puts a why-now call task in its owner’s queue, and the rep completing it is recorded as the outcome', async () => {
    sim = await startHubspotSimulator({ now: T0, clientSecret: CLIENT_SECRET });
    sim.seed({ owners: [{ id: '1001', email: 'rita@acme.io', firstName: 'Rita' }, { id: '1002', email: 'sam@acme.io', firstName: 'Sam' }] });
    sim.store.defineProperty('tasks', 'pathwise_key', { kind: 'string' });
    sim.store.defineProperty('tasks', 'pathwise_action', { kind: 'string' });
    const token = sim.issueToken({ kind: 'private-app' });
    const running = await startTestApp({
      clock: new ManualClock(T0),
      manifest: sqlCallTaskManifest(sim),
      env: { HUBSPOT_TOKEN: token.accessToken, HUBSPOT_SECRET: CLIENT_SECRET, PATHWISE_ADMIN_TOKEN: ADMIN_TOKEN },
    });
    app = running;
    const hook = `${running.url}/webhooks/hubspot`;

    // A rep's colleague qualifies Ann in HubSpot: HubSpot sends the changes as signed webhooks.
    const mark = sim.store.changes.all().length;
    const ann = sim.store.createAsUser('contacts', { email: 'ann@globex.io', firstname: 'Ann', company: 'Globex', hubspot_owner_id: '1001', lifecyclestage: 'salesqualifiedlead' });
    const delivered = await sim.deliverWebhooks(hook, sim.webhookEvents(sim.store.changes.all().slice(mark)));
    expect(delivered.delivered).toBe(true);

    await eventually(() => sim!.store.tasks().length === 1, 10_000);
    const [task] = sim.store.tasks();
    expect(task).toMatchObject({ contactIds: [ann.id] });
    expect(task?.properties['hubspot_owner_id']).toBe('1001');
    expect(task?.properties).toMatchObject({ hs_task_subject: 'Call Ann at Globex: new sales-qualified lead', hs_task_priority: 'HIGH', hs_task_type: 'CALL' });
    expect(String(task?.properties['hs_task_body'])).toMatch(/Why now: .*salesqualifiedlead/i);
    expect(String(task?.properties['hs_task_body'])).toContain('New SQL gets a call');

    // Rita calls Ann and ticks the task off.
    const before = sim.store.changes.all().length;
    sim.clock.advance(3_600_000);
    running.clock.set(sim.clock.now());
    sim.store.updateAsUser('tasks', task!.id, { hs_task_status: 'COMPLETED' });
    expect((await sim.deliverWebhooks(hook, sim.webhookEvents(sim.store.changes.all().slice(before)))).delivered).toBe(true);

    await eventually(async () => (await running.store.actionStats()).some((a) => a.outcomes['completed'] === 1), 10_000);
    const res = await fetch(`${running.url}/api/profiles?hubspot=${ann.id}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const view = (await res.json()) as { owner: string; actions: { actionId: string; status: string; outcomes: { outcome: string; ref: string }[] }[] };
    expect(view.owner).toBe('1001');
    expect(view.actions).toEqual([expect.objectContaining({ actionId: 'sql-call-task', status: 'sent', outcomes: [expect.objectContaining({ outcome: 'completed', ref: task!.id })] })]);
  }, 30_000);
});
