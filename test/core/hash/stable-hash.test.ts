import { describe, expect, it } from 'vitest';
import { hash53, stableId } from '../../../src/core/hash/stable-hash.ts';

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
