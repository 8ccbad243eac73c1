import { describe, expect, it } from 'vitest';
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
});
