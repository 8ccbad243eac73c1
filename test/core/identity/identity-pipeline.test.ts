import { describe, expect, it } from 'vitest';
import { processEvent } from '../../../src/core/engine/process-input.ts';
import type { PathwiseEvent } from '../../../src/core/events/event.ts';
import { InMemoryEngine } from '../../../src/runtime/memory/in-memory-engine.ts';
import { compile, DAY, HOUR, ofType, T0 } from '../../helpers/core-fixtures.ts';
import type { Command } from '../../../src/core/commands.ts';

let n = 0;
function ev(fields: Partial<PathwiseEvent>, at = T0): PathwiseEvent {
  n++;
  return { messageId: `id${n}`, type: 'track', event: 'Seen', timestamp: at, receivedAt: at, source: 'test', ...fields };
}

function engine(extra: Parameters<typeof compile>[0] = {}) {
  const commands: Command[] = [];
  const e = new InMemoryEngine(compile(extra), (c) => commands.push(c));
  return { e, commands, at(t: number, event: PathwiseEvent) { e.advanceTo(t); e.ingest({ ...event, timestamp: t, receivedAt: t }); } };
}

describe('identity through the engine', () => {
  it('an anonymous visitor who identifies keeps one profile with both ids', () => {
    const { e, at } = engine();
    at(T0, ev({ anonymousId: 'a1' }));
    at(T0 + HOUR, ev({ type: 'identify', anonymousId: 'a1', userId: 'u1', traits: { email: 'ann@acme.io' } }));
    expect(e.profiles.size).toBe(1);
    const [profile] = e.profiles.values();
    expect(profile?.identifiers).toEqual({ anonymousId: ['a1'], userId: ['u1'], email: ['ann@acme.io'] });
    expect(profile?.eventCount).toBe(2);
  });

  it('an event linking two profiles merges them into the older one, moving counters and traits', () => {
    const { e, commands, at } = engine();
    at(T0, ev({ type: 'identify', userId: 'u1', traits: { plan: 'pro' } }));
    at(T0 + DAY, ev({ type: 'identify', anonymousId: 'a2', traits: { email: 'ann@acme.io', plan: 'trial' } }));
    const older = e.profileIdFor('userId:u1');
    at(T0 + 2 * DAY, ev({ type: 'identify', userId: 'u1', traits: { email: 'ann@acme.io' } }));
    expect(e.profiles.size).toBe(1);
    const survivor = e.profiles.get(older ?? '');
    expect(survivor?.identifiers).toEqual({ userId: ['u1'], email: ['ann@acme.io'], anonymousId: ['a2'] });
    // The absorbed profile was updated later, so its conflicting trait wins.
    expect(survivor?.traits['plan']).toBe('trial');
    expect(survivor?.eventCount).toBe(3);
    expect(ofType(commands, 'merge')).toHaveLength(1);
    expect(e.profileIdFor('anonymousId:a2')).toBe(older);
  });

  it('refuses a merge that would give one profile two userIds, and records why', () => {
    const { e, commands, at } = engine();
    at(T0, ev({ type: 'identify', userId: 'u1', traits: { email: 'shared@acme.io' } }));
    at(T0 + HOUR, ev({ type: 'identify', userId: 'u2', anonymousId: 'a9' }));
    at(T0 + 2 * HOUR, ev({ type: 'identify', userId: 'u2', traits: { email: 'shared@acme.io' } }));
    expect(e.profiles.size).toBe(2);
    const refusals = ofType(commands, 'identityRefused');
    const u1 = e.profileIdFor('userId:u1');
    const u2 = e.profileIdFor('userId:u2');
    expect(refusals.map((r) => [r.profileId, r.identifier, r.reason])).toEqual([
      [u2, 'email:shared@acme.io', `merge refused: profile ${u1} already has userId "u1"; limit 1 (the event's profile ${u2} has userId "u2"; linked by email "shared@acme.io")`],
    ]);
    expect(e.profileIdFor('email:shared@acme.io')).toBe(e.profileIdFor('userId:u1'));
  });

  it('a second user on a shared device gets a new profile instead of taking over the first', () => {
    const { e, at } = engine();
    at(T0, ev({ type: 'identify', userId: 'u1', anonymousId: 'device-1' }));
    at(T0 + HOUR, ev({ type: 'identify', userId: 'u2', anonymousId: 'device-1' }));
    expect(e.profiles.size).toBe(2);
    expect(e.profileIdFor('userId:u2')).not.toBe(e.profileIdFor('userId:u1'));
    expect(e.profileIdFor('anonymousId:device-1')).toBe(e.profileIdFor('userId:u1'));
  });

  it('merging collapses two active enrollments of one journey into the earlier one', () => {
    const journeys = [{ id: 'j', trigger: { type: 'event' as const, event: 'Webinar Attended' }, start: 'w', steps: [{ id: 'w', type: 'wait' as const, duration: '7d' }] }];
    const { e, commands, at } = engine({ journeys });
    at(T0, ev({ event: 'Webinar Attended', userId: 'u1' }));
    at(T0 + HOUR, ev({ event: 'Webinar Attended', anonymousId: 'a1' }));
    at(T0 + 2 * HOUR, ev({ type: 'identify', userId: 'u1', anonymousId: 'a1' }));
    const [profile] = e.profiles.values();
    expect(profile?.enrollments.map((x) => [x.status, x.endReason ?? null, x.enteredAt])).toEqual([
      ['active', null, T0],
      ['exited', 'merged', T0 + HOUR],
    ]);
    expect(ofType(commands, 'cancelTimer')).toHaveLength(1);
    expect(e.timers.size).toBe(1);
  });

  it('a HubSpot record event finds the contact by hubspot id and sets owner and traits', () => {
    const { e, at } = engine();
    at(T0, ev({ type: 'identify', userId: 'u1', traits: { email: 'ann@acme.io' } }));
    at(T0 + HOUR, ev({ type: 'record', event: undefined, identifiers: { hubspot: '551' }, traits: { email: 'ann@acme.io' }, record: { object: 'contact', id: '551', changeType: 'updated', changed: { lifecyclestage: 'salesqualifiedlead', hubspot_owner_id: '77' } } }));
    expect(e.profiles.size).toBe(1);
    const [profile] = e.profiles.values();
    expect(profile?.owner).toBe('77');
    expect(profile?.traits['lifecyclestage']).toBe('salesqualifiedlead');
    expect(profile?.identifiers['hubspot']).toEqual(['551']);
  });

  it('Engage audience events enter and exit audiences, both forms', () => {
    const { e, at } = engine();
    at(T0, ev({ userId: 'u1', event: 'Audience Entered', properties: { audience_key: 'high_value' } }));
    const [p] = e.profiles.values();
    expect(Object.keys(p?.audiences ?? {})).toEqual(['high_value']);
    at(T0 + HOUR, ev({ type: 'identify', event: undefined, userId: 'u1', traits: { trial_users: true }, context: { personas: { computation_class: 'audience', computation_key: 'trial_users' } } }));
    at(T0 + 2 * HOUR, ev({ userId: 'u1', event: 'Audience Exited', properties: { audience_key: 'high_value' } }));
    expect(Object.keys(e.profiles.values().next().value?.audiences ?? {})).toEqual(['trial_users']);
  });

  it('an alias joins the new userId to the anonymous profile named by previousId', () => {
    const { e, at } = engine();
    at(T0, ev({ anonymousId: 'anon-7', event: 'Pricing Viewed' }));
    at(T0 + HOUR, ev({ type: 'alias', event: undefined, userId: 'u9', previousId: 'anon-7' }));
    at(T0 + 2 * HOUR, ev({ userId: 'u9', event: 'Signup' }));
    expect(e.profiles.size).toBe(1);
    const [profile] = e.profiles.values();
    expect(profile?.identifiers).toEqual({ anonymousId: ['anon-7'], userId: ['u9'] });
    expect(Object.keys(profile?.lastSeenByEvent ?? {})).toEqual(['Pricing Viewed', 'Signup']);
  });

  it('processEvent reports a new profile and the identities to index', () => {
    const compiled = compile({});
    const outcome = processEvent(compiled, { profileIdFor: () => undefined, profile: () => undefined }, ev({ userId: 'u5', anonymousId: 'a5' }), T0);
    expect(outcome.isNew).toBe(true);
    expect(outcome.identities).toEqual([{ type: 'userId', value: 'u5' }, { type: 'anonymousId', value: 'a5' }]);
    expect(outcome.profile.id).toMatch(/^p_[0-9a-z]{20}$/);
  });
});
