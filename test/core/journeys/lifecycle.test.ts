import { describe, expect, it } from 'vitest';
import type { Reentry } from '../../../src/manifest/schema/journeys.ts';
import { DAY, HOUR, ofType, profileWith, T0, track } from '../../helpers/core-fixtures.ts';
import { compile } from '../../helpers/core-fixtures.ts';
import { ACTIONS, Harness, journey } from './journey-fixtures.ts';

const waitThenTask = { start: 'w', steps: [{ id: 'w', type: 'wait' as const, duration: '1d', next: 'a' }, { id: 'a', type: 'action' as const, action: 'demo-task' }] };

describe('triggers', () => {
  it('an event trigger with where enrolls only matching events', () => {
    const h = Harness.of([journey({ trigger: { type: 'event', event: 'Webinar Attended', where: { path: 'properties.minutes', op: 'gte', value: 30 } } })], profileWith());
    h.event(track('Webinar Attended', T0, { minutes: 5 }));
    expect(h.profile.enrollments).toHaveLength(0);
    h.event(track('Webinar Attended', T0 + HOUR, { minutes: 45 }));
    expect(h.profile.enrollments).toHaveLength(1);
  });

  it('a trait-change trigger fires on the change to the given value only', () => {
    const h = Harness.of([journey({ trigger: { type: 'traitChanged', trait: 'lifecycle', to: 'sql' } })], profileWith());
    const identify = { ...track('x', T0), type: 'identify' as const, event: undefined };
    h.event(identify, { traitsChanged: { lifecycle: { from: 'lead', to: 'mql' } }, audiencesEntered: [] });
    expect(h.profile.enrollments).toHaveLength(0);
    h.event(identify, { traitsChanged: { lifecycle: { from: 'mql', to: 'sql' } }, audiencesEntered: [] });
    expect(h.profile.enrollments).toHaveLength(1);
  });

  it('a record trigger matches object, change type and field', () => {
    const h = Harness.of([journey({ trigger: { type: 'record', object: 'deal', changeType: 'updated', field: 'dealstage' } })], profileWith());
    const record = (object: string, changed: Record<string, unknown>) => ({
      ...track('x', T0),
      type: 'record' as const,
      event: undefined,
      record: { object, id: '9', changeType: 'updated' as const, changed },
    });
    h.event(record('contact', { dealstage: 'won' }));
    h.event(record('deal', { amount: 5 }));
    expect(h.profile.enrollments).toHaveLength(0);
    h.event(record('deal', { dealstage: 'closedlost' }));
    expect(h.profile.enrollments).toHaveLength(1);
  });

  it('an audience trigger fires when the profile enters that audience', () => {
    const h = Harness.of([journey({ trigger: { type: 'audienceEntered', audience: 'high_intent' } })], profileWith());
    h.event(track('Audience Entered', T0), { traitsChanged: {}, audiencesEntered: ['other'] });
    expect(h.profile.enrollments).toHaveLength(0);
    h.event(track('Audience Entered', T0), { traitsChanged: {}, audiencesEntered: ['high_intent'] });
    expect(h.profile.enrollments).toHaveLength(1);
  });

  it('a profile is in several journeys at once', () => {
    const h = Harness.of([journey({ id: 'one', ...waitThenTask }), journey({ id: 'two', ...waitThenTask })], profileWith());
    h.event(track('Webinar Attended', T0));
    expect(h.profile.enrollments.map((e) => [e.journeyId, e.status])).toEqual([
      ['one', 'active'],
      ['two', 'active'],
    ]);
  });
});

