import { afterEach, describe, expect, it } from 'vitest';
import type { RecordSeed } from '../../../simulators/hubspot/index.ts';
import { hubspotActionHarness, T0, type HubspotActionHarness, type Row } from './hubspot-action-harness.ts';

const HOUR = 3_600_000;
/** T0 is 15:00 UTC: capacity frees at the next midnight, nine hours later. */
const UNTIL_MIDNIGHT = 9 * HOUR;
// The harness day (2026-03-02) is day 20514 since the epoch, 20514 % 3 = 0: a team of three starts its tie-break with its first rep.
const TEAM = ['7', '8', '9'];

let t: HubspotActionHarness;

afterEach(async () => {
  await t.close();
});

async function start(options: { capacity?: number; searchIndexDelayMs?: number; team?: string[]; timeZone?: string } = {}): Promise<void> {
  t = await hubspotActionHarness({
    settings: { assignment: { roundRobin: options.team ?? TEAM, dailyCapacity: options.capacity ?? 2, ...(options.timeZone ? { timeZone: options.timeZone } : {}) } },
    simulator: { searchIndexDelayMs: options.searchIndexDelayMs ?? 0 },
  });
  t.sim.seed({
    owners: ['7', '8', '9', '10'].map((id) => ({ id, email: `rep${id}@example.com` })),
    contacts: ['51', '52', '53', '54', '55', '56', '57'].map((id) => ({ id, properties: { email: `c${id}@example.com` } })),
  });
}

let seeded = 0;

/** An earlier task of `owner` created at `at`: a Pathwise one (with a pathwise_key) unless made by hand. */
function task(owner: string, at: number, origin: 'pathwise' | 'by hand' = 'pathwise'): RecordSeed {
  seeded += 1;
  return { createdAt: at, properties: { hs_timestamp: at, hubspot_owner_id: owner, hs_task_subject: 'earlier', ...(origin === 'pathwise' ? { pathwise_key: `seed-${seeded}` } : {}) } };
}

function taskRow(key: string, contactId: string, meta: Row['meta'] = {}, input: Record<string, unknown> = {}): Row {
  return { key, destination: 'hubspot.createTask', input: { subject: `Call ${contactId}`, ...input }, meta: { actionId: `action-${key}`, identifiers: { hubspot: [contactId] }, ...meta } };
}

/** Owner of each task created on a contact (seeded tasks have no contact). */
function ownersByContact(): Record<string, string | undefined> {
  return Object.fromEntries(t.sim.store.tasks().flatMap((task) => (task.contactIds[0] === undefined ? [] : [[task.contactIds[0], task.properties.hubspot_owner_id]])));
}

