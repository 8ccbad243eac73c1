import { DateTime, IANAZone } from 'luxon';
import type { Profile } from '../profiles/profile.ts';

const WEEKDAY_NUMBERS: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/** Valid-zone checks are memoised: profiles repeat a handful of zones millions of times. */
const zoneValidity = new Map<string, boolean>();

export function isValidZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    zoneValidity.set(zone, valid);
  }
  return valid;
}

/** The profile's own IANA zone when it has a valid one, else the manifest default. */
export function profileTimeZone(profile: Profile, trait: string, fallback: string): string {
  const zone = profile.traits[trait];
  return typeof zone === 'string' && isValidZone(zone) ? zone : fallback;
}

export function parseLocalTime(text: string): { hour: number; minute: number } {
  const [h, m] = text.split(':');
  return { hour: Number(h), minute: Number(m) };
}

export function weekdayNumbers(days: readonly string[] | undefined): Set<number> | undefined {
  return days ? new Set(days.map((d) => WEEKDAY_NUMBERS[d] ?? 0)) : undefined;
}

/**
 * The first moment at or after `from` when the local clock in `zone` shows hour:minute on one
 * of `days` (any day when absent). Luxon handles daylight-saving gaps and repeats.
 */
export function nextLocalTime(from: number, zone: string, hour: number, minute: number, days?: Set<number>): number {
  const local = DateTime.fromMillis(from, { zone });
  let candidate = local.set({ hour, minute, second: 0, millisecond: 0 });
  if (candidate.toMillis() < from) candidate = candidate.plus({ days: 1 }).set({ hour, minute });
  for (let i = 0; days && !days.has(candidate.weekday) && i < 7; i++) {
    candidate = candidate.plus({ days: 1 }).set({ hour, minute });
  }
  return candidate.toMillis();
}

/** Minutes since local midnight in `zone`. */
export function localMinutes(at: number, zone: string): number {
  const local = DateTime.fromMillis(at, { zone });
  return local.hour * 60 + local.minute;
}