describe('re-entry', () => {
  const cases: [string, Reentry, number[], number][] = [
    ['never: one entry ever', { mode: 'never' }, [0, 5, 40], 1],
    ['always: again after each exit, not while active', { mode: 'always' }, [0, 0.5, 5, 40], 3],
    ['after 30d: again only 30 days after the last entry', { mode: 'after', after: '30d' }, [0, 5, 29, 31, 45], 2],
    ['always with maxEntries 2', { mode: 'always', maxEntries: 2 }, [0, 5, 40], 2],
  ];
  it.each(cases)('%s', (_name, reentry, days, expectedEntries) => {
    const h = Harness.of([journey({ reentry, ...waitThenTask })], profileWith());
    for (const d of days) {
      h.advance(T0 + d * DAY);
      h.event(track('Webinar Attended', T0 + d * DAY));
    }
    expect(h.profile.journeyHistory['j1']?.entries).toBe(expectedEntries);
    expect(h.profile.enrollments.filter((e) => e.status === 'active').length).toBeLessThanOrEqual(1);
  });
});

describe('goals and exits', () => {
  const withGoal = (onGoal: 'exit' | 'continue') =>
    journey({
      goal: { condition: { event: 'Demo Booked' }, within: '7d', onGoal },
      exit: [{ event: 'Cancellation Requested' }],
      start: 'w',
      steps: [{ id: 'w', type: 'wait', duration: '2d', next: 'a' }, { id: 'a', type: 'action', action: 'demo-task' }],
    });

  it('a goal within the window converts the enrollment and ends it (onGoal exit)', () => {
    const h = Harness.of([withGoal('exit')], profileWith());
    h.event(track('Webinar Attended', T0));
    const out = h.event(track('Demo Booked', T0 + DAY));
    expect(h.profile.enrollments[0]).toMatchObject({ status: 'converted', convertedAt: T0 + DAY });
    expect(ofType(out, 'cancelTimer')).toHaveLength(2);
    h.advance(T0 + 10 * DAY);
    expect(h.sends()).toEqual([]);
  });

  it('a goal with onGoal continue records the conversion and keeps going', () => {
    const h = Harness.of([withGoal('continue')], profileWith());
    h.event(track('Webinar Attended', T0));
    const out = h.event(track('Demo Booked', T0 + DAY));
    expect(ofType(out, 'journeyEvent').map((e) => e.kind)).toEqual(['converted']);
    h.advance(T0 + 2 * DAY);
    expect(h.sends()).toEqual(['demo-task']);
    expect(h.profile.enrollments[0]).toMatchObject({ status: 'completed', convertedAt: T0 + DAY });
  });

  it('a goal after the window does not convert', () => {
    const h = Harness.of([withGoal('continue')], profileWith());
    h.event(track('Webinar Attended', T0));
    h.advance(T0 + 8 * DAY);
    h.event(track('Demo Booked', T0 + 8 * DAY));
    expect(h.profile.enrollments[0]?.convertedAt).toBeUndefined();
  });

  it('a treated enrollment done with its steps still converts within the window, like the holdout', () => {
    const h = Harness.of([journey({ goal: { condition: { event: 'Demo Booked' }, within: '7d' } })], profileWith());
    h.event(track('Webinar Attended', T0));
    expect(h.sends()).toEqual(['demo-task']);
    expect(h.profile.enrollments[0]).toMatchObject({ status: 'active' });
    expect(h.profile.enrollments[0]?.stepId).toBeUndefined();
    h.event(track('Demo Booked', T0 + 3 * DAY));
    expect(h.profile.enrollments[0]).toMatchObject({ status: 'converted', convertedAt: T0 + 3 * DAY });
  });

  it('a treated enrollment done with its steps completes when the goal window ends without the goal', () => {
    const h = Harness.of([journey({ goal: { condition: { event: 'Demo Booked' }, within: '7d' } })], profileWith());
    h.event(track('Webinar Attended', T0));
    h.advance(T0 + 7 * DAY);
    expect(h.profile.enrollments[0]).toMatchObject({ status: 'completed', endReason: 'goal window ended without the goal', endedAt: T0 + 7 * DAY });
  });

  it('an exit condition ends the enrollment at once and cancels its timers', () => {
    const h = Harness.of([withGoal('exit')], profileWith());
    h.event(track('Webinar Attended', T0));
    const out = h.event(track('Cancellation Requested', T0 + HOUR));
    expect(h.profile.enrollments[0]).toMatchObject({ status: 'exited', endReason: 'exit: Cancellation Requested' });
    expect(ofType(out, 'cancelTimer').length).toBe(2);
    h.advance(T0 + 10 * DAY);
    expect(h.sends()).toEqual([]);
  });
});

