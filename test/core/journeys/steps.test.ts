import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { DAY, HOUR, MINUTE, ofType, profileWith, T0, track } from '../../helpers/core-fixtures.ts';
import { Harness, journey } from './journey-fixtures.ts';

describe('journey steps', () => {
  it('action sends the action with an idempotency key and a why-now explanation', () => {
    const h = Harness.of([journey({ name: 'Webinar to demo' })], profileWith());
    const out = h.event(track('Webinar Attended', T0));
    const [send] = ofType(out, 'send');
    expect(send).toMatchObject({ actionId: 'demo-task', channel: 'task', destination: 'log.record', sendAt: T0, profileId: 'p1' });
    expect(send?.key).toBe('p1:j1:0:1:demo-task');
    expect(send?.explanation).toMatchObject({ journeyId: 'j1', journeyName: 'Webinar to demo', stepId: 'a', reasons: ['Webinar Attended on 2026-03-02'] });
    expect(h.profile.enrollments[0]).toMatchObject({ status: 'completed', endReason: 'reached the end of the journey' });
  });

  it('wait with a duration schedules a timer and continues when it fires', () => {
    const h = Harness.of(
      [journey({ steps: [{ id: 'w', type: 'wait', duration: '2d', next: 'a' }, { id: 'a', type: 'action', action: 'demo-task' }], start: 'w' })],
      profileWith(),
    );
    const out = h.event(track('Webinar Attended', T0));
    expect(ofType(out, 'scheduleTimer').map((t) => t.dueAt)).toEqual([T0 + 2 * DAY]);
    expect(h.sends()).toEqual([]);
    h.advance(T0 + 2 * DAY - 1);
    expect(h.sends()).toEqual([]);
    h.advance(T0 + 2 * DAY);
    expect(h.sends()).toEqual(['demo-task']);
  });

  it("wait until a local time uses the profile's time zone", () => {
    const h = Harness.of(
      [journey({ steps: [{ id: 'w', type: 'wait', until: { time: '09:00' }, next: 'a' }, { id: 'a', type: 'action', action: 'demo-task' }], start: 'w' })],
      profileWith({ timezone: 'Europe/Paris' }),
    );
    const [timer] = ofType(h.event(track('Webinar Attended', T0)), 'scheduleTimer');
    // T0 is 16:00 in Paris, so the next 09:00 there is the following morning.
    expect(DateTime.fromMillis(timer?.dueAt ?? 0, { zone: 'Europe/Paris' }).toISO()).toBe('2026-03-03T09:00:00.000+01:00');
  });

  it('wait until a weekday skips to the next allowed day', () => {
    const h = Harness.of(
      [journey({ steps: [{ id: 'w', type: 'wait', until: { time: '09:00', days: ['mon'] }, next: 'a' }, { id: 'a', type: 'action', action: 'demo-task' }], start: 'w' })],
      profileWith(),
      { policies: { timeZone: 'America/New_York' } },
    );
    const [timer] = ofType(h.event(track('Webinar Attended', T0)), 'scheduleTimer');
    expect(DateTime.fromMillis(timer?.dueAt ?? 0, { zone: 'America/New_York' }).toISO()).toBe('2026-03-09T09:00:00.000-04:00');
  });

  const waitForJourney = journey({
    start: 'wf',
    steps: [
      { id: 'wf', type: 'waitFor', condition: { event: 'Demo Booked' }, timeout: '3d', next: 'booked', onTimeout: 'nudge' },
      { id: 'booked', type: 'update', traits: { stage: 'demo' } },
      { id: 'nudge', type: 'action', action: 'demo-task' },
    ],
  });

  it('waitFor takes the matched exit when the event arrives in time and cancels its timeout', () => {
    const h = Harness.of([waitForJourney], profileWith());
    h.event(track('Webinar Attended', T0));
    const out = h.event(track('Demo Booked', T0 + DAY));
    expect(ofType(out, 'cancelTimer')).toHaveLength(1);
    expect(h.profile.traits['stage']).toBe('demo');
    expect(ofType(out, 'traitsChanged')[0]?.changed).toEqual({ stage: 'demo' });
    h.advance(T0 + 10 * DAY);
    expect(h.sends()).toEqual([]);
  });

  it('waitFor takes the timeout exit when nothing arrives', () => {
    const h = Harness.of([waitForJourney], profileWith());
    h.event(track('Webinar Attended', T0));
    h.event(track('Something Else', T0 + DAY));
    h.advance(T0 + 3 * DAY);
    expect(h.sends()).toEqual(['demo-task']);
    expect(h.profile.traits['stage']).toBeUndefined();
    expect(ofType(h.commands, 'send')[0]?.explanation.reasons).toContain('no Demo Booked within the timeout');
  });

  it.each([
    [200, 'big'],
    [20, 'small'],
  ])('branch picks the first matching branch (seats %i → %s)', (seats, expected) => {
    const h = Harness.of(
      [
        journey({
          start: 'b',
          steps: [
            { id: 'b', type: 'branch', branches: [{ when: { path: 'traits.seats', op: 'gte', value: 100 }, next: 'big' }], otherwise: 'small' },
            { id: 'big', type: 'update', traits: { segment: 'big' } },
            { id: 'small', type: 'update', traits: { segment: 'small' } },
          ],
        }),
      ],
      profileWith({ seats }),
    );
    h.event(track('Webinar Attended', T0));
    expect(h.profile.traits['segment']).toBe(expected);
  });

  it('split sends about its weight to each path, the same path for the same person every time', () => {
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 2000; i++) {
      const make = () =>
        Harness.of(
          [
            journey({
              start: 's',
              steps: [
                { id: 's', type: 'split', paths: [{ weight: 80, next: 'x' }, { weight: 20, next: 'y' }] },
                { id: 'x', type: 'update', traits: { arm: 'a' } },
                { id: 'y', type: 'update', traits: { arm: 'b' } },
              ],
            }),
          ],
          profileWith({}, `p${i}`),
        );
      const first = make();
      first.event(track('Webinar Attended', T0));
      const again = make();
      again.event(track('Webinar Attended', T0 + HOUR));
      expect(again.profile.traits['arm']).toBe(first.profile.traits['arm']);
      counts[first.profile.traits['arm'] as 'a' | 'b']++;
    }
    expect(counts.a / 2000).toBeGreaterThan(0.76);
    expect(counts.a / 2000).toBeLessThan(0.84);
  });

  it('decide sends the highest value × lever among eligible candidates and logs the runner-up', () => {
    const h = Harness.of([journey({ start: 'd', steps: [{ id: 'd', type: 'decide', candidates: ['nurture-email', 'demo-task', 'big-deal-task'] }] })], profileWith({ email_opt_in: true }));
    const out = h.event(track('Webinar Attended', T0));
    expect(h.sends()).toEqual(['demo-task']);
    const [decision] = ofType(out, 'recordDecision');
    expect(decision?.chosen).toBe('demo-task');
    expect(decision?.candidates).toEqual([
      { actionId: 'nurture-email', priority: 20 },
      { actionId: 'demo-task', priority: 100 },
      { actionId: 'big-deal-task', filteredBy: 'eligibility: traits.seats is at least 100' },
    ]);
    expect(ofType(out, 'send')[0]?.explanation.runnerUp).toEqual({ actionId: 'nurture-email', priority: 20 });
  });

  it('decide sends the fallback when no candidate passes', () => {
    const h = Harness.of(
      [journey({ start: 'd', steps: [{ id: 'd', type: 'decide', candidates: ['big-deal-task'], fallback: 'demo-task' }] })],
      profileWith({ seats: 3 }),
    );
    h.event(track('Webinar Attended', T0));
    expect(h.sends()).toEqual(['demo-task']);
  });

  it('exit step ends the enrollment as exited with its reason', () => {
    const h = Harness.of([journey({ start: 'x', steps: [{ id: 'x', type: 'exit', reason: 'not a fit' }] })], profileWith());
    const out = h.event(track('Webinar Attended', T0));
    expect(h.profile.enrollments[0]).toMatchObject({ status: 'exited', endReason: 'not a fit' });
    expect(ofType(out, 'journeyEvent').map((e) => e.kind)).toEqual(['entered', 'step', 'exited']);
  });

  it('a loop with no wait fails the enrollment instead of spinning', () => {
    const h = Harness.of(
      [journey({ start: 'a', steps: [{ id: 'a', type: 'update', traits: { x: 1 }, next: 'b' }, { id: 'b', type: 'update', traits: { y: 1 }, next: 'a' }] })],
      profileWith(),
    );
    h.event(track('Webinar Attended', T0));
    expect(h.profile.enrollments[0]?.status).toBe('failed');
    expect(h.profile.enrollments[0]?.errors[0]?.message).toBe('ran 50 steps without waiting: a loop with no wait?');
  });

  it('a stale timer (already cancelled or fired) changes nothing', () => {
    const h = Harness.of(
      [journey({ steps: [{ id: 'w', type: 'wait', duration: '1h', next: 'a' }, { id: 'a', type: 'action', action: 'demo-task' }], start: 'w' })],
      profileWith(),
    );
    const [timer] = ofType(h.event(track('Webinar Attended', T0)), 'scheduleTimer');
    h.advance(T0 + HOUR);
    h.timers.set(timer?.timerId ?? '', { enrollmentId: timer?.enrollmentId ?? '', dueAt: T0 + HOUR });
    h.advance(T0 + 2 * HOUR);
    expect(h.sends()).toEqual(['demo-task']);
  });

  it('keeps working for other enrollments when one fails', () => {
    const h = Harness.of(
      [
        journey({ id: 'bad', start: 'missing' }),
        journey({ id: 'good', start: 'a' }),
      ],
      profileWith(),
    );
    h.event(track('Webinar Attended', T0 + MINUTE));
    expect(h.profile.enrollments.map((e) => [e.journeyId, e.status])).toEqual([
      ['bad', 'failed'],
      ['good', 'completed'],
    ]);
    expect(h.profile.enrollments[0]?.errors[0]?.message).toBe('unknown step "missing" in bad v1');
  });
});
