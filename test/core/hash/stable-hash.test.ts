import { describe, expect, it } from 'vitest';
import { hash53, stableId, timeOrderedId } from '../../../src/core/hash/stable-hash.ts';

/** The formatting stableId had before it split the hash in two: ids minted then must not change. */
function stableIdByToString(prefix: string, text: string): string {
  return prefix + hash53(text, 1).toString(36).padStart(11, '0') + hash53(text, 2).toString(36).padStart(11, '0');
}

describe('stableId', () => {
  it('mints the same ids as base-36 toString padded to 11 digits', () => {
    const texts = ['', 'userId:u1', 'email:ann@acme.io', 'message:segment:m-1', 'anonymousId:anon-3-0', 'ü:✓'];
    for (let i = 0; i < 20_000; i++) texts.push(`anonymousId:anon-${i}`);
    for (const text of texts) expect(stableId('p_', text)).toBe(stableIdByToString('p_', text));
  });

  it('is fixed for a known input (profile ids stored by earlier versions)', () => {
    expect(stableId('p_', '')).toBe('p_26c8wzs8fs10kz98hrb9of');
  });
});

describe('timeOrderedId', () => {
  it('is the time in nine base-36 digits, then the text’s hash in eleven', () => {
    const at = Date.UTC(2026, 11, 6, 12, 0, 0, 123);
    expect(timeOrderedId('p_', at, 'userId:u1')).toBe(`p_${at.toString(36).padStart(9, '0')}${hash53('userId:u1', 1).toString(36).padStart(11, '0')}`);
    expect(timeOrderedId('p_', at, 'userId:u1')).toBe(timeOrderedId('p_', at, 'userId:u1'));
    expect(timeOrderedId('p_', at, 'userId:u2')).not.toBe(timeOrderedId('p_', at, 'userId:u1'));
  });

  it('sorts as its times do, whatever the text', () => {
    const times = [0, 1, 35, 36, 60_466_175, 60_466_176, 2 ** 31, Date.UTC(1999, 0, 1), Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 1, 36 ** 9 - 1];
    const ids = times.map((at, i) => timeOrderedId('p_', at, `text-${times.length - i}`));
    expect([...ids].sort()).toEqual(ids);
  });

  it('clamps times it cannot write in nine digits', () => {
    expect(timeOrderedId('p_', -5, 'a').slice(2, 11)).toBe('000000000');
    expect(timeOrderedId('p_', Number.NaN, 'a').slice(2, 11)).toBe('000000000');
    expect(timeOrderedId('p_', 36 ** 9 + 7, 'a').slice(2, 11)).toBe('zzzzzzzzz');
  });
});
