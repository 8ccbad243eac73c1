import { IANAZone, Info, type Zone } from 'luxon';
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

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const OFFSET_CACHE_LIMIT = 50_000;
/** A UTC day whose offset changes within it (a DST change): its offsets are cached by hour. */
const MIXED = Number.NaN;
/**
 * zone → UTC day → UTC offset in minutes, or MIXED on the two days a year of a DST change. Asking
 * by day rather than by hour makes a fresh entry once a day per zone instead of once an hour: a
 * stream moving through time missed the hourly cache every hour for every zone, and each miss
 * formats a date through Intl (microseconds). Keyed in two levels so that a lookup builds no string.
 */
const dayOffsets = new Map<string, Map<number, number>>();
/** zone → UTC hour → offset, for MIXED days only. DST changes fall on hour boundaries. */
const hourOffsets = new Map<string, Map<number, number>>();
let offsetsCached = 0;

/**
 * Zone names as luxon reads them (`normalizeZone`, as `DateTime.fromMillis(at, { zone })` does):
 * asking the zone for its offset gives what that DateTime's `offset` gives, without building
 * the DateTime and its locale around it.
 */
const zones = new Map<string, Zone>();

function zoneOf(name: string): Zone {
  let zone = zones.get(name);
  if (zone === undefined) {
    zone = Info.normalizeZone(name);
    // Names come from profile traits: only valid ones reach here, but the map stays bounded.
    if (zones.size >= OFFSET_CACHE_LIMIT) zones.clear();
    zones.set(name, zone);
  }
  return zone;
}

function remember(cache: Map<string, Map<number, number>>, zone: string, key: number, value: number): number {
  // Both caches together stay under the limit: cleared whole, as entries are cheap to remake.
  if (offsetsCached >= OFFSET_CACHE_LIMIT) {
    dayOffsets.clear();
    hourOffsets.clear();
    offsetsCached = 0;
  }
  let byKey = cache.get(zone);
  if (byKey === undefined) {
    byKey = new Map();
    cache.set(zone, byKey);
  }
  byKey.set(key, value);
  offsetsCached++;
  return value;
}

/** The day's offset when its first and last hour agree (no real zone changes twice in a day), else MIXED. */
function offsetOfDay(day: number, zone: string): number {
  const start = day * DAY_MS;
  const first = zoneOf(zone).offset(start);
  return zoneOf(zone).offset(start + DAY_MS - HOUR_MS) === first ? first : MIXED;
}

function offsetMinutes(at: number, zone: string): number {
  const day = Math.floor(at / DAY_MS);
  let offset = dayOffsets.get(zone)?.get(day);
  if (offset === undefined) offset = remember(dayOffsets, zone, day, offsetOfDay(day, zone));
  if (!Number.isNaN(offset)) return offset;
  const hour = Math.floor(at / HOUR_MS);
  return hourOffsets.get(zone)?.get(hour) ?? remember(hourOffsets, zone, hour, zoneOf(zone).offset(hour * HOUR_MS));
}

/** Minutes since local midnight in `zone`. */
export function localMinutes(at: number, zone: string): number {
  const local = Math.floor((at + offsetMinutes(at, zone) * 60_000) / 60_000);
  return ((local % 1440) + 1440) % 1440;
}

/** Local wall-clock ms (as if UTC) → the UTC instant, settling the offset in two steps around DST changes. */
function toUtc(localMs: number, zone: string): number {
  const first = localMs - offsetMinutes(localMs, zone) * 60_000;
  return localMs - offsetMinutes(first, zone) * 60_000;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local wall-clock time; 1970-01-01 was a Thursday. */
function weekdayOf(localMs: number): number {
  return ((Math.floor(localMs / DAY_MS) + 3) % 7 + 7) % 7 + 1;
}

/**
 * The first moment at or after `from` when the local clock in `zone` shows hour:minute on one
 * of `days` (any day when absent). Works on cached zone offsets, so it costs a few arithmetic
 * operations; in a DST gap the time lands an hour later, as the wall clock does.
 */
export function nextLocalTime(from: number, zone: string, hour: number, minute: number, days?: Set<number>): number {
  let dayStart = Math.floor((from + offsetMinutes(from, zone) * 60_000) / DAY_MS) * DAY_MS;
  for (let i = 0; i < 9; i++, dayStart += DAY_MS) {
    const local = dayStart + (hour * 60 + minute) * 60_000;
    const utc = toUtc(local, zone);
    if (utc >= from && (!days || days.has(weekdayOf(local)))) return utc;
  }
  throw new Error(`no ${hour}:${minute} on the allowed days within a week in ${zone}`);
}
