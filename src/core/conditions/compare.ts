/** Equality as admins expect it from JSON: `"42"` equals `42`, objects compare by content. */
export function looseEquals(actual: unknown, expected: unknown): boolean {
  if (actual === expected) return true;
  if (actual === null || actual === undefined || expected === null || expected === undefined) return false;
  const ta = typeof actual;
  const te = typeof expected;
  if ((ta === 'number' && te === 'string') || (ta === 'string' && te === 'number')) return String(actual) === String(expected);
  if (ta === 'object' && te === 'object') return JSON.stringify(actual) === JSON.stringify(expected);
  return false;
}

/**
 * Orders two values: numbers (and numeric strings against numbers) numerically, strings
 * lexicographically (so ISO-8601 dates order by time). Undefined when they do not compare.
 */
export function order(actual: unknown, expected: unknown): number | undefined {
  if (typeof expected === 'number') {
    const n = typeof actual === 'number' ? actual : typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : Number.NaN;
    return Number.isNaN(n) ? undefined : n - expected;
  }
  if (typeof expected === 'string' && typeof actual === 'string') return actual < expected ? -1 : actual > expected ? 1 : 0;
  return undefined;
}
