import { describe, expect, it } from 'vitest';
import { utcDay } from '../../../src/core/time/utc-day.ts';

const iso = (at: number) => new Date(at).toISOString().slice(0, 10);

describe('utcDay', () => {
  it('gives the UTC date of any instant, as toISOString does, across day boundaries and back', () => {
    const midnight = Date.parse('2026-03-02T00:00:00Z');
    for (const at of [midnight, midnight - 1, midnight + 86_399_999, midnight + 86_400_000, midnight - 1, 0, -1, Date.parse('1969-07-20T20:17:00Z'), midnight]) {
      expect(utcDay(at), String(at)).toBe(iso(at));
    }
  });

  it('throws on an invalid time, like toISOString', () => {
    expect(() => utcDay(Number.NaN)).toThrow(RangeError);
    expect(utcDay(Date.parse('2026-03-02T10:00:00Z'))).toBe('2026-03-02');
  });
});
