import { describe, expect, it } from 'vitest';
import type { PathwiseEvent, RecordChange } from '../../../src/core/events/event.ts';
import { applyEventToProfile, MAX_EVENT_TIMES, type ProfileUpdateOptions } from '../../../src/core/profiles/apply-event.ts';
import { emptyProfile, type Profile } from '../../../src/core/profiles/profile.ts';
import { DAY, HOUR, MINUTE, T0 } from '../../helpers/core-fixtures.ts';

const OPTS: ProfileUpdateOptions = { trackedEvents: new Map([['Login', 7 * DAY]]), timeZoneTrait: 'timezone' };

let seq = 0;
function ev(fields: Partial<PathwiseEvent>): PathwiseEvent {
  seq++;
  return { messageId: `m${seq}`, type: 'track', event: 'Seen', userId: 'u1', timestamp: T0, receivedAt: T0, source: 'test', ...fields };
}

/** A profile that has seen one event already, so seen times widen rather than start. */
function seasoned(fields: Partial<Profile> = {}): Profile {
  return { ...emptyProfile('p1', T0 - DAY), eventCount: 1, firstSeen: T0 - DAY, lastSeen: T0 - DAY, ...fields };
}

function record(object: string, changed: RecordChange['changed'], changeType: RecordChange['changeType'] = 'updated'): Partial<PathwiseEvent> {
  return { type: 'record', event: undefined, record: { object, id: '551', changeType, changed } };
}

