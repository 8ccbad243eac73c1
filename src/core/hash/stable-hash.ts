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

/** A short id derived from stable text, for ids the core must mint without randomness. */
export function stableId(prefix: string, text: string): string {
  return prefix + hash53(text, 1).toString(36).padStart(11, '0') + hash53(text, 2).toString(36).padStart(11, '0');
}
