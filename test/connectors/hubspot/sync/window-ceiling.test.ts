import { afterEach, describe, expect, it } from 'vitest';
import { hubspotSyncStream } from '../../../../connectors/hubspot/sync/hubspot-sync-stream.ts';
import { SYNCED_OBJECTS } from '../../../../connectors/hubspot/sync/synced-objects.ts';
import type { SyncStream } from '../../../../connectors/sdk/sync-stream.ts';
import type { ConnectorRegistry } from '../../../../src/runtime/connectors/connector-registry.ts';
import { eventOf, MINUTE, startSyncHarness, T0, windowOf, type SyncHarness } from './sync-harness.ts';

/** The registry with HubSpot's streams replaced, keeping its context (and so its API client). */
function withStreams(registry: ConnectorRegistry, streams: SyncStream<unknown>[]): ConnectorRegistry {
  const hubspot = registry.get('hubspot');
  if (!hubspot?.definition) throw new Error('the harness registry has no HubSpot connector');
  return new Map([['hubspot', { ...hubspot, definition: { ...hubspot.definition, source: { streams } } }]]);
}

/** A contacts stream that moves its window at 300 results instead of 10,000, so ties are cheap to build. */
function smallCeilingContacts(): SyncStream<unknown> {
  // The HubSpot stream's settings type is the connector's; the registry holds streams as unknown.
  return hubspotSyncStream(SYNCED_OBJECTS.contacts, { pageSize: 100, resultCeiling: 300, settleMs: 5_000 }) as SyncStream<unknown>;
}

async function committedContactIds(h: SyncHarness): Promise<string[]> {
  return (await h.inbox()).map((r) => (eventOf(r)['record'] as { id: string }).id);
}

describe('HubSpot sync: the 10,000-result ceiling', () => {
  let h: SyncHarness;
  afterEach(async () => {
    await h.close();
  });

  it('restarts the window at the last millisecond seen and keeps every contact sharing it, each once', async () => {
    h = await startSyncHarness({ sync: { objects: ['contacts'] } });
    const shared = T0 - 30 * MINUTE;
    const { contacts } = h.sim.seed({
      contacts: [
        ...Array.from({ length: 150 }, (_, i) => ({ properties: { email: `d${i}@acme.io` }, createdAt: T0 - 60 * MINUTE + i * 1_000 })),
        // 200 contacts of one import share a millisecond; the first window ends in the middle of them.
        ...Array.from({ length: 200 }, (_, i) => ({ properties: { email: `s${i}@acme.io` }, createdAt: shared })),
      ],
    });

    const [status] = await h.runner({ registry: withStreams(h.registry, [smallCeilingContacts()]) }).runUntilCaughtUp();

    const ids = await committedContactIds(h);
    expect(ids.toSorted()).toEqual(contacts.toSorted());
    expect(h.searches('contacts').map((s) => windowOf(s))).toEqual([
      { from: 0, to: T0 - 5_000, after: '0' },
      { from: 0, to: T0 - 5_000, after: '100' },
      { from: 0, to: T0 - 5_000, after: '200' },
      { from: shared, to: T0 - 5_000, after: '0' },
      { from: shared, to: T0 - 5_000, after: '100' },
    ]);
    // The 150 shared ones the first window reached were read again and kept once.
    expect(status).toMatchObject({ committed: 350, duplicates: 150, state: 'caught-up' });
  });

  it('pages by id through a millisecond shared by more records than a window holds, then goes on after it', async () => {
    h = await startSyncHarness({ sync: { objects: ['contacts'] } });
    const shared = T0 - 30 * MINUTE;
    const { contacts } = h.sim.seed({
      contacts: [
        ...Array.from({ length: 350 }, (_, i) => ({ properties: { email: `s${i}@acme.io` }, createdAt: shared })),
        { properties: { email: 'after@acme.io' }, createdAt: shared + 1 },
      ],
    });

    await h.runner({ registry: withStreams(h.registry, [smallCeilingContacts()]) }).runUntilCaughtUp();

    expect((await committedContactIds(h)).toSorted()).toEqual(contacts.toSorted());
    const bodies = h.searches('contacts').map((s) => s.body as { filterGroups: { filters: { propertyName: string; operator: string; value: string }[] }[]; sorts: unknown[] });
    const tieSearches = bodies.filter((b) => b.filterGroups[0]?.filters.some((f) => f.operator === 'EQ'));
    expect(tieSearches).toHaveLength(4);
    expect(tieSearches[0]).toMatchObject({
      filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'EQ', value: String(shared) }, { propertyName: 'hs_object_id', operator: 'GT', value: '0' }] }],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
    });
    expect(h.searches('contacts').every((s) => s.status === 200)).toBe(true);
  });

  it(
    'reads more than 10,000 contacts in one pass without HubSpot refusing a page, each once',
    async () => {
      h = await startSyncHarness({ sync: { objects: ['contacts'] } });
      const count = 10_250;
      const start = T0 - 24 * 60 * MINUTE;
      // One second apart, except 60 around the 10,000th that share one millisecond.
      const modifiedAt = (i: number) => (i >= 9_970 && i < 10_030 ? start + 9_970_000 : start + i * 1_000);
      const { contacts } = h.sim.seed({ contacts: Array.from({ length: count }, (_, i) => ({ properties: { email: `c${i}@acme.io` }, createdAt: modifiedAt(i) })) });

      const began = Date.now();
      const [status] = await h.runner().runUntilCaughtUp();
      const seconds = (Date.now() - began) / 1000;

      const ids = await committedContactIds(h);
      expect(ids).toHaveLength(count);
      expect(new Set(ids)).toEqual(new Set(contacts));
      const searches = h.searches('contacts');
      expect(searches.filter((s) => s.status !== 200)).toEqual([]);
      expect(Math.max(...searches.map((s) => Number(windowOf(s).after)))).toBe(9_900);
      // The window moved once, to the shared millisecond the last page before the ceiling ended in.
      expect([...new Set(searches.map((s) => windowOf(s).from))]).toEqual([0, start + 9_970_000]);
      // 10,000 in the first window, then the 280 from the shared millisecond on (30 of them again).
      expect(status).toMatchObject({ committed: count, duplicates: 30, state: 'caught-up', progress: { done: 10_280, total: 10_280 } });
      // The API client paces searches at HubSpot's 4/s in real time: 103 searches need ~26 s.
      expect(seconds).toBeGreaterThan(20);
    },
    120_000,
  );
});