describe('applyEventToProfile: traits', () => {
  it.each([
    ['a new trait is a change from undefined', { plan: 'pro' }, { plan: { from: undefined, to: 'pro' } }],
    ['a different value is a change', { seats: 5 }, { seats: { from: 3, to: 5 } }],
    ['the same primitive is no change', { seats: 3 }, {}],
    ['an equal object in another key order is no change', { address: { country: 'FR', city: 'Lyon' } }, {}],
    ['a nested difference is a change', { address: { city: 'Paris', country: 'FR' } }, { address: { from: { city: 'Lyon', country: 'FR' }, to: { city: 'Paris', country: 'FR' } } }],
    ['an equal array is no change', { tags: ['a', 'b'] }, {}],
    ['a reordered array is a change', { tags: ['b', 'a'] }, { tags: { from: ['a', 'b'], to: ['b', 'a'] } }],
    ['null is a value: setting it is a change', { seats: null }, { seats: { from: 3, to: null } }],
    ['a trait named like an Object method is stored as a trait', { constructor: 'x' }, { constructor: { from: undefined, to: 'x' } }],
  ] as [string, Record<string, unknown>, Record<string, unknown>][])('identify: %s', (_name, traits, expected) => {
    const p = seasoned({ updatedAt: T0 - DAY, traits: { seats: 3, address: { city: 'Lyon', country: 'FR' }, tags: ['a', 'b'] } });
    const change = applyEventToProfile(p, ev({ type: 'identify', event: undefined, traits }), T0 + MINUTE, OPTS);
    expect(change.traitsChanged).toEqual(expected);
    expect(p.updatedAt).toBe(Object.keys(expected).length > 0 ? T0 + MINUTE : T0 - DAY);
    for (const [key, value] of Object.entries(traits)) expect(p.traits[key]).toEqual(value);
  });

  it('ignores a __proto__ trait instead of replacing the prototype', () => {
    const p = seasoned();
    const traits: Record<string, unknown> = JSON.parse('{"__proto__": {"admin": true}, "plan": "pro"}');
    const change = applyEventToProfile(p, ev({ type: 'identify', event: undefined, traits }), T0, OPTS);
    expect(Object.keys(change.traitsChanged)).toEqual(['plan']);
    expect(Object.getPrototypeOf(p.traits)).toBe(Object.prototype);
  });

  it.each([
    ['track', { type: 'track' }],
    ['page', { type: 'page', event: 'Pricing' }],
    ['screen', { type: 'screen', event: 'Home' }],
  ] as [string, Partial<PathwiseEvent>][])('%s events merge context.traits', (_name, fields) => {
    const p = seasoned();
    const change = applyEventToProfile(p, ev({ ...fields, context: { traits: { plan: 'pro' } } }), T0, OPTS);
    expect(change.traitsChanged).toEqual({ plan: { from: undefined, to: 'pro' } });
  });

  it('identify takes its own traits, not context.traits', () => {
    const p = seasoned();
    applyEventToProfile(p, ev({ type: 'identify', event: undefined, traits: { plan: 'pro' }, context: { traits: { plan: 'stale', extra: 1 } } }), T0, OPTS);
    expect(p.traits).toEqual({ plan: 'pro' });
  });

  it('group traits merge under traits.group while the group stays, and are replaced when it changes', () => {
    const p = seasoned();
    const first = applyEventToProfile(p, ev({ type: 'group', event: undefined, groupId: 'g1', traits: { name: 'Acme', size: 50 } }), T0, OPTS);
    expect(first.traitsChanged).toEqual({ group: { from: undefined, to: { name: 'Acme', size: 50 } }, groupId: { from: undefined, to: 'g1' } });
    const second = applyEventToProfile(p, ev({ type: 'group', event: undefined, groupId: 'g1', traits: { plan: 'enterprise' } }), T0, OPTS);
    expect(second.traitsChanged).toEqual({ group: { from: { name: 'Acme', size: 50 }, to: { name: 'Acme', size: 50, plan: 'enterprise' } } });
    const third = applyEventToProfile(p, ev({ type: 'group', event: undefined, groupId: 'g2', traits: { name: 'Globex' } }), T0, OPTS);
    expect(third.traitsChanged).toEqual({
      group: { from: { name: 'Acme', size: 50, plan: 'enterprise' }, to: { name: 'Globex' } },
      groupId: { from: 'g1', to: 'g2' },
    });
    const repeat = applyEventToProfile(p, ev({ type: 'group', event: undefined, groupId: 'g2', traits: { name: 'Globex' } }), T0, OPTS);
    expect(repeat.traitsChanged).toEqual({});
  });

  it.each([
    ['a HubSpot contact', record('contact', { lifecyclestage: 'salesqualifiedlead', hubspot_owner_id: '77' }), { lifecyclestage: 'salesqualifiedlead', hubspot_owner_id: '77' }, '77'],
    ['a Salesforce Lead', record('Lead', { Status: 'Working', OwnerId: '005xx' }), { Status: 'Working', OwnerId: '005xx' }, '005xx'],
    ['a generic owner field, as a number', record('contact', { owner: 12 }), { owner: 12 }, '12'],
    ['a created contact', record('contact', { email: 'ann@acme.io' }, 'created'), { email: 'ann@acme.io' }, 'o-1'],
    ['a deal: not the person', record('deal', { amount: 100, hubspot_owner_id: '99' }), {}, 'o-1'],
    ['a task: its owner is not the person\'s', record('task', { OwnerId: '005yy' }), {}, 'o-1'],
    ['a deleted contact', record('contact', { email: 'x@y.io', hubspot_owner_id: '5' }, 'deleted'), {}, 'o-1'],
    ['an owner cleared in the CRM', record('contact', { hubspot_owner_id: null }), { hubspot_owner_id: null }, undefined],
  ] as [string, Partial<PathwiseEvent>, Record<string, unknown>, string | undefined][])('record of %s: fields become traits, owner set', (_name, fields, traits, owner) => {
    const p = seasoned({ owner: 'o-1' });
    const change = applyEventToProfile(p, ev(fields), T0, OPTS);
    expect(p.traits).toEqual(traits);
    expect(Object.keys(change.traitsChanged)).toEqual(Object.keys(traits));
    expect(p.owner).toBe(owner);
  });

  it.each([
    ['identify with the HubSpot owner a CRM sync put in traits', { type: 'identify', event: undefined, traits: { hubspot_owner_id: '42' } }, '42'],
    ['identify without an owner field', { type: 'identify', event: undefined, traits: { plan: 'pro' } }, 'o-1'],
    ['group: the company owner is not the person\'s', { type: 'group', event: undefined, groupId: 'g1', traits: { hubspot_owner_id: '99' } }, 'o-1'],
    ['track with an owner in context.traits', { context: { traits: { owner: '99' } } }, 'o-1'],
  ] as [string, Partial<PathwiseEvent>, string][])('owner from %s', (_name, fields, owner) => {
    const p = seasoned({ owner: 'o-1' });
    applyEventToProfile(p, ev(fields), T0, OPTS);
    expect(p.owner).toBe(owner);
  });

  it.each([
    ['fills a missing zone from the browser', {}, 'Europe/Paris', { timezone: { from: undefined, to: 'Europe/Paris' } }, 'Europe/Paris'],
    ['replaces an invalid zone', { timezone: 'Mars/Olympus' }, 'Europe/Paris', { timezone: { from: 'Mars/Olympus', to: 'Europe/Paris' } }, 'Europe/Paris'],
    ['keeps a valid zone the profile has', { timezone: 'America/New_York' }, 'Europe/Paris', {}, 'America/New_York'],
    ['ignores an invalid browser zone', {}, 'Nowhere/Land', {}, undefined],
  ] as [string, Record<string, unknown>, string, Record<string, unknown>, string | undefined][])('time zone trait: %s', (_name, traits, zone, expected, after) => {
    const p = seasoned({ traits: { ...traits } });
    const change = applyEventToProfile(p, ev({ context: { timezone: zone } }), T0, OPTS);
    expect(change.traitsChanged).toEqual(expected);
    expect(p.traits['timezone']).toBe(after);
  });

  it('fills the manifest-named zone trait', () => {
    const p = seasoned();
    applyEventToProfile(p, ev({ context: { timezone: 'Asia/Tokyo' } }), T0, { ...OPTS, timeZoneTrait: 'tz' });
    expect(p.traits).toEqual({ tz: 'Asia/Tokyo' });
  });
});

