import { describe, expect, it } from 'vitest';
import { pruneProfile } from '../../../src/core/profiles/apply-event.ts';
import { emptyProfile } from '../../../src/core/profiles/profile.ts';
import { DAY, HOUR, T0 } from '../../helpers/core-fixtures.ts';

const OPTS = { trackedEvents: new Map([['Login', 7 * DAY], ['Invite', DAY]]), timeZoneTrait: 'timezone', contactWindowMs: 30 * DAY };

describe('pruneProfile', () => {
  it('drops contacts at or before the longest cap window, in any order, and keeps deferred ones', () => {
    const p = emptyProfile('p1', T0);
    p.contacts = [
      { at: T0 + HOUR, channel: 'email', actionId: 'deferred' },
      { at: T0 - 30 * DAY, channel: 'email', actionId: 'edge' },
      { at: T0 - 29 * DAY, channel: 'task', actionId: 'recent' },
      { at: T0 - 40 * DAY, channel: 'email', actionId: 'old' },
    ];
    pruneProfile(p, T0, OPTS);
    expect(p.contacts.map((c) => c.actionId)).toEqual(['deferred', 'recent']);
  });

  it('keeps no past contact when there are no frequency caps (window 0)', () => {
    const p = emptyProfile('p1', T0);
    p.contacts = [{ at: T0, channel: 'email', actionId: 'now' }];
    pruneProfile(p, T0, { ...OPTS, contactWindowMs: 0 });
    expect(p.contacts).toEqual([]);
  });

  it('trims occurrence times to each event window and forgets names no condition counts', () => {
    const p = emptyProfile('p1', T0);
    p.eventTimes = { Login: [T0 - 8 * DAY, T0 - 7 * DAY, T0 - 2 * DAY], Invite: [T0 - 2 * DAY], Legacy: [T0] };
    pruneProfile(p, T0, OPTS);
    expect(p.eventTimes).toEqual({ Login: [T0 - 2 * DAY] });
  });

  it('forgets suppressions that have ended', () => {
    const p = emptyProfile('p1', T0);
    p.suppressedUntil = { email: T0, sms: T0 + 1, all: T0 - DAY };
    pruneProfile(p, T0, OPTS);
    expect(p.suppressedUntil).toEqual({ sms: T0 + 1 });
  });
});
