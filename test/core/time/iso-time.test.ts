import { afterEach, describe, expect, it, vi } from 'vitest';
import { epochMsOf, parseIsoTime } from '../../../src/core/time/iso-time.ts';

describe('parseIsoTime', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads the form senders use without Date.parse, and hands every other form to it', () => {
    const parse = vi.spyOn(Date, 'parse');
    expect(parseIsoTime('2026-03-02T09:15:00.123Z')).toBe(Date.UTC(2026, 2, 2, 9, 15, 0, 123));
    expect(parseIsoTime('2026-03-02T09:15:00Z')).toBe(Date.UTC(2026, 2, 2, 9, 15, 0));
    expect(parse).not.toHaveBeenCalled();
    expect(parseIsoTime('2026-03-02T09:15:00+02:00')).toBe(Date.UTC(2026, 2, 2, 7, 15, 0));
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('reads UTC times with and without milliseconds as Date.parse does, every 37 min 13.217 s over four years', () => {
    const from = Date.parse('2023-12-25T00:00:00Z');
    const to = Date.parse('2028-03-05T00:00:00Z');
    let checked = 0;
    for (let at = from; at < to; at += 37 * 60_000 + 13_217) {
      const withMs = new Date(at).toISOString();
      const withoutMs = `${withMs.slice(0, 19)}Z`;
      expect(parseIsoTime(withMs)).toBe(at);
      expect(parseIsoTime(withoutMs)).toBe(Date.parse(withoutMs));
      checked++;
    }
    expect(checked).toBeGreaterThan(59_000);
  });

  it.each([
    '2024-02-29T12:00:00Z',
    '2026-02-29T12:00:00.000Z',
    '2026-02-30T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-12-31T23:59:59.999Z',
    '2026-03-02T24:00:00Z',
    '2026-03-02T23:59:60Z',
    '2026-13-01T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-03-00T00:00:00Z',
    '2026-03-02T09:15:00.4Z',
    '2026-03-02T09:15:00.4345Z',
    '2026-03-02T09:15:00+02:00',
    '2026-03-02T09:15:00.123+02:00',
    '2026-03-02T09:15:00',
    '2026-03-02t09:15:00z',
    '2026-03-02 09:15:00Z',
    '0050-03-02T09:15:00Z',
    '0999-03-02T09:15:00.000Z',
    '+010000-03-02T09:15:00Z',
    '2026-3-02T09:15:00.000Z',
    '2026-03-02T09:1a:00.000Z',
    '2026-03-02T09:15:00.1a3Z',
    '20260302T091500Z',
    '2026-03-02',
    'Mon, 02 Mar 2026 09:15:00 GMT',
    '',
    'yesterday',
  ])('%j: the same as Date.parse', (text) => {
    expect(Object.is(parseIsoTime(text), Date.parse(text))).toBe(true);
  });
});

describe('epochMsOf', () => {
  it('takes epoch ms as they are, reads strings as parseIsoTime does, and gives NaN for anything else', () => {
    expect(epochMsOf(1_772_409_600_000)).toBe(1_772_409_600_000);
    expect(epochMsOf('2026-03-02T00:00:00.000Z')).toBe(1_772_409_600_000);
    expect(epochMsOf('2026-03-02T02:00:00+02:00')).toBe(1_772_409_600_000);
    for (const other of [true, null, undefined, {}, ['2026-03-02T00:00:00Z']]) expect(epochMsOf(other)).toBeNaN();
  });
});
