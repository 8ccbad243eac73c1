import { rehashedSlots } from './hash-slots.ts';
import { stringHash } from './string-hash.ts';

const INITIAL_SLOTS = 64;

/**
 * A map from strings, for the in-memory engine's large tables (identifiers, live timers: from
 * 10^5 to 10^6 keys, read on every event).
 *
 * A `Map` that large spends its lookups on cache misses: the bucket, the entry, then the string
 * of every chained entry, to compare it. Here an open-addressing table of 32-bit numbers (a
 * typed array, which the collector does not scan) holds each key's hash beside the index of its
 * entry: a lookup reads one slot pair, usually in one cache line, and reads a stored key only
 * when the hashes match. Linear probing, at most half full; a deletion shifts the following
 * slots back (no tombstones), and a freed entry index is reused.
 *
 * Iteration is not offered: nothing in the engine iterates these tables.
 */
export class StringMap<V> {
  /** Per slot: the key's hash, then 1 + the index of its entry (0: empty). */
  private slots = new Int32Array(INITIAL_SLOTS * 2);
  private mask = INITIAL_SLOTS - 1;
  /** Entry `i` is the key at `2i` and its value at `2i + 1`: a hit reads both from one place. */
  private readonly entries: (string | V | undefined)[] = [];
  private readonly freeEntries: number[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    const offset = this.find(key, stringHash(key));
    return offset < 0 ? undefined : (this.entries[2 * ((this.slots[offset + 1] as number) - 1) + 1] as V);
  }

  has(key: string): boolean {
    return this.find(key, stringHash(key)) >= 0;
  }

  set(key: string, value: V): void {
    this.swap(key, value);
  }

  /** Sets `key` to `value` and returns the value it replaced, if any: one lookup where `get` then `set` make two. */
  swap(key: string, value: V): V | undefined {
    const hash = stringHash(key);
    const offset = this.find(key, hash);
    if (offset >= 0) {
      const at = 2 * ((this.slots[offset + 1] as number) - 1) + 1;
      const previous = this.entries[at] as V;
      this.entries[at] = value;
      return previous;
    }
    const entry = this.freeEntries.length > 0 ? (this.freeEntries.pop() as number) : this.entries.length / 2;
    this.entries[2 * entry] = key;
    this.entries[2 * entry + 1] = value;
    this.slots[~offset] = hash;
    this.slots[~offset + 1] = entry + 1;
    this.count++;
    if (this.count * 2 > this.mask + 1) this.grow();
    return undefined;
  }

  /** Removes `key`; returns whether it was there. */
  delete(key: string): boolean {
    const offset = this.find(key, stringHash(key));
    if (offset < 0) return false;
    this.removeAt(offset);
    return true;
  }

  /** Removes `key` and returns its value, or undefined when it was not there: one lookup where `get` then `delete` make two. */
  take(key: string): V | undefined {
    const offset = this.find(key, stringHash(key));
    if (offset < 0) return undefined;
    const value = this.entries[2 * ((this.slots[offset + 1] as number) - 1) + 1] as V;
    this.removeAt(offset);
    return value;
  }

  private removeAt(offset: number): void {
    const entry = (this.slots[offset + 1] as number) - 1;
    this.entries[2 * entry] = undefined;
    this.entries[2 * entry + 1] = undefined;
    this.freeEntries.push(entry);
    this.count--;
    this.removeSlot(offset / 2);
  }

  /** The slot offset holding `key`, or the complement (negative) of the empty slot offset where it would go. */
  private find(key: string, hash: number): number {
    const { slots, mask, entries } = this;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const offset = i * 2;
      const entry = slots[offset + 1] as number;
      if (entry === 0) return ~offset;
      if (slots[offset] === hash && entries[2 * (entry - 1)] === key) return offset;
    }
  }

  /** Empties slot `hole` and moves back each following slot of the run that may fill it, so that probes stay unbroken. */
  private removeSlot(hole: number): void {
    const { slots, mask } = this;
    let i = hole;
    for (let j = (i + 1) & mask; (slots[j * 2 + 1] as number) !== 0; j = (j + 1) & mask) {
      const home = (slots[j * 2] as number) & mask;
      // The entry at j stays when its home slot lies cyclically in (i, j]: its probe never passes i.
      const stays = i <= j ? i < home && home <= j : i < home || home <= j;
      if (stays) continue;
      slots[i * 2] = slots[j * 2] as number;
      slots[i * 2 + 1] = slots[j * 2 + 1] as number;
      i = j;
    }
    slots[i * 2] = 0;
    slots[i * 2 + 1] = 0;
  }

  private grow(): void {
    this.mask = this.mask * 2 + 1;
    this.slots = rehashedSlots(this.slots, this.mask);
  }
}
