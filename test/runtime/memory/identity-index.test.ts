import { describe, expect, it } from 'vitest';
import { IdentityIndex } from '../../../src/runtime/memory/identity-index.ts';

describe('IdentityIndex', () => {
  it('finds a profile by type and value, and by the equivalent index key', () => {
    const index = new IdentityIndex();
    index.set('userId', 'u1', 'p1');
    index.set('email', 'ann@acme.io', 'p1');
    expect(index.get('userId', 'u1')).toBe('p1');
    expect(index.getKey('userId:u1')).toBe('p1');
    expect(index.getKey('email:ann@acme.io')).toBe('p1');
    expect(index.size).toBe(2);
  });

  it('keeps types apart: the same value under another type is another identifier', () => {
    const index = new IdentityIndex();
    index.set('userId', '42', 'p1');
    index.set('hubspot', '42', 'p2');
    expect(index.get('userId', '42')).toBe('p1');
    expect(index.getKey('hubspot:42')).toBe('p2');
    expect(index.get('email', '42')).toBeUndefined();
  });

  it('splits a key at its first colon: values may contain colons', () => {
    const index = new IdentityIndex();
    index.set('anonymousId', 'a:b:c', 'p1');
    expect(index.getKey('anonymousId:a:b:c')).toBe('p1');
    expect(index.getKey('anonymousId:a:b')).toBeUndefined();
    expect(index.getKey('no-colon')).toBeUndefined();
  });

  it('re-pointing an identifier replaces its profile without counting it twice', () => {
    const index = new IdentityIndex();
    index.set('userId', 'u1', 'p1');
    index.set('userId', 'u1', 'p2');
    expect(index.get('userId', 'u1')).toBe('p2');
    expect(index.size).toBe(1);
  });
});