describe('applyEventToProfile: counters and occurrence times', () => {
  it('starts a fresh profile seen times at its first event, then widens them', () => {
    const p = emptyProfile('p1', T0 + DAY);
    applyEventToProfile(p, ev({ timestamp: T0 }), T0 + DAY, OPTS);
    expect([p.firstSeen, p.lastSeen, p.eventCount]).toEqual([T0, T0, 1]);
    applyEventToProfile(p, ev({ timestamp: T0 + HOUR }), T0 + DAY, OPTS);
    applyEventToProfile(p, ev({ timestamp: T0 - HOUR }), T0 + DAY, OPTS);
    expect([p.firstSeen, p.lastSeen, p.eventCount]).toEqual([T0 - HOUR, T0 + HOUR, 3]);
  });

  it('keeps the latest time per track event name, whatever the arrival order', () => {
    const p = seasoned();
    applyEventToProfile(p, ev({ event: 'Signup', timestamp: T0 + HOUR }), T0 + HOUR, OPTS);
    applyEventToProfile(p, ev({ event: 'Signup', timestamp: T0 }), T0 + HOUR, OPTS);
    applyEventToProfile(p, ev({ type: 'page', event: 'Pricing', timestamp: T0 }), T0 + HOUR, OPTS);
    expect(p.lastSeenByEvent).toEqual({ Signup: T0 + HOUR });
    expect(p.eventTimes).toEqual({});
  });

  it('keeps occurrence times of tracked events only, ascending, with a late event inserted in place', () => {
    const p = seasoned();
    const now = T0 + 3 * HOUR;
    for (const at of [T0, T0 + 2 * HOUR, T0 + HOUR, T0 + 3 * HOUR, T0 + HOUR]) applyEventToProfile(p, ev({ event: 'Login', timestamp: at }), now, OPTS);
    applyEventToProfile(p, ev({ event: 'Signup', timestamp: T0 }), now, OPTS);
    expect(p.eventTimes).toEqual({ Login: [T0, T0 + HOUR, T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR] });
  });

  it('drops times that left the window and does not store one that arrives already outside it', () => {
    const p = seasoned({ eventTimes: { Login: [T0 - 8 * DAY, T0 - 7 * DAY, T0 - 6 * DAY] } });
    applyEventToProfile(p, ev({ event: 'Login', timestamp: T0 - 7 * DAY - 1 }), T0, OPTS);
    expect(p.eventTimes['Login']).toEqual([T0 - 8 * DAY, T0 - 7 * DAY, T0 - 6 * DAY]);
    applyEventToProfile(p, ev({ event: 'Login', timestamp: T0 }), T0, OPTS);
    // The window is (now - 7d, now]: a time exactly 7 days old no longer counts.
    expect(p.eventTimes['Login']).toEqual([T0 - 6 * DAY, T0]);
  });

  it(`caps each list at ${MAX_EVENT_TIMES} times, dropping the oldest`, () => {
    const times = Array.from({ length: MAX_EVENT_TIMES }, (_, i) => T0 + i);
    const p = seasoned({ eventTimes: { Login: times } });
    applyEventToProfile(p, ev({ event: 'Login', timestamp: T0 + MAX_EVENT_TIMES }), T0 + MAX_EVENT_TIMES, OPTS);
    const kept = p.eventTimes['Login'] ?? [];
    expect([kept.length, kept[0], kept[kept.length - 1]]).toEqual([MAX_EVENT_TIMES, T0 + 1, T0 + MAX_EVENT_TIMES]);
  });
});

