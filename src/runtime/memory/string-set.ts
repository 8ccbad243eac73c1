import { rehashedSlots } from './hash-slots.ts';
import { stringHash } from './string-hash.ts';

const INITIAL_SLOTS = 64;
const INITIAL_CHARS = 4_096;
/** Above this, a code unit does not fit a byte: such a key is kept in an ordinary `Set`. */
const MAX_BYTE_UNIT = 0xff;

/**
 * A set of strings for deduplication at inbox scale (a million messageIds and more), whose
 * members live outside the JavaScript heap.
 *
 * Each message's id stays in the set for good, so a set of strings held every id as a string
 * object on the collected heap: one more object per event that every scavenge copied and every
 * full collection marked (a sixth of the engine bench's scavenging time). Here the characters
 * of all members are appended to one byte array, each member's end is kept in a typed array,
 * and an open-addressing table of 32-bit numbers holds each member's hash beside its index, as
 * in `StringMap`: none of it is scanned by the collector. A lookup compares characters only
 * when the hashes match. Members are never removed.
 *
 * Ids are ASCII in practice (UUIDs, `ajs-…`); a key with a code unit above 0xFF cannot be
 * stored as bytes and goes to a plain `Set` beside the table.
 */
export class StringSet {
  /** Per slot: the member's hash, then 1 + the member's index (0: empty). */
  private slots = new Int32Array(INITIAL_SLOTS * 2);
  private mask = INITIAL_SLOTS - 1;
  /** The members' code units, one byte each, one after the other. */
  private chars = new Uint8Array(INITIAL_CHARS);
  /** Member `i` spans `chars[ends[i - 1] ?? 0, ends[i])`. Doubles: exact beyond 4 GiB of characters. */
  private ends = new Float64Array(INITIAL_SLOTS);
  private count = 0;
  private readonly wide = new Set<string>();

  get size(): number {
    return this.count + this.wide.size;
  }

  has(key: string): boolean {
    return this.find(key, stringHash(key)) >= 0 || (this.wide.size > 0 && this.wide.has(key));
  }

  /** Adds `key`; returns false, changing nothing, when the set already held it. */
  add(key: string): boolean {
    const hash = stringHash(key);
    const offset = this.find(key, hash);
    if (offset >= 0) return false;
    if (this.wide.size > 0 && this.wide.has(key)) return false;
    if (!this.append(key)) {
      this.wide.add(key);
      return true;
    }
    this.slots[~offset] = hash;
    // `append` counted the new member: its index is count - 1, stored as count.
    this.slots[~offset + 1] = this.count;
    if (this.count * 2 > this.mask + 1) this.grow();
    return true;
  }

  /** Stores `key`'s characters as member `count` (and counts it), or returns false when one does not fit a byte. */
  private append(key: string): boolean {
    const start = this.count === 0 ? 0 : (this.ends[this.count - 1] as number);
    const end = start + key.length;
    if (end > this.chars.length) this.chars = grown(this.chars, end, start);
    const chars = this.chars;
    for (let i = 0; i < key.length; i++) {
      const unit = key.charCodeAt(i);
      if (unit > MAX_BYTE_UNIT) return false;
      chars[start + i] = unit;
    }
    if (this.count === this.ends.length) this.ends = grown(this.ends, this.count + 1, this.count);
    this.ends[this.count++] = end;
    return true;
  }

  /** The slot offset holding `key`, or the complement (negative) of the empty slot offset where it would go. */
  private find(key: string, hash: number): number {
    const { slots, mask } = this;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const offset = i * 2;
      const entry = slots[offset + 1] as number;
      if (entry === 0) return ~offset;
      if (slots[offset] === hash && this.holds(entry - 1, key)) return offset;
    }
  }

  private holds(member: number, key: string): boolean {
    const start = member === 0 ? 0 : (this.ends[member - 1] as number);
    if ((this.ends[member] as number) - start !== key.length) return false;
    const chars = this.chars;
    for (let i = 0; i < key.length; i++) if (chars[start + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  private grow(): void {
    this.mask = this.mask * 2 + 1;
    this.slots = rehashedSlots(this.slots, this.mask);
  }
}

/** A copy of the first `used` items of `array` in one at least twice as long and holding `needed`. */
function grown<T extends Uint8Array | Float64Array>(array: T, needed: number, used: number): T {
  let capacity = array.length * 2;
  while (capacity < needed) capacity *= 2;
  const copy = new (array.constructor as new (length: number) => T)(capacity);
  copy.set(array.subarray(0, used));
  return copy;
}
