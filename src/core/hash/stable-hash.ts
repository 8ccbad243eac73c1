/**
 * Deterministic, seedable string hash (cyrb53). The core never calls Math.random: splits,
 * holdouts and exploration hash stable ids so that a replay makes the same choices.
 */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A number in [0, 1) fixed by the text: the same profile and journey always land in the same bucket. */
export function unitInterval(text: string, seed = 0): number {
  return hash53(text, seed) / 2 ** 53;
}

/** 36^5: splits a 53-bit hash into two parts that are small integers (V8 formats those without a runtime call). */
const BASE36_5 = 60_466_176;

/**
 * `n.toString(36).padStart(digits, '0')` for an integer 0 ≤ n < min(2^53, 36^digits), formatted
 * as its high `digits - 5` and low five digits: `toString(36)` on a number past 2^31 is a
 * runtime call of a few microseconds, and one is made per new profile. `n % 36^5` is exact on
 * doubles and `n - low` is a multiple of 36^5, so the split is exact.
 */
function base36Digits(n: number, digits: number): string {
  const low = n % BASE36_5;
  return ((n - low) / BASE36_5).toString(36).padStart(digits - 5, '0') + low.toString(36).padStart(5, '0');
}

/** A 53-bit hash in 11 base-36 digits (2^53 has 11). */
function base36Hash(n: number): string {
  return base36Digits(n, 11);
}

/** A short id derived from stable text, for ids the core must mint without randomness. */
export function stableId(prefix: string, text: string): string {
  return prefix + base36Hash(hash53(text, 1)) + base36Hash(hash53(text, 2));
}

/** The largest time nine base-36 digits hold: 36^9 − 1 ms (≈ 10^14: until the year 5188). */
const MAX_TIME = 36 ** 9 - 1;

/**
 * An id that sorts by time: the time in nine base-36 digits, then the hash of stable text (11
 * digits). Profiles minted in time order are appended to the store's id index instead of being
 * inserted at a random place in it, each new profile writing a random page; and the id is still
 * reproducible (the same time and text make the same id).
 */
export function timeOrderedId(prefix: string, at: number, text: string): string {
  const time = Math.min(MAX_TIME, Math.max(0, Math.floor(at)));
  return prefix + base36Digits(Number.isFinite(time) ? time : 0, 9) + base36Hash(hash53(text, 1));
}
