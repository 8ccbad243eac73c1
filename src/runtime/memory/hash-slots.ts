/**
 * The slot table of `StringMap` and `StringSet`: pairs of 32-bit numbers, a key's hash then
 * 1 + its entry index (0: empty), placed by linear probing from `hash & mask`.
 *
 * The table re-placed into one with `mask + 1` slots, from the stored hashes alone: growing
 * never reads a key.
 */
export function rehashedSlots(old: Int32Array, mask: number): Int32Array<ArrayBuffer> {
  const slots = new Int32Array((mask + 1) * 2);
  for (let offset = 0; offset < old.length; offset += 2) {
    const entry = old[offset + 1] as number;
    if (entry === 0) continue;
    const hash = old[offset] as number;
    let i = hash & mask;
    while ((slots[i * 2 + 1] as number) !== 0) i = (i + 1) & mask;
    slots[i * 2] = hash;
    slots[i * 2 + 1] = entry;
  }
  return slots;
}
