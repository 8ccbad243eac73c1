import { afterEach, describe, expect, it } from 'vitest';
import { eventOf, MINUTE, startSyncHarness, T0, windowOf, type SyncHarness } from './sync-harness.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('HubSpot contacts sync: cursor rules', () => {
  let h: SyncHarness;
  afterEach(async () => {
    await h.close();
  });

  it('reads from the start date, oldest change first, 100 a page, and stores where it stopped with the last page', async () => {
    h = await startSyncHarness({ sync: { objects: ['contacts'], startDate: iso(T0 - 4 * 60 * MINUTE) } });
    // 30 contacts before the start date, 220 after it, one minute apart.
    h.sim.seed({ contacts: Array.from({ length: 250 }, (_, i) => ({ properties: { email: `c${i}@acme.io` }, createdAt: T0 - 5 * 60 * MINUTE, updatedAt: T0 - 5 * 60 * MINUTE + (i + 30) * MINUTE })) });

    const [status] = await h.runner().runUntilCaughtUp();

    const rows = await h.inbox();
    expect(rows).toHaveLength(220);
    expect(rows.map((r) => eventOf(r)['timestamp'])).toEqual(Array.from({ length: 220 }, (_, i) => T0 - 4 * 60 * MINUTE + i * MINUTE));
    expect(status).toMatchObject({ connector: 'hubspot', stream: 'contacts', state: 'caught-up', committed: 220, duplicates: 0, progress: { done: 220, total: 220 } });
    const searches = h.searches('contacts');
    expect(searches.map((s) => windowOf(s))).toEqual(['0', '100', '200'].map((after) => ({ from: T0 - 4 * 60 * MINUTE, to: T0 - 5_000, after })));
    expect(searches[0]?.body).toMatchObject({ limit: 100, sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }], properties: expect.arrayContaining(['email', 'lifecyclestage', 'hs_lead_status', 'hubspot_owner_id', 'lastmodifieddate', 'createdate']) });
    expect(JSON.parse((await h.store.getCursor('sync:hubspot:contacts')) ?? 'null')).toEqual({ v: 1, lastModified: T0 - 4 * 60 * MINUTE + 219 * MINUTE });
  });

  it('reads all history when the manifest sets no start date', async () => {
    h = await startSyncHarness({ sync: { objects: ['contacts'] } });
    h.sim.seed({ contacts: [{ properties: { email: 'old@acme.io' }, createdAt: Date.parse('2012-05-01T00:00:00Z') }] });
    await h.runner().runUntilCaughtUp();
    expect((await h.inbox()).map((r) => eventOf(r)['messageId'])).toEqual([expect.stringMatching(/^sync:contact:\d+:1335830400000$/)]);
    expect(windowOf(h.searches('contacts')[0]!).from).toBe(0);
  });

  it('makes a created event of a never-modified contact and an updated one otherwise, naming the person by contact id and email', async () => {
    h = await startSyncHarness({ sync: { objects: ['contacts'] } });
    h.sim.seed({ owners: [{ id: '701', email: 'rita@acme.io' }] });
    const { contacts } = h.sim.seed({
      contacts: [
        { properties: { email: 'New@Acme.io', firstname: 'Ann', lifecyclestage: 'lead' }, createdAt: T0 - 3 * MINUTE },
        { properties: { email: 'bo@acme.io', hs_lead_status: 'OPEN', hubspot_owner_id: '701' }, createdAt: T0 - 9 * MINUTE, updatedAt: T0 - 2 * MINUTE },
      ],
    });
    await h.runner().runUntilCaughtUp();
    const events = (await h.inbox()).map(eventOf);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'record',
        source: 'hubspot',
        messageId: `sync:contact:${contacts[0]}:${T0 - 3 * MINUTE}`,
        timestamp: T0 - 3 * MINUTE,
        identifiers: { hubspot: contacts[0], email: 'New@Acme.io' },
        // Unset properties stay out (they must not erase another source's traits); the owner is HubSpot's to unset.
        record: { object: 'contact', id: contacts[0], changeType: 'created', changed: { email: 'New@Acme.io', firstname: 'Ann', lifecyclestage: 'lead', hubspot_owner_id: null } },
      }),
      expect.objectContaining({
        messageId: `sync:contact:${contacts[1]}:${T0 - 2 * MINUTE}`,
        record: { object: 'contact', id: contacts[1], changeType: 'updated', changed: { email: 'bo@acme.io', hs_lead_status: 'OPEN', hubspot_owner_id: '701' } },
      }),
    ]);
  });

  it('picks up a late-indexed update inside the look-back window once, and does not read again what is older than the window', async () => {
    h = await startSyncHarness({ sync: { objects: ['contacts'], lookBackMinutes: 10 } });
    const { contacts } = h.sim.seed({
      contacts: [
        { properties: { email: 'a@acme.io' }, createdAt: T0 - 90 * MINUTE, updatedAt: T0 - 60 * MINUTE },
        { properties: { email: 'b@acme.io' }, createdAt: T0 - 90 * MINUTE, updatedAt: T0 - 2 * MINUTE },
      ],
    });
    const runner = h.runner();
    await runner.runUntilCaughtUp();
    expect(await h.inbox()).toHaveLength(2);

    // A write HubSpot indexed late: modified before the newest change the first pass saw, visible only now.
    h.advance(MINUTE);
    const { contacts: late } = h.sim.seed({ contacts: [{ properties: { email: 'late@acme.io' }, createdAt: T0 - 90 * MINUTE, updatedAt: T0 - 5 * MINUTE }] });
    const [second] = await runner.runUntilCaughtUp();

    const secondSearch = h.searches('contacts').at(-1)!;
    expect(windowOf(secondSearch)).toEqual({ from: T0 - 2 * MINUTE - 10 * MINUTE, to: T0 + MINUTE - 5_000, after: '0' });
    const returned = (secondSearch.responseBody as { results: { id: string }[] }).results.map((r) => r.id);
    expect(returned).toEqual([late[0], contacts[1]]);
    expect(second).toMatchObject({ committed: 3, duplicates: 1 });

    // Every later pass reads the late one again inside the window; the inbox keeps it once.
    h.advance(MINUTE);
    await runner.runUntilCaughtUp();
    const ids = (await h.inbox()).map((r) => eventOf(r).messageId);
    expect(ids.filter((id) => id.startsWith(`sync:contact:${late[0]}:`))).toHaveLength(1);
    expect(ids).toHaveLength(3);
  });

  it('commits a contact again when it changes again, under its new modification time', async () => {
    h = await startSyncHarness({ sync: { objects: ['contacts'] } });
    const { contacts } = h.sim.seed({ contacts: [{ properties: { email: 'a@acme.io', lifecyclestage: 'lead' }, createdAt: T0 - 30 * MINUTE }] });
    const runner = h.runner();
    await runner.runUntilCaughtUp();
    h.sim.store.updateAsUser('contacts', contacts[0]!, { lifecyclestage: 'customer' });
    h.advance(10_000);
    await runner.runUntilCaughtUp();
    expect((await h.inbox()).map(eventOf).map((e) => [e.messageId, (e['record'] as { changeType: string }).changeType])).toEqual([
      [`sync:contact:${contacts[0]}:${T0 - 30 * MINUTE}`, 'created'],
      [`sync:contact:${contacts[0]}:${T0}`, 'updated'],
    ]);
  });

  it('leaves a write of the last seconds to the next pass (the ceiling) and reads it then', async () => {
    h = await startSyncHarness({ sync: { objects: ['contacts'] } });
    h.sim.seed({ contacts: [{ properties: { email: 'settling@acme.io' }, createdAt: T0 - 2_000 }] });
    const runner = h.runner();
    await runner.runUntilCaughtUp();
    expect(await h.inbox()).toHaveLength(0);
    h.advance(60_000);
    await runner.runUntilCaughtUp();
    expect((await h.inbox()).map((r) => eventOf(r)['timestamp'])).toEqual([T0 - 2_000]);
  });
});
