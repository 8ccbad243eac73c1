import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { ManifestInput } from '../../../src/manifest/schema/manifest.ts';
import { DAY, HOUR, ofType, profileWith, T0, track } from '../../helpers/core-fixtures.ts';
import { Harness, journey } from './journey-fixtures.ts';

const emailJourney = journey({ reentry: { mode: 'always' }, start: 'e', steps: [{ id: 'e', type: 'action', action: 'nurture-email' }] });
const policies: ManifestInput['policies'] = {
  timeZone: 'America/New_York',
  quietHours: { start: '20:00', end: '08:00', channels: ['email'] },
  frequencyCaps: [{ channel: 'email', max: 2, per: '7d' }],
  suppressions: [{ id: 'cancellation', when: { event: 'Cancellation Requested' }, for: '30d', channels: ['email'] }],
  consent: { email: { trait: 'email_opt_in' } },
};

function filteredBy(h: Harness): (string | undefined)[] {
  return ofType(h.commands, 'recordDecision').flatMap((d) => d.candidates.map((c) => c.filteredBy));
}

describe('contact policies', () => {
  it('marketing needs consent; the decision records the policy that stopped it', () => {
    const h = Harness.of([emailJourney], profileWith({ email_opt_in: false }), { policies });
    h.event(track('Webinar Attended', T0));
    expect(h.sends()).toEqual([]);
    expect(filteredBy(h)).toEqual(['consent: email_opt_in is not true']);
  });

  it('a frequency cap stops the third email within 7 days and allows it after', () => {
    const h = Harness.of([emailJourney], profileWith({ email_opt_in: true }), { policies });
    for (const d of [0, 1, 2, 8]) h.event(track('Webinar Attended', T0 + d * DAY));
    expect(h.sends()).toEqual(['nurture-email', 'nurture-email', 'nurture-email']);
    expect(filteredBy(h)).toEqual([undefined, undefined, 'frequency: email cap 2 per 7d reached', undefined]);
  });

  it('a cancellation request suppresses email for 30 days', () => {
    const h = Harness.of([emailJourney], profileWith({ email_opt_in: true }), { policies });
    h.event(track('Cancellation Requested', T0));
    h.event(track('Webinar Attended', T0 + DAY));
    h.event(track('Webinar Attended', T0 + 31 * DAY));
    expect(h.sends()).toEqual(['nurture-email']);
    expect(filteredBy(h)[0]).toMatch(/^suppressed: email until 2026-04-01T15:00:00.000Z$/);
  });

  it('quiet hours defer the send to the end of the quiet window in the profile zone', () => {
    const h = Harness.of([emailJourney], profileWith({ email_opt_in: true }), { policies });
    const lateEvening = Date.parse('2026-03-03T03:30:00Z'); // 22:30 in New York
    h.event(track('Webinar Attended', lateEvening));
    const [send] = ofType(h.commands, 'send');
    expect(DateTime.fromMillis(send?.sendAt ?? 0, { zone: 'America/New_York' }).toISO()).toBe('2026-03-03T08:00:00.000-05:00');
  });

  it('service actions ignore consent but still respect suppression channels only when listed', () => {
    const h = Harness.of([journey({})], profileWith({ email_opt_in: false }), { policies });
    h.event(track('Cancellation Requested', T0));
    h.event(track('Webinar Attended', T0 + HOUR));
    expect(h.sends()).toEqual(['demo-task']);
  });
});
