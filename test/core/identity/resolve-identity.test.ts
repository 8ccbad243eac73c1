import { describe, expect, it } from 'vitest';
import type { PathwiseEvent } from '../../../src/core/events/event.ts';
import { timeOrderedId } from '../../../src/core/hash/stable-hash.ts';
import { extractIdentifiers, identifierKey } from '../../../src/core/identity/extract-identifiers.ts';
import { resolveIdentity, type IdentityView } from '../../../src/core/identity/resolve-identity.ts';
import type { Profile } from '../../../src/core/profiles/profile.ts';
import { DEFAULT_IDENTIFIERS, type IdentifierRule } from '../../../src/manifest/schema/identity.ts';
import { DAY, T0 } from '../../helpers/core-fixtures.ts';
import { event, profile, viewOf } from './identity-fixtures.ts';

interface Expected {
  profileId: string;
  isNew: boolean;
  attach: string[];
  absorb: readonly string[];
  refused: readonly { identifier: string; reason: string }[];
}

function resolveFor(fields: Partial<PathwiseEvent>, view: IdentityView, rules: IdentifierRule[] = DEFAULT_IDENTIFIERS): Expected {
  const e = event(fields);
  const r = resolveIdentity(e, extractIdentifiers(e, rules), view, rules);
  return { ...r, attach: r.attach.map(identifierKey) };
}

/** The fixture's events happen at T0. */
const newId = (key: string): string => timeOrderedId('p_', T0, key);

// Profiles reused across cases; each case builds its own view from the ones it needs.
const known = profile('p_known', T0, { userId: ['u1'], anonymousId: ['a1'] });
const anon = profile('p_anon', T0 + DAY, { anonymousId: ['a2'], email: ['ann@acme.io'] });
const olderAnon = profile('p_old_anon', T0 - DAY, { anonymousId: ['a0'] });
const device = profile('p_device', T0, { userId: ['u1'], anonymousId: ['device-1'] });
const u2 = profile('p_u2', T0 + 2 * DAY, { userId: ['u2'] });
const u3 = profile('p_u3', T0 + 3 * DAY, { userId: ['u3'], anonymousId: ['a3'] });

