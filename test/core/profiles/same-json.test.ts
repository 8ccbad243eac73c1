import { describe, expect, it } from 'vitest';
import { sameJson } from '../../../src/core/profiles/same-json.ts';

describe('sameJson', () => {
  it.each([
    ['equal primitives', 'a', 'a', true],
    ['different primitives', 1, '1', false],
    ['null and an object', null, {}, false],
    ['objects in another key order', { a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }, true],
    ['an object with an extra key', { a: 1 }, { a: 1, b: 2 }, false],
    ['an object missing a key', { a: 1, b: 2 }, { a: 1 }, false],
    ['arrays of another length', [1], [1, 1], false],
    ['arrays in another order', [1, 2], [2, 1], false],
    ['an array and an object with index keys', [1], { 0: 1 }, false],
    ['an object and an array', { 0: 1 }, [1], false],
  ] as [string, unknown, unknown, boolean][])('%s → %s', (_name, a, b, expected) => {
    expect(sameJson(a, b)).toBe(expected);
  });
});
