const DAY_MS = 86_400_000;

/** Start (epoch ms) of the UTC day that contains `now`: the daily task capacity counts from here. */
export function startOfUtcDay(now: number): number {
  return now - (((now % DAY_MS) + DAY_MS) % DAY_MS);
}

/** Milliseconds until the next UTC midnight, when every rep's daily capacity frees again. */
export function msUntilNextUtcDay(now: number): number {
  return startOfUtcDay(now) + DAY_MS - now;
}

/** Days since the epoch (UTC): lets round-robin start its tie-break with a different rep each day. */
export function utcDayNumber(now: number): number {
  return Math.floor(now / DAY_MS);
}
