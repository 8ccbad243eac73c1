import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localMinutes, nextLocalTime } from '../../../src/core/policies/local-time.ts';

/** Zones whose DST changes fall on a whole UTC hour: the offset cache is per UTC day, and per UTC hour on the day of a change (Australia/Lord_Howe, which changes at :30 UTC, is off for that half hour). */
const ZONES = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'UTC', 'Etc/GMT+5', 'Pacific/Chatham', 'America/Sao_Paulo'];
const HOUR_MS = 3_600_000;

describe('local time from cached zone offsets', () => {
  it('gives the wall clock luxon gives, across DST changes', () => {
    const start = Date.parse('2026-03-01T00:00:00Z');
    for (const zone of ZONES) {
      // Every 37 minutes for 8 months: both DST changes of the northern and southern zones.
      for (let at = start; at < start + 240 * 24 * HOUR_MS; at += 37 * 60_000) {
        const local = DateTime.fromMillis(at, { zone });
        expect(localMinutes(at, zone)).toBe(local.hour * 60 + local.minute);
      }
    }
  });

  it('finds the next 09:00 on a weekday as luxon counts it', () => {
    const weekdays = new Set([1, 2, 3, 4, 5]);
    const start = Date.parse('2026-03-05T00:00:00Z');
    for (const zone of ZONES) {
      for (let at = start; at < start + 60 * 24 * HOUR_MS; at += 7 * HOUR_MS + 11 * 60_000) {
        const next = nextLocalTime(at, zone, 9, 0, weekdays);
        const local = DateTime.fromMillis(next, { zone });
        expect(next).toBeGreaterThanOrEqual(at);
        expect([local.hour, local.minute, weekdays.has(local.weekday)]).toEqual([9, 0, true]);
        // Nothing earlier qualifies: the hour before `next` is not 09:00 on a weekday (or precedes `at`).
        expect(next - HOUR_MS < at || DateTime.fromMillis(next - HOUR_MS, { zone }).hour !== 9).toBe(true);
      }
    }
  });
});
