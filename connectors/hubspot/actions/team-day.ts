import { DateTime } from 'luxon';

/**
 * The sales team's working day, in its time zone (`assignment.timeZone`): a rep's daily task
 * capacity counts from local midnight, so a task made at 18:00 in New York counts toward that
 * New York day, not toward the UTC day that starts an hour later.
 */
export class TeamDay {
  constructor(private readonly zone: string) {}

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
