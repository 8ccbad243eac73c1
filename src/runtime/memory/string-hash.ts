/**
 * The 32-bit hash the in-memory tables place strings by: FNV-1a over the UTF-16 code units, then
 * MurmurHash3's finaliser, so that keys which differ only in their last characters (`msg-1`,
 * `msg-2`, `…:t3`, `…:t4`) spread over the low bits that pick a slot.
 */
export function stringHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
