import { describe, expect, it } from 'vitest';
import { stringHash } from '../../../src/runtime/memory/string-hash.ts';
import { StringSet } from '../../../src/runtime/memory/string-set.ts';

describe('StringSet', () => {
  it('adds a string once and reports whether it was new', () => {
    const set = new StringSet();
    expect(set.add('m-1')).toBe(true);
    expect(set.add('m-1')).toBe(false);
    expect(set.add('m-2')).toBe(true);
    expect(set.has('m-1')).toBe(true);
    expect(set.has('m-3')).toBe(false);
    expect(set.size).toBe(2);
  });

  it('compares by content, not by object: an equal string built another way is the same', () => {
    const set = new StringSet();
    set.add(['gen', '3', '17'].join('-'));
    expect(set.add(`gen-3-${17}`)).toBe(false);
    expect(set.has('')).toBe(false);
    expect(set.add('')).toBe(true);
    expect(set.add('')).toBe(false);
  });

  it('keeps every member while it grows, as a Set does', () => {
    const set = new StringSet();
    const reference = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      // Duplicates mixed in, and ids that differ only in their last characters.
      const id = i % 5 === 0 ? `msg-${i >> 1}` : `msg-${i}`;
      expect(set.add(id)).toBe(!reference.has(id));
      reference.add(id);
    }
    expect(set.size).toBe(reference.size);
    for (const id of reference) expect(set.has(id)).toBe(true);
    expect(set.has('msg-50000')).toBe(false);
  });

  it('tells apart two members whose hashes are equal', () => {
    // Found by search, not assumed: two keys of the same 32-bit hash.
    const byHash = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; pair === undefined; i++) {
      const key = `id-${i}`;
      const other = byHash.get(stringHash(key));
      if (other !== undefined) pair = [other, key];
      else byHash.set(stringHash(key), key);
    }
    const [first, second] = pair;
    const set = new StringSet();
    expect(set.add(first)).toBe(true);
    expect(set.has(second)).toBe(false);
    expect(set.add(second)).toBe(true);
    expect(set.add(first)).toBe(false);
    expect(set.add(second)).toBe(false);
    expect(set.size).toBe(2);
  });

  it('keeps keys with characters beyond one byte, and a byte key that starts like one', () => {
    const set = new StringSet();
    expect(set.add('msg-ü')).toBe(true);
    expect(set.add('msg-€')).toBe(true);
    expect(set.add('msg-€')).toBe(false);
    expect(set.add('msg-')).toBe(true);
    expect(set.has('msg-€')).toBe(true);
    expect(set.has('msg-ü')).toBe(true);
    expect(set.has('msg-😀')).toBe(false);
    expect(set.add('msg-😀')).toBe(true);
    expect(set.has('msg-😀')).toBe(true);
    expect(set.size).toBe(4);
  });

  it('holds long keys and many characters in all (its byte store grows past any one key)', () => {
    const set = new StringSet();
    const long = 'x'.repeat(10_000);
    expect(set.add(long)).toBe(true);
    expect(set.add(`${long}y`)).toBe(true);
    for (let i = 0; i < 2_000; i++) expect(set.add(`${i}-${'z'.repeat(i % 97)}`)).toBe(true);
    expect(set.has(long)).toBe(true);
    expect(set.has(`${long}y`)).toBe(true);
    expect(set.has(`${long}z`)).toBe(false);
    expect(set.has(`1999-${'z'.repeat(1999 % 97)}`)).toBe(true);
    expect(set.size).toBe(2_002);
  });
});
