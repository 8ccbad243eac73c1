import { describe, expect, it } from 'vitest';
import { mergeProfiles } from '../../../src/core/identity/merge-profiles.ts';
import { MAX_EVENT_TIMES } from '../../../src/core/profiles/apply-event.ts';
import type { Profile } from '../../../src/core/profiles/profile.ts';
import { DAY, HOUR, T0 } from '../../helpers/core-fixtures.ts';
import { enrollment, profile } from './identity-fixtures.ts';

const NOW = T0 + 10 * DAY;

function pair(survivorFields: Partial<Profile>, absorbedFields: Partial<Profile>): [Profile, Profile] {
  return [
    profile('p_s', T0, { userId: ['u1'], anonymousId: ['a1'] }, survivorFields),
    profile('p_a', T0 + DAY, { anonymousId: ['a1', 'a2'], email: ['ann@acme.io'] }, absorbedFields),
  ];
}

describe('mergeProfiles', () => {
  it('unites identifiers without duplicates', () => {
    const [s, a] = pair({}, {});
    mergeProfiles(s, a, NOW);
    expect(s.identifiers).toEqual({ userId: ['u1'], anonymousId: ['a1', 'a2'], email: ['ann@acme.io'] });
  });

  it.each([
    ['the absorbed profile was updated later: its values win conflicts', T0 + HOUR, T0 + 2 * HOUR, { plan: 'trial', seats: 3, company: 'Acme' }],
    ['the survivor was updated later: its values win conflicts', T0 + 2 * HOUR, T0 + HOUR, { plan: 'pro', seats: 3, company: 'Acme' }],
    ['updated at the same time: the survivor wins', T0 + HOUR, T0 + HOUR, { plan: 'pro', seats: 3, company: 'Acme' }],
  ])('traits: %s, and each side fills what the other lacks', (_name, survivorUpdated, absorbedUpdated, expected) => {
    const [s, a] = pair({ updatedAt: survivorUpdated, traits: { plan: 'pro', seats: 3 } }, { updatedAt: absorbedUpdated, traits: { plan: 'trial', company: 'Acme' } });
    mergeProfiles(s, a, NOW);
    expect(s.traits).toEqual(expected);
    expect(s.updatedAt).toBe(Math.max(survivorUpdated, absorbedUpdated));
  });

  it('adds counters up and widens first and last seen', () => {
    const [s, a] = pair(
      { eventCount: 4, firstSeen: T0 + HOUR, lastSeen: T0 + 5 * HOUR, lastSeenByEvent: { Signup: T0 + HOUR, Login: T0 + 5 * HOUR } },
      { eventCount: 3, firstSeen: T0, lastSeen: T0 + 3 * HOUR, lastSeenByEvent: { Login: T0 + 6 * HOUR, Invite: T0 + 2 * HOUR } },
    );
    mergeProfiles(s, a, NOW);
    expect([s.eventCount, s.firstSeen, s.lastSeen]).toEqual([7, T0, T0 + 5 * HOUR]);
    expect(s.lastSeenByEvent).toEqual({ Signup: T0 + HOUR, Login: T0 + 6 * HOUR, Invite: T0 + 2 * HOUR });
  });

  it('merges occurrence times in ascending order per event', () => {
    const [s, a] = pair({ eventTimes: { Login: [1, 4, 9], Signup: [2] } }, { eventTimes: { Login: [3, 4, 10], Invite: [5] } });
    mergeProfiles(s, a, NOW);
    expect(s.eventTimes).toEqual({ Login: [1, 3, 4, 4, 9, 10], Signup: [2], Invite: [5] });
  });

  it('keeps the newest occurrence times when the union passes the cap', () => {
    const half = MAX_EVENT_TIMES / 2 + 1;
    const [s, a] = pair(
      { eventTimes: { Login: Array.from({ length: half }, (_, i) => i * 2) } },
      { eventTimes: { Login: Array.from({ length: half }, (_, i) => i * 2 + 1) } },
    );
    mergeProfiles(s, a, NOW);
    const times = s.eventTimes['Login'] ?? [];
    expect([times.length, times[0], times[times.length - 1]]).toEqual([MAX_EVENT_TIMES, 2, 2 * half - 1]);
  });

  it('unites audiences at the earliest entry, keeps the latest suppression, sorts contacts', () => {
    const [s, a] = pair(
      {
        audiences: { vip: T0 + 2 * HOUR, trial: T0 },
        suppressedUntil: { email: T0 + DAY, all: T0 + 3 * DAY },
        contacts: [
          { at: T0 + 3 * HOUR, channel: 'email', actionId: 'x' },
          { at: T0 + HOUR, channel: 'task', actionId: 'y' },
        ],
      },
      {
        audiences: { vip: T0 + HOUR, churn_risk: T0 + 4 * HOUR },
        suppressedUntil: { email: T0 + 2 * DAY, sms: T0 + DAY },
        contacts: [{ at: T0 + 2 * HOUR, channel: 'email', actionId: 'z' }],
      },
    );
    mergeProfiles(s, a, NOW);
    expect(s.audiences).toEqual({ vip: T0 + HOUR, trial: T0, churn_risk: T0 + 4 * HOUR });
    expect(s.suppressedUntil).toEqual({ email: T0 + 2 * DAY, all: T0 + 3 * DAY, sms: T0 + DAY });
    expect(s.contacts.map((c) => c.actionId)).toEqual(['y', 'z', 'x']);
  });

  it.each([
    ['the survivor has an owner: it stays', '7', '8', '7'],
    ['only the absorbed profile has one: it moves', undefined, '8', '8'],
    ['neither has one: none', undefined, undefined, undefined],
  ])('owner: %s', (_name, survivorOwner, absorbedOwner, expected) => {
    const [s, a] = pair(survivorOwner === undefined ? {} : { owner: survivorOwner }, absorbedOwner === undefined ? {} : { owner: absorbedOwner });
    mergeProfiles(s, a, NOW);
    expect(s.owner).toBe(expected);
    // The snapshot has no owner field when there is none.
    expect('owner' in JSON.parse(JSON.stringify(s))).toBe(expected !== undefined);
  });

  it('moves enrollments and collapses two active ones of a journey into the earlier: the loser’s timers are cancelled, the mover’s scheduled for the survivor', () => {
    const kept = enrollment('onboarding', T0 + HOUR, { waiting: { kind: 'timer', timerId: 't-kept', dueAt: NOW + DAY }, goalTimerId: 'g-kept', goalDeadline: NOW + 5 * DAY });
    const dropped = enrollment('onboarding', T0 + 2 * HOUR, { waiting: { kind: 'event', timerId: 't-dropped', dueAt: NOW + 2 * DAY }, goalTimerId: 'g-dropped', goalDeadline: NOW + 6 * DAY });
    const other = enrollment('renewal', T0);
    const finished = enrollment('onboarding', T0 - DAY, { status: 'completed', endedAt: T0 - HOUR, endReason: 'done' });
    const [s, a] = pair({ enrollments: [dropped] }, { enrollments: [kept, other, finished] });
    const result = mergeProfiles(s, a, NOW);
    expect(result.timerCommands).toEqual([
      { type: 'cancelTimer', timerId: 't-dropped', dueAt: NOW + 2 * DAY },
      { type: 'cancelTimer', timerId: 'g-dropped', dueAt: NOW + 6 * DAY },
      { type: 'scheduleTimer', timerId: 't-kept', profileId: 'p_s', enrollmentId: kept.id, dueAt: NOW + DAY },
      { type: 'scheduleTimer', timerId: 'g-kept', profileId: 'p_s', enrollmentId: kept.id, dueAt: NOW + 5 * DAY },
    ]);
    expect(result.ended).toEqual([dropped]);
    expect(s.enrollments.map((e) => [e.journeyId, e.enteredAt, e.status, e.endReason ?? null, e.endedAt ?? null])).toEqual([
      ['onboarding', T0 + 2 * HOUR, 'exited', 'merged', NOW],
      ['onboarding', T0 + HOUR, 'active', null, null],
      ['renewal', T0, 'active', null, null],
      ['onboarding', T0 - DAY, 'completed', 'done', T0 - HOUR],
    ]);
    expect([dropped.waiting, dropped.goalTimerId]).toEqual([undefined, undefined]);
    expect(kept.waiting?.timerId).toBe('t-kept');
  });

  it('keeps the survivor enrollment when it entered first, or at the same time', () => {
    const mine = enrollment('onboarding', T0, { id: 'mine', goalTimerId: 'g-mine' });
    const theirs = enrollment('onboarding', T0, { id: 'theirs', waiting: { kind: 'timer', timerId: 't-theirs', dueAt: NOW } });
    const [s, a] = pair({ enrollments: [mine] }, { enrollments: [theirs] });
    expect(mergeProfiles(s, a, NOW).timerCommands).toEqual([{ type: 'cancelTimer', timerId: 't-theirs', dueAt: NOW }]);
    expect(s.enrollments.map((e) => [e.id, e.status])).toEqual([
      ['mine', 'active'],
      ['theirs', 'exited'],
    ]);
  });

  it('adds up journey history, with the latest entry and end', () => {
    const [s, a] = pair(
      { journeyHistory: { onboarding: { entries: 2, lastEnteredAt: T0 + HOUR, lastEndedAt: T0 + 2 * HOUR }, renewal: { entries: 1, lastEnteredAt: T0 } } },
      { journeyHistory: { onboarding: { entries: 1, lastEnteredAt: T0 + 3 * HOUR }, winback: { entries: 4, lastEnteredAt: T0, lastEndedAt: T0 + HOUR } } },
    );
    mergeProfiles(s, a, NOW);
    expect(s.journeyHistory).toEqual({
      onboarding: { entries: 3, lastEnteredAt: T0 + 3 * HOUR, lastEndedAt: T0 + 2 * HOUR },
      renewal: { entries: 1, lastEnteredAt: T0 },
      winback: { entries: 4, lastEnteredAt: T0, lastEndedAt: T0 + HOUR },
    });
  });

  it('records the absorbed profile and everything it had absorbed', () => {
    const [s, a] = pair({ mergedFrom: ['p_x'] }, { mergedFrom: ['p_y', 'p_z'] });
    mergeProfiles(s, a, NOW);
    expect(s.mergedFrom).toEqual(['p_x', 'p_a', 'p_y', 'p_z']);
  });

  it('does nothing when asked to merge a profile into itself', () => {
    const [s] = pair({ eventCount: 2, enrollments: [enrollment('j', T0)] }, {});
    expect(mergeProfiles(s, s, NOW)).toEqual({ timerCommands: [], ended: [] });
    expect([s.eventCount, s.enrollments.length, s.mergedFrom]).toEqual([2, 1, []]);
  });
});