describe('resolveIdentity', () => {
  it.each([
    [
      'unknown identifiers make a new profile named after the highest-priority one',
      { userId: 'u9', anonymousId: 'a9' },
      [known],
      { profileId: newId('userId:u9'), isNew: true, attach: ['userId:u9', 'anonymousId:a9'], absorb: [], refused: [] },
    ],
    [
      'identifiers all on one profile change nothing',
      { userId: 'u1', anonymousId: 'a1' },
      [known],
      { profileId: 'p_known', isNew: false, attach: [], absorb: [], refused: [] },
    ],
    [
      'an anonymous profile that identifies gets the userId and email attached',
      { type: 'identify', anonymousId: 'a2', userId: 'u7', traits: { email: 'second@acme.io' } },
      [anon],
      { profileId: 'p_anon', isNew: false, attach: ['userId:u7', 'email:second@acme.io'], absorb: [], refused: [] },
    ],
    [
      'an email links two profiles: the younger merges into the older',
      { type: 'identify', userId: 'u1', traits: { email: 'ann@acme.io' } },
      [known, anon],
      { profileId: 'p_known', isNew: false, attach: [], absorb: ['p_anon'], refused: [] },
    ],
    [
      'the older profile survives even when a lower-priority identifier found it',
      { userId: 'u2', anonymousId: 'a0' },
      [u2, olderAnon],
      { profileId: 'p_old_anon', isNew: false, attach: [], absorb: ['p_u2'], refused: [] },
    ],
    [
      'a second userId on a shared device is refused and gets a profile of its own',
      { type: 'identify', userId: 'u2', anonymousId: 'device-1' },
      [device],
      {
        profileId: newId('userId:u2'),
        isNew: true,
        attach: ['userId:u2'],
        absorb: [],
        refused: [
          {
            identifier: 'anonymousId:device-1',
            reason: `merge refused: profile p_device already has userId "u1"; limit 1 (the event's profile ${newId('userId:u2')} (new) has userId "u2"; linked by anonymousId "device-1")`,
          },
        ],
      },
    ],
    [
      'a second userId goes to its existing profile when it has one',
      { userId: 'u2', anonymousId: 'device-1' },
      [device, u2],
      {
        profileId: 'p_u2',
        isNew: false,
        attach: [],
        absorb: [],
        refused: [
          {
            identifier: 'anonymousId:device-1',
            reason: `merge refused: profile p_device already has userId "u1"; limit 1 (the event's profile p_u2 has userId "u2"; linked by anonymousId "device-1")`,
          },
        ],
      },
    ],
    [
      'of three linked profiles, the one within limits merges and the one past them is refused',
      { type: 'identify', userId: 'u1', anonymousId: 'a3', traits: { email: 'ann@acme.io' } },
      [known, anon, u3],
      {
        profileId: 'p_known',
        isNew: false,
        attach: [],
        absorb: ['p_anon'],
        refused: [
          {
            identifier: 'anonymousId:a3',
            reason: `merge refused: profile p_u3 already has userId "u3"; limit 1 (the event's profile p_known has userId "u1"; linked by anonymousId "a3")`,
          },
        ],
      },
    ],
    [
      'a HubSpot contact id is attached to the profile its email finds',
      { type: 'record', event: undefined, identifiers: { hubspot: '551' }, traits: { email: 'ann@acme.io' } },
      [anon],
      { profileId: 'p_anon', isNew: false, attach: ['hubspot:551'], absorb: [], refused: [] },
    ],
    [
      'a second HubSpot id for one profile is refused by its limit of 1',
      { type: 'record', event: undefined, identifiers: { hubspot: '552' }, traits: { email: 'ann@acme.io' } },
      [profile('p_hs', T0, { hubspot: ['551'], email: ['ann@acme.io'] })],
      {
        profileId: newId('hubspot:552'),
        isNew: true,
        attach: ['hubspot:552'],
        absorb: [],
        refused: [
          {
            identifier: 'email:ann@acme.io',
            reason: `merge refused: profile p_hs already has hubspot "551"; limit 1 (the event's profile ${newId('hubspot:552')} (new) has hubspot "552"; linked by email "ann@acme.io")`,
          },
        ],
      },
    ],
  ] as [string, Partial<PathwiseEvent>, Profile[], Expected][])('%s', (_name, fields, profiles, expected) => {
    expect(resolveFor(fields, viewOf(...profiles))).toEqual(expected);
  });

  it('breaks a createdAt tie by profile id', () => {
    const b = profile('p_b', T0, { userId: ['u1'] });
    const a = profile('p_a', T0, { anonymousId: ['a1'] });
    expect(resolveFor({ userId: 'u1', anonymousId: 'a1' }, viewOf(b, a))).toMatchObject({ profileId: 'p_a', absorb: ['p_b'] });
  });

  it('refuses to attach an identifier past its limit and keeps the event on the profile', () => {
    const rules: IdentifierRule[] = [
      { type: 'userId', limit: 1 },
      { type: 'email', limit: 1 },
    ];
    const p = profile('p1', T0, { userId: ['u1'], email: ['a@x.io'] });
    expect(resolveFor({ type: 'identify', userId: 'u1', traits: { email: 'b@x.io' } }, viewOf(p), rules)).toEqual({
      profileId: 'p1',
      isNew: false,
      attach: [],
      absorb: [],
      refused: [{ identifier: 'email:b@x.io', reason: 'attach refused: profile p1 already has email "a@x.io"; limit 1 (the event has email "b@x.io")' }],
    });
  });

  it('merges two profiles whose union stays within a limit above 1', () => {
    const rules: IdentifierRule[] = [
      { type: 'email', limit: 2 },
      { type: 'anonymousId', limit: 100 },
    ];
    const a = profile('p_a', T0, { email: ['a@x.io'] });
    const b = profile('p_b', T0 + 1, { email: ['b@x.io'], anonymousId: ['z'] });
    expect(resolveFor({ anonymousId: 'z', traits: { email: 'a@x.io' } }, viewOf(a, b), rules)).toMatchObject({ profileId: 'p_a', absorb: ['p_b'], refused: [] });
  });

  it('lets a profile over a lowered limit keep merging when the other side brings none of that type', () => {
    const over = profile('p_over', T0, { userId: ['u1', 'u2'] });
    const anonOnly = profile('p_anon_only', T0 + 1, { anonymousId: ['a5'] });
    expect(resolveFor({ userId: 'u1', anonymousId: 'a5' }, viewOf(over, anonOnly))).toMatchObject({ profileId: 'p_over', absorb: ['p_anon_only'], refused: [] });
  });

  describe('alias', () => {
    it('joins the userId to the profile that holds previousId as an anonymousId', () => {
      expect(resolveFor({ type: 'alias', userId: 'u9', previousId: 'a2' }, viewOf(anon))).toEqual({
        profileId: 'p_anon',
        isNew: false,
        attach: ['userId:u9'],
        absorb: [],
        refused: [],
      });
    });

    it('attaches an unknown previousId as an anonymousId', () => {
      expect(resolveFor({ type: 'alias', userId: 'u1', previousId: 'old-device' }, viewOf(known))).toEqual({
        profileId: 'p_known',
        isNew: false,
        attach: ['anonymousId:old-device'],
        absorb: [],
        refused: [],
      });
    });

    it('links the profile that holds previousId as a userId, without recording it as an anonymousId', () => {
      const rules: IdentifierRule[] = [
        { type: 'userId', limit: 2 },
        { type: 'anonymousId', limit: 100 },
      ];
      const newer = profile('p_new', T0 + DAY, { userId: ['u-new'] });
      expect(resolveFor({ type: 'alias', userId: 'u-new', previousId: 'u1' }, viewOf(known, newer), rules)).toEqual({
        profileId: 'p_known',
        isNew: false,
        attach: [],
        absorb: ['p_new'],
        refused: [],
      });
    });

    it('is refused when it would put two userIds on one profile past the limit', () => {
      const r = resolveFor({ type: 'alias', userId: 'u-new', previousId: 'u1' }, viewOf(known));
      expect(r).toEqual({
        profileId: newId('userId:u-new'),
        isNew: true,
        attach: ['userId:u-new'],
        absorb: [],
        refused: [
          {
            identifier: 'userId:u1',
            reason: `merge refused: profile p_known already has userId "u1"; limit 1 (the event's profile ${newId('userId:u-new')} (new) has userId "u-new"; linked by userId "u1")`,
          },
        ],
      });
    });
  });

  it('gives an event without identifiers a profile of its own, the same one on replay', () => {
    const e = event({ userId: undefined, messageId: 'msg-1', source: 'hubspot' });
    const first = resolveIdentity(e, [], viewOf(), DEFAULT_IDENTIFIERS);
    const again = resolveIdentity({ ...e }, [], viewOf(), DEFAULT_IDENTIFIERS);
    const other = resolveIdentity({ ...e, messageId: 'msg-2' }, [], viewOf(), DEFAULT_IDENTIFIERS);
    expect(first).toEqual({ profileId: newId('message:hubspot:msg-1'), isNew: true, attach: [], absorb: [], refused: [] });
    expect(again.profileId).toBe(first.profileId);
    expect(other.profileId).not.toBe(first.profileId);
  });

  it('re-points an identifier whose indexed profile cannot be read', () => {
    const view: IdentityView = { profileIdFor: (key) => (key === 'userId:u1' ? 'p_gone' : undefined), profile: () => undefined };
    expect(resolveFor({ userId: 'u1' }, view)).toEqual({ profileId: newId('userId:u1'), isNew: true, attach: ['userId:u1'], absorb: [], refused: [] });
  });

  it('re-attaches an identifier a profile holds but the index lost', () => {
    const p = profile('p1', T0, { userId: ['u1'], anonymousId: ['a1'] });
    const view = viewOf(p);
    view.index.delete('anonymousId:a1');
    expect(resolveFor({ userId: 'u1', anonymousId: 'a1' }, view)).toMatchObject({ profileId: 'p1', attach: ['anonymousId:a1'], refused: [] });
  });
});