describe('holdout', () => {
  it('keeps about the configured fraction out, deterministically, and measures their goal', () => {
    let held = 0;
    let heldConverted = 0;
    for (let i = 0; i < 1000; i++) {
      const h = Harness.of([journey({ holdout: 0.2, goal: { condition: { event: 'Demo Booked' }, within: '7d' }, ...waitThenTask })], profileWith({}, `u${i}`));
      h.event(track('Webinar Attended', T0));
      const e = h.profile.enrollments[0];
      if (e?.group === 'holdout') {
        held++;
        expect(e.stepId).toBeUndefined();
        h.event(track('Demo Booked', T0 + DAY));
        if (h.profile.enrollments[0]?.status === 'converted') heldConverted++;
        h.advance(T0 + 10 * DAY);
        expect(h.sends()).toEqual([]);
      }
    }
    expect(held).toBeGreaterThan(170);
    expect(held).toBeLessThan(230);
    expect(heldConverted).toBe(held);
  });

  it('puts the same profile in the same group on every entry', () => {
    const groups = new Set<string>();
    for (let d = 0; d < 5; d++) {
      const h = Harness.of([journey({ holdout: 0.5, reentry: { mode: 'always' } })], profileWith({}, 'same-person'));
      h.event(track('Webinar Attended', T0 + d * DAY));
      groups.add(h.profile.enrollments[0]?.group ?? '');
    }
    expect(groups.size).toBe(1);
  });

  it('a holdout enrollment with no goal completes at once', () => {
    let checked = 0;
    for (let i = 0; i < 50 && checked === 0; i++) {
      const h = Harness.of([journey({ holdout: 0.5 })], profileWith({}, `h${i}`));
      h.event(track('Webinar Attended', T0));
      const e = h.profile.enrollments[0];
      if (e?.group === 'holdout') {
        expect(e).toMatchObject({ status: 'completed', endReason: 'holdout: nothing to measure' });
        checked++;
      }
    }
    expect(checked).toBe(1);
  });
});

describe('versions', () => {
  it('a running enrollment finishes on the version it started on', () => {
    const v1 = journey({ version: 1, ...waitThenTask });
    const h = Harness.of([v1], profileWith());
    h.event(track('Webinar Attended', T0));
    const v2 = journey({ version: 2, start: 'w', steps: [{ id: 'w', type: 'wait', duration: '1d', next: 'e' }, { id: 'e', type: 'exit', reason: 'v2 path' }] });
    h.compiled = compile({ actions: ACTIONS, journeys: [v2] }, { previousJourneys: [h.compiled.manifest.journeys[0]!] });
    h.advance(T0 + DAY);
    expect(h.sends()).toEqual(['demo-task']);
    expect(h.profile.enrollments[0]?.version).toBe(1);
  });

  it('an enrollment whose version is gone fails with a visible error', () => {
    const h = Harness.of([journey({ version: 1, ...waitThenTask })], profileWith());
    h.event(track('Webinar Attended', T0));
    h.compiled = compile({ actions: ACTIONS, journeys: [journey({ version: 2, ...waitThenTask })] });
    h.advance(T0 + DAY);
    expect(h.profile.enrollments[0]).toMatchObject({ status: 'failed' });
    expect(h.profile.enrollments[0]?.errors[0]?.message).toBe('journey j1 v1 is no longer known');
  });
});
