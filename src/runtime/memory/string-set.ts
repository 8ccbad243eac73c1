import { stringHash } from './string-hash.ts';

const INITIAL_SLOTS = 1_024;

/**
 * A set of strings for deduplication at inbox scale (a million messageIds and more).
 *
 * A `Set<string>` that large cost the in-memory engine an eighth of its time: every lookup
 * follows a bucket, then each chained entry's string (cache misses in a heap of a gigabyte or
 * more), and growing it rehashes every string, a pause of a tenth of a second at a million.
 * As in `StringMap`, an open-addressing table of 32-bit numbers holds each string's hash beside its index:
 * a lookup reads one slot pair and reads a stored string only when the hashes match (a
 * duplicate, or a rare collision), and growing re-places the stored hashes without touching
 * a string. The table is a typed array, which the collector does not scan.
 */
export class StringSet {
  /** Per slot: the hash, then 1 + the index of the string in `keys` (0: empty). */
  private slots = new Int32Array(INITIAL_SLOTS * 2);
  private mask = INITIAL_SLOTS - 1;
  private readonly keys: string[] = [];

  get size(): number {
    return this.keys.length;
  }

  has(key: string): boolean {
    return this.find(key, stringHash(key)) >= 0;
  }

  /** Adds `key`; returns false, changing nothing, when the set already held it. */
  add(key: string): boolean {
    const hash = stringHash(key);
    const at = this.find(key, hash);
    if (at >= 0) return false;
    const slot = ~at;
    this.keys.push(key);
    this.slots[slot] = hash;
    this.slots[slot + 1] = this.keys.length;
    // At most half full: linear probes stay short.
    if (this.keys.length * 2 > this.mask + 1) this.grow();
    return true;
  }

  /** The slot offset holding `key`, or the complement (negative) of the empty slot offset where it would go. */
  private find(key: string, hash: number): number {
    const { slots, mask, keys } = this;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const offset = i * 2;
      const index = slots[offset + 1] as number;
      if (index === 0) return ~offset;
      if (slots[offset] === hash && keys[index - 1] === key) return offset;
    }
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    const slots = new Int32Array(capacity * 2);
    const mask = capacity - 1;
    for (let offset = 0; offset < old.length; offset += 2) {
      const index = old[offset + 1] as number;
      if (index === 0) continue;
      const hash = old[offset] as number;
      let i = hash & mask;
      while ((slots[i * 2 + 1] as number) !== 0) i = (i + 1) & mask;
      slots[i * 2] = hash;
      slots[i * 2 + 1] = index;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
