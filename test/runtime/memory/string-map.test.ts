import { describe, expect, it } from 'vitest';
import { StringMap } from '../../../src/runtime/memory/string-map.ts';
import { seededRandom } from '../../../src/runtime/generate/seeded-random.ts';

describe('StringMap', () => {
  it('sets, replaces, reads and deletes like a Map', () => {
    const map = new StringMap<string>();
    map.set('u1', 'p1');
    map.set('u2', 'p2');
    map.set('u1', 'p3');
    expect(map.get('u1')).toBe('p3');
    expect(map.get('u2')).toBe('p2');
    expect(map.get('u3')).toBeUndefined();
    expect(map.size).toBe(2);
    expect(map.delete('u1')).toBe(true);
    expect(map.delete('u1')).toBe(false);
    expect(map.has('u1')).toBe(false);
    expect(map.get('u2')).toBe('p2');
    expect(map.size).toBe(1);
  });

  it('swaps and takes in one lookup, returning the value replaced or removed', () => {
    const map = new StringMap<number>();
    expect(map.swap('t1', 1)).toBeUndefined();
    expect(map.swap('t1', 2)).toBe(1);
    expect(map.get('t1')).toBe(2);
    expect(map.take('t1')).toBe(2);
    expect(map.take('t1')).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('compares keys by content and holds the empty string', () => {
    const map = new StringMap<number>();
    map.set(['p', 'x', 'goal'].join(':'), 1);
    expect(map.get(`p:x:${'goal'}`)).toBe(1);
    map.set('', 2);
    expect(map.get('')).toBe(2);
  });

  it('agrees with a Map over a long random mix of sets and deletes (growth, probe runs, reused entries)', () => {
    const next = seededRandom(42);
    const map = new StringMap<number>();
    const reference = new Map<string, number>();
    for (let step = 0; step < 200_000; step++) {
      // Few distinct keys relative to the operations: the same keys come and go many times.
      const key = `p_${Math.floor(next() * 5_000)}:t${Math.floor(next() * 4)}`;
      const roll = next();
      if (roll < 0.25) {
        map.set(key, step);
        reference.set(key, step);
      } else if (roll < 0.5) {
        expect(map.swap(key, step)).toBe(reference.get(key));
        reference.set(key, step);
      } else if (roll < 0.65) {
        expect(map.delete(key)).toBe(reference.delete(key));
      } else if (roll < 0.8) {
        const value = reference.get(key);
        reference.delete(key);
        expect(map.take(key)).toBe(value);
      } else {
        expect(map.get(key)).toBe(reference.get(key));
      }
      expect(map.size).toBe(reference.size);
    }
    for (const [key, value] of reference) expect(map.get(key)).toBe(value);
    for (let i = 0; i < 5_000; i++) expect(map.has(`p_${i}:t9`)).toBe(false);
  });
});
