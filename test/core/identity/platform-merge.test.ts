import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src/core/commands.ts';
import type { PathwiseEvent } from '../../../src/core/events/event.ts';
import { InMemoryEngine } from '../../../src/runtime/memory/in-memory-engine.ts';
import { compile, HOUR, ofType, T0 } from '../../helpers/core-fixtures.ts';

const IDENTITY = { identifiers: [{ type: 'userId', limit: 1 }, { type: 'hubspot', limit: 1 }, { type: 'email', limit: 3 }, { type: 'anonymousId', limit: 50 }] };

let n = 0;
function contact(id: string, changed: Record<string, unknown>, extra: Partial<PathwiseEvent> = {}): PathwiseEvent {
  n++;
  return { messageId: `hs${n}`, type: 'record', identifiers: { hubspot: id }, record: { object: 'contact', id, changeType: 'updated', changed }, timestamp: T0, receivedAt: T0, source: 'hubspot', ...extra };
}

function engine() {
  const commands: Command[] = [];
  const e = new InMemoryEngine(compile({ identity: IDENTITY }), (c) => commands.push(c));
  return { e, commands, at(t: number, event: PathwiseEvent) { e.advanceTo(t); e.ingest({ ...event, timestamp: t, receivedAt: t }); } };
}

describe('a merge the CRM made', () => {
  it('joins the profiles of the merged contacts even though each holds its own HubSpot id', () => {
    const { e, commands, at } = engine();
    at(T0, contact('101', { email: 'ann@acme.io', firstname: 'Ann' }));
    at(T0 + HOUR, contact('202', { email: 'ann.b@acme.io', jobtitle: 'CTO' }));
    expect(e.profiles.size).toBe(2);
    const older = e.profileIdFor('hubspot:101');
    at(T0 + 2 * HOUR, { ...contact('101', {}), record: { object: 'contact', id: '101', changeType: 'merged', changed: {}, mergedIds: ['202'] } });
    expect(e.profiles.size).toBe(1);
    const survivor = e.profiles.get(older ?? '');
    expect(survivor?.identifiers['hubspot']).toEqual(['101', '202']);
    expect(survivor?.traits).toMatchObject({ firstname: 'Ann', jobtitle: 'CTO' });
    expect(ofType(commands, 'merge')).toHaveLength(1);
    expect(ofType(commands, 'identityRefused')).toHaveLength(0);
  });

  it('still refuses to join two different userIds, which the CRM merge does not vouch for', () => {
    const { e, commands, at } = engine();
    at(T0, contact('101', {}, { userId: 'u1' }));
    at(T0 + HOUR, contact('202', {}, { userId: 'u2' }));
    at(T0 + 2 * HOUR, { ...contact('101', {}), record: { object: 'contact', id: '101', changeType: 'merged', changed: {}, mergedIds: ['202'] } });
    expect(e.profiles.size).toBe(2);
    expect(ofType(commands, 'identityRefused').map((r) => r.reason)).toEqual([expect.stringContaining('already has userId "u2"')]);
  });

  it('does not treat mergedIds of an ordinary update as a merge', () => {
    const { e, at } = engine();
    at(T0, contact('101', {}));
    at(T0 + HOUR, contact('202', {}));
    at(T0 + 2 * HOUR, { ...contact('101', {}), record: { object: 'contact', id: '101', changeType: 'updated', changed: {}, mergedIds: ['202'] } });
    expect(e.profiles.size).toBe(2);
  });

  it('does not join people when a deal is merged, even if the deal ids equal contact ids', () => {
    const { e, at } = engine();
    at(T0, contact('101', {}));
    at(T0 + HOUR, contact('202', {}));
    at(T0 + 2 * HOUR, { ...contact('101', {}), record: { object: 'deal', id: '101', changeType: 'merged', changed: {}, mergedIds: ['202'] } });
    expect(e.profiles.size).toBe(2);
  });
});
