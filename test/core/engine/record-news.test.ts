import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src/core/commands.ts';
import type { PathwiseEvent, RecordChange } from '../../../src/core/events/event.ts';
import { InMemoryEngine } from '../../../src/runtime/memory/in-memory-engine.ts';
import { compile, HOUR, T0 } from '../../helpers/core-fixtures.ts';

const manifest = compile({
  actions: [{ id: 'call', channel: 'task', destination: 'log.record', value: 1 }],
  journeys: [
    {
      id: 'deal-moved',
      trigger: { type: 'record', object: 'deal', field: 'dealstage' },
      reentry: { mode: 'always' },
      start: 'a',
      steps: [{ id: 'a', type: 'action', action: 'call' }],
    },
    {
      id: 'deal-created',
      trigger: { type: 'record', object: 'deal', changeType: 'created' },
      reentry: { mode: 'always' },
      start: 'a',
      steps: [{ id: 'a', type: 'action', action: 'call' }],
    },
    {
      id: 'deal-touched',
      trigger: { type: 'record', object: 'deal' },
      reentry: { mode: 'always' },
      start: 'a',
      steps: [{ id: 'a', type: 'action', action: 'call' }],
    },
  ],
});

function hubspotRecord(messageId: string, at: number, record: Partial<RecordChange> & { changed: RecordChange['changed'] }): PathwiseEvent {
  return { messageId, type: 'record', identifiers: { hubspot: '551' }, record: { object: 'deal', id: '9', changeType: 'updated', ...record }, timestamp: at, receivedAt: at, source: 'hubspot' };
}

function run(events: PathwiseEvent[]): { entered: Record<string, number>; traits: Record<string, unknown> } {
  const entered: Record<string, number> = {};
  const engine = new InMemoryEngine(manifest, (c: Command) => {
    if (c.type === 'journeyEvent' && c.kind === 'entered') entered[c.journeyId] = (entered[c.journeyId] ?? 0) + 1;
  });
  for (const event of events) {
    engine.advanceTo(event.timestamp);
    engine.ingest(event);
  }
  const profileId = engine.profileIdFor('hubspot:551') ?? '';
  return { entered, traits: { ...engine.profile(profileId)?.traits } };
}

describe('record triggers fire on news only', () => {
  it('a deal stage change reported by the webhook and again by the sync enrolls once', () => {
    const { entered } = run([
      hubspotRecord('wh-1', T0, { changed: { dealstage: 'contractsent' } }),
      hubspotRecord('sync:deal:9:1', T0, { changed: { dealstage: 'contractsent', amount: '5000' } }),
    ]);
    // The sync's amount is news to the profile (first heard), so "deal touched" fires for it; the stage is not.
    expect(entered).toEqual({ 'deal-moved': 1, 'deal-touched': 2 });
  });

  it('a sync read that reports nothing new enrolls no one, and a later real change does', () => {
    const { entered } = run([
      hubspotRecord('sync:deal:9:1', T0, { changed: { dealstage: 'qualified', amount: '5000' } }),
      hubspotRecord('sync:deal:9:2', T0 + HOUR, { changed: { dealstage: 'qualified', amount: '5000' } }),
      hubspotRecord('wh-2', T0 + 2 * HOUR, { changed: { dealstage: 'closedwon' } }),
    ]);
    expect(entered).toEqual({ 'deal-moved': 2, 'deal-touched': 2 });
  });

  it('a deal creation seen by the webhook and by the sync enrolls its journey once', () => {
    const { entered } = run([
      hubspotRecord('wh-create', T0, { changeType: 'created', changed: {} }),
      hubspotRecord('sync:deal:9:0', T0, { changeType: 'created', changed: { dealstage: 'appointmentscheduled' } }),
    ]);
    expect(entered['deal-created']).toBe(1);
  });

  it('a late contact report does not roll a trait back to an older value', () => {
    const contact = (messageId: string, at: number, lifecyclestage: string) =>
      hubspotRecord(messageId, at, { object: 'contact', id: '551', changed: { lifecyclestage } });
    const { traits } = run([contact('wh-sql', T0 + HOUR, 'salesqualifiedlead'), contact('sync:contact:551:0', T0, 'marketingqualifiedlead')]);
    expect(traits['lifecyclestage']).toBe('salesqualifiedlead');
  });
});
