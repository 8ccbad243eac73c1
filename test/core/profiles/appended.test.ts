import { describe, expect, it } from 'vitest';
import { appended } from '../../../src/core/profiles/appended.ts';

describe('appended', () => {
  it.each([0, 1, 2, 3, 4, 9])('gives a new list of %i items plus the new one at its end, leaving the old list as it was', (length) => {
    const list = Array.from({ length }, (_, i) => ({ n: i }));
    const before = list.slice();
    const item = { n: length };
    const result = appended(list, item);
    expect(result).not.toBe(list);
    expect(result).toEqual([...before, item]);
    expect(result[length]).toBe(item);
    expect(list).toEqual(before);
  });

  it('appends to a frozen list (a shared empty default) without touching it', () => {
    const empty: readonly string[] = Object.freeze([]);
    expect(appended(empty, 'a')).toEqual(['a']);
    expect(appended(Object.freeze(['a', 'b', 'c', 'd']), 'e')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(empty).toEqual([]);
  });

  it('keeps an item that is itself a list as one item', () => {
    const lists: string[][] = [['a'], ['b'], ['c'], ['d']];
    expect(appended(lists, ['e', 'f'])).toEqual([['a'], ['b'], ['c'], ['d'], ['e', 'f']]);
  });
});
