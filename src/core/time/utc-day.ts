const DAY_MS = 86_400_000;

let lastDay = Number.NaN;
let lastText = '';

/**
 * The UTC date of `at` as `YYYY-MM-DD`, as `new Date(at).toISOString().slice(0, 10)` gives it.
 * Trails stamp a date on most steps and a replay stays on one day for thousands of events: the
 * last day's text is kept rather than a Date and two strings made per call. Throws a RangeError
 * on an invalid time, as toISOString does.
 */
export function utcDay(at: number): string {
  const day = Math.floor(at / DAY_MS);
  if (day !== lastDay) {
    lastText = new Date(day * DAY_MS).toISOString().slice(0, 10);
    lastDay = day;
  }
  return lastText;
}