describe('applyEventToProfile: Segment Engage audiences', () => {
  const personas = (key: string) => ({ personas: { computation_class: 'audience', computation_id: 'aud_1', computation_key: key, namespace: 'spa_1', space_id: 'spa_1' } });
  const entered = (key: string, at: number) => ev({ event: 'Audience Entered', timestamp: at, context: personas(key), properties: { audience_key: key, [key]: true } });
  const exited = (key: string, at: number) => ev({ event: 'Audience Exited', timestamp: at, context: personas(key), properties: { audience_key: key, [key]: false } });
  const identify = (key: string, member: unknown, at: number) => ev({ type: 'identify', event: undefined, timestamp: at, context: personas(key), traits: { [key]: member } });

  it.each([
    ['track: Audience Entered enters', {}, entered('vip', T0), { vip: T0 }, ['vip'], []],
    ['track: Audience Exited exits', { vip: T0 - DAY }, exited('vip', T0), {}, [], ['vip']],
    ['track: entering again reports nothing and keeps the first entry', { vip: T0 - DAY }, entered('vip', T0), { vip: T0 - DAY }, [], []],
    ['track: exiting a non-member reports nothing', {}, exited('vip', T0), {}, [], []],
    ['track: an exit older than the entry is ignored', { vip: T0 }, exited('vip', T0 - HOUR), { vip: T0 }, [], []],
    ['identify: trait true enters', {}, identify('first_time_shopper', true, T0), { first_time_shopper: T0 }, ['first_time_shopper'], []],
    ['identify: trait false exits', { first_time_shopper: T0 - DAY }, identify('first_time_shopper', false, T0), {}, [], ['first_time_shopper']],
    ['identify: a non-boolean trait does nothing', {}, identify('first_time_shopper', 'yes', T0), {}, [], []],
    [
      'identify: a computed trait is not an audience',
      {},
      ev({ type: 'identify', event: undefined, context: { personas: { computation_class: 'computed_trait', computation_key: 'ltv' } }, traits: { ltv: true } }),
      {},
      [],
      [],
    ],
    ['track: no audience_key does nothing', {}, ev({ event: 'Audience Entered', properties: {} }), {}, [], []],
  ] as [string, Record<string, number>, PathwiseEvent, Record<string, number>, string[], string[]][])('%s', (_name, before, e, after, enteredKeys, exitedKeys) => {
    const p = seasoned({ audiences: { ...before } });
    const change = applyEventToProfile(p, e, T0 + DAY, OPTS);
    expect(p.audiences).toEqual(after);
    expect([change.audiencesEntered, change.audiencesExited]).toEqual([enteredKeys, exitedKeys]);
  });
});