describe('hubspot.createTask owner', () => {
  it("takes the action's ownerId first, then the contact's owner, then the round-robin team", async () => {
    await start();
    await t.enqueue([taskRow('k-explicit', '51', { owner: '7' }, { ownerId: '10' }), taskRow('k-contact-owner', '52', { owner: '8' }), taskRow('k-team', '53')]);
    await t.h.dispatcher.runOnce();
    expect(ownersByContact()).toEqual({ '51': '10', '52': '8', '53': '7' });
    expect(await t.resultOf('k-team')).toMatchObject({ ownerId: '7', contactId: '53' });
  });

  it('gives each task to the rep with the fewest Pathwise tasks today, taking turns on ties, even when sent concurrently', async () => {
    await start({ capacity: 3 });
    t.sim.seed({
      // Today rep 7 has two Pathwise tasks and rep 8 one; rep 9's hand-made task and yesterday's Pathwise task do not count.
      tasks: [task('7', T0 - HOUR), task('7', T0 - 2 * HOUR), task('8', T0 - HOUR), task('9', T0 - HOUR, 'by hand'), task('9', T0 - 20 * HOUR)],
    });
    await t.enqueue(['51', '52', '53', '54'].map((c) => taskRow(`k-${c}`, c)));
    await t.h.dispatcher.runOnce();
    // Counts 7:2 8:1 9:0 → 9, then 8 and 9 tie at 1 → 8 (first in team order), then 9, then all three at 2 → 7.
    expect(Object.values(ownersByContact()).sort()).toEqual(['7', '8', '9', '9']);
    expect((await t.rows()).map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  it('holds capacity while search does not yet show the tasks just created', async () => {
    await start({ capacity: 1, searchIndexDelayMs: 60_000 });
    await t.enqueue([taskRow('k-51', '51'), taskRow('k-52', '52')]);
    await t.h.dispatcher.runOnce();
    await t.enqueue([taskRow('k-53', '53'), taskRow('k-54', '54')]);
    await t.h.dispatcher.runOnce();
    // Search shows none of the new tasks (60 s lag on a frozen clock): the count comes from what this process assigned.
    expect(Object.values(ownersByContact()).sort()).toEqual(['7', '8', '9']);
    const deferred = (await t.rows()).filter((r) => r.status === 'pending');
    expect(deferred).toHaveLength(1);
    expect(deferred[0]?.lastError).toBe(
      'rate_limit: every rep of assignment.roundRobin (7, 8, 9) is at capacity today (assignment.dailyCapacity 1); the task waits for the next day in UTC',
    );
  });

  it("defers the task to the next UTC day when the contact's owner is at capacity, creating nothing and spending no attempt", async () => {
    await start({ capacity: 2 });
    t.sim.seed({ tasks: [task('7', T0 - HOUR), task('7', T0 - 2 * HOUR)] });
    await t.enqueue([taskRow('k-full', '51', { owner: '7' })]);
    await t.h.dispatcher.runOnce();
    expect(await t.row('k-full')).toMatchObject({
      status: 'pending',
      attempts: 0,
      availableAt: T0 + UNTIL_MIDNIGHT,
      lastError: 'rate_limit: HubSpot owner 7 is at capacity today: 2 Pathwise tasks (assignment.dailyCapacity 2); the task waits for the next day in UTC',
    });
    expect(t.sim.store.tasks().filter((x) => x.properties.pathwise_key === 'k-full')).toEqual([]);
  });

  it('with the default retry policy creates the deferred task just after midnight, when capacity frees', async () => {
    await start({ capacity: 1 });
    t.sim.seed({ tasks: [task('7', T0 - HOUR)] });
    await t.enqueue([taskRow('k-full', '51', { owner: '7' })]);
    await t.h.dispatcher.runOnce();
    expect(await t.row('k-full')).toMatchObject({ status: 'pending', availableAt: T0 + UNTIL_MIDNIGHT });
    t.advance(UNTIL_MIDNIGHT);
    await t.h.dispatcher.runOnce();
    expect(await t.row('k-full')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(t.sim.store.tasks().find((x) => x.properties.pathwise_key === 'k-full')?.properties).toMatchObject({ hubspot_owner_id: '7', hs_createdate: new Date(T0 + UNTIL_MIDNIGHT).toISOString() });
  });

  it("counts capacity by the team's local day: in New York a task made at 02:00 UTC belongs to the evening before, and the wait ends at New York's midnight", async () => {
    await start({ capacity: 1, timeZone: 'America/New_York' });
    // T0 is 10:00 in New York (15:00 UTC). 02:00 UTC today was 21:00 yesterday in New York: by UTC days rep 7 would be full.
    t.sim.seed({ tasks: [task('7', T0 - 13 * HOUR)] });
    await t.enqueue([taskRow('k-yesterday-ny', '51', { owner: '7' })]);
    await t.h.dispatcher.runOnce();
    expect(await t.row('k-yesterday-ny')).toMatchObject({ status: 'sent' });
    t.sim.seed({ tasks: [task('8', T0 - 9 * HOUR)] });
    await t.enqueue([taskRow('k-today-ny', '52', { owner: '8' })]);
    await t.h.dispatcher.runOnce();
    // 06:00 UTC is 01:00 in New York: today there, so rep 8 is full until New York's midnight, 05:00 UTC, 14 h away.
    expect(await t.row('k-today-ny')).toMatchObject({
      status: 'pending',
      availableAt: T0 + 14 * HOUR,
      lastError: 'rate_limit: HubSpot owner 8 is at capacity today: 1 Pathwise tasks (assignment.dailyCapacity 1); the task waits for the next day in America/New_York',
    });
  });

  it('creates an unassigned task when the contact has no owner and there is no team', async () => {
    await start({ team: [] });
    await t.enqueue([taskRow('k-nobody', '51')]);
    await t.h.dispatcher.runOnce();
    expect(t.sim.store.tasks()[0]?.properties.hubspot_owner_id).toBeUndefined();
    expect(await t.resultOf('k-nobody')).toMatchObject({ ownerId: null });
  });
});
