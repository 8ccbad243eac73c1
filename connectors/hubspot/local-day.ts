import { DateTime } from 'luxon';

/**
 * A day in one time zone. HubSpot lives by local days: the account's daily API limit resets at
 * the account's midnight, and a rep's daily task capacity counts from the team's midnight (a
 * task made at 18:00 in New York belongs to that New York day, not to the UTC day that starts
 * an hour later).
 */
export class LocalDay {
  constructor(readonly zone: string) {}

  /** Epoch ms of the local midnight that starts the day containing `now`. */
  start(now: number): number {
    return DateTime.fromMillis(now, { zone: this.zone }).startOf('day').toMillis();
  }

  /** Milliseconds until the next local midnight, when every rep's capacity frees again (23 or 25 h days included). */
  msUntilNext(now: number): number {
    return DateTime.fromMillis(now, { zone: this.zone }).startOf('day').plus({ days: 1 }).toMillis() - now;
  }

  /** A number that grows by one each local day: round-robin starts its tie-break with a different rep each day. */
  number(now: number): number {
    const local = DateTime.fromMillis(now, { zone: this.zone });
    return Math.floor(Date.UTC(local.year, local.month - 1, local.day) / 86_400_000);
  }
}
