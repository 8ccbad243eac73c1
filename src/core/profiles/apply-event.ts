import type { JsonObject, PathwiseEvent, RecordChange } from '../events/event.ts';
import { isValidZone } from '../policies/local-time.ts';
import type { Profile } from './profile.ts';
import { hearRecord, type RecordNews } from './record-memory.ts';
import { sameJson } from './same-json.ts';

export interface ProfileUpdateOptions {
  /**
   * Event name → longest window (ms, ≥ 0; `Infinity` for "ever") any condition counts it over.
   * Only these names keep occurrence times; every track name keeps its last-seen time.
   */
  trackedEvents: ReadonlyMap<string, number>;
  /** Trait that holds the profile's IANA time zone (manifest `policies.timeZoneTrait`, default `timezone`). */
  timeZoneTrait: string;
}

/** What pruning needs besides: the longest frequency-cap window (`policies.contactWindowMs`). */
export interface ProfileUpkeepOptions extends ProfileUpdateOptions {
  contactWindowMs: number;
}

export interface ProfileChange {
  /** Traits whose value really changed, with the value before and after. */
  traitsChanged: Record<string, { from: unknown; to: unknown }>;
  audiencesEntered: string[];
  audiencesExited: string[];
  /** For a record event: what it told the profile that it did not know. */
  record?: RecordNews;
}

/**
 * Most events change no trait and no audience: their change shares these empties, and a change
 * gets its own object or list on its first write (see `setTrait`, `enterAudience`). The list is
 * not frozen: loops over a frozen array fall off V8's fast path and allocate an iterator.
 */
const NO_TRAIT_CHANGES: ProfileChange['traitsChanged'] = Object.freeze({});
const NO_AUDIENCES: readonly string[] = [];

/** Most occurrence times kept per event name, whatever the window: the oldest go first. */
export const MAX_EVENT_TIMES = 10_000;

/** IANA zone names are a few dozen characters at most. */
const MAX_ZONE_LENGTH = 64;

/** CRM fields that carry the record owner: HubSpot, Salesforce, and a generic one. */
const OWNER_FIELDS = ['hubspot_owner_id', 'OwnerId', 'owner'] as const;

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own keys only: a trait or event named `constructor` must not read Object.prototype. */
function ownValue<T>(object: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Sets one trait; reports it and returns true only when the value really changes. */
function setTrait(profile: Profile, key: string, to: unknown, change: ProfileChange): boolean {
  // `__proto__` would replace the traits object's prototype rather than store a trait.
  if (to === undefined || key === '__proto__') return false;
  const from = ownValue(profile.traits, key);
  if (sameJson(from, to)) return false;
  profile.traits[key] = to;
  if (change.traitsChanged === NO_TRAIT_CHANGES) change.traitsChanged = {};
  // A key changed twice by one event (traits, then the time zone) keeps its first `from`.
  const earlier = ownValue(change.traitsChanged, key);
  change.traitsChanged[key] = { from: earlier === undefined ? from : earlier.from, to };
  return true;
}

function mergeTraits(profile: Profile, traits: JsonObject, change: ProfileChange): boolean {
  let changed = false;
  for (const key in traits) {
    if (Object.hasOwn(traits, key) && setTrait(profile, key, traits[key], change)) changed = true;
  }
  return changed;
}

/**
 * Group traits live under `traits.group` (merged while the group stays the same, replaced when
 * the person moves to another group) and the id under `traits.groupId`.
 */
function applyGroup(profile: Profile, event: PathwiseEvent, change: ProfileChange): boolean {
  const groupId = typeof event.groupId === 'string' && event.groupId !== '' ? event.groupId : undefined;
  let changed = false;
  if (event.traits !== undefined) {
    const current = ownValue(profile.traits, 'group');
    const sameGroup = groupId === undefined || ownValue(profile.traits, 'groupId') === groupId;
    // A new object, never the stored one mutated: the reported `from` must stay the old value.
    const next = isPlainObject(current) && sameGroup ? { ...current, ...event.traits } : { ...event.traits };
    changed = setTrait(profile, 'group', next, change);
  }
  if (groupId !== undefined && setTrait(profile, 'groupId', groupId, change)) changed = true;
  return changed;
}

function isPersonRecord(record: RecordChange): boolean {
  const object = record.object.toLowerCase();
  return (object === 'contact' || object === 'lead') && record.changeType !== 'deleted';
}

/**
 * The owner of a contact or lead (or the owner id a CRM syncs into identify traits) is the
 * profile's owner. An owner field sent empty or null means the CRM unassigned it. Owners of
 * deals, tasks and groups are not the person's owner.
 */
function applyOwner(profile: Profile, changed: JsonObject): void {
  for (const field of OWNER_FIELDS) {
    if (!Object.hasOwn(changed, field)) continue;
    const owner = changed[field];
    if (typeof owner === 'string' && owner.trim() !== '') profile.owner = owner.trim();
    else if (typeof owner === 'number' && Number.isFinite(owner)) profile.owner = String(owner);
    // Undefined rather than deleted: deleting a field that is not the last one added turns the profile into a slow dictionary object.
    else if (owner === null || owner === '') profile.owner = undefined;
    return;
  }
}

/** A browser's zone (`context.timezone`) fills the time-zone trait only when the profile has no valid one. */
function applyTimeZone(profile: Profile, event: PathwiseEvent, trait: string, change: ProfileChange): boolean {
  // Most events carry no zone: nothing to read on the profile then.
  const zone = event.context?.['timezone'];
  if (typeof zone !== 'string') return false;
  const current = ownValue(profile.traits, trait);
  if (typeof current === 'string' && isValidZone(current)) return false;
  // Validity checks are memoised per string: long junk is not worth a cache entry.
  return zone.length <= MAX_ZONE_LENGTH && isValidZone(zone) && setTrait(profile, trait, zone, change);
}

function enterAudience(profile: Profile, key: string, at: number, change: ProfileChange): void {
  if (Object.hasOwn(profile.audiences, key)) return;
  profile.audiences[key] = at;
  if (change.audiencesEntered === NO_AUDIENCES) change.audiencesEntered = [];
  change.audiencesEntered.push(key);
}

/** An exit older than the current entry belongs to an earlier membership: ignored. */
function exitAudience(profile: Profile, key: string, at: number, change: ProfileChange): void {
  const enteredAt = ownValue(profile.audiences, key);
  if (enteredAt === undefined || at < enteredAt) return;
  delete profile.audiences[key];
  if (change.audiencesExited === NO_AUDIENCES) change.audiencesExited = [];
  change.audiencesExited.push(key);
}

/** Segment Engage membership: `Audience Entered/Exited` tracks, or an audience identify with `traits[key]` true/false. */
function applyAudiences(profile: Profile, event: PathwiseEvent, change: ProfileChange): void {
  if (event.type === 'track') {
    const entered = event.event === 'Audience Entered';
    if (!entered && event.event !== 'Audience Exited') return;
    const key = event.properties?.['audience_key'];
    if (typeof key !== 'string' || key === '') return;
    if (entered) enterAudience(profile, key, event.timestamp, change);
    else exitAudience(profile, key, event.timestamp, change);
    return;
  }
  if (event.type !== 'identify') return;
  const personas = event.context?.['personas'];
  if (!isPlainObject(personas) || personas['computation_class'] !== 'audience') return;
  const key = personas['computation_key'];
  if (typeof key !== 'string' || key === '' || event.traits === undefined) return;
  const member = ownValue(event.traits, key);
  if (member === true) enterAudience(profile, key, event.timestamp, change);
  else if (member === false) exitAudience(profile, key, event.timestamp, change);
}

/** Drops times at or before `oldest` (conditions count strictly after it) and beyond the cap. */
function trimTimes(times: number[], oldest: number): void {
  let drop = 0;
  while (drop < times.length && (times[drop] as number) <= oldest) drop++;
  if (times.length - drop > MAX_EVENT_TIMES) drop = times.length - MAX_EVENT_TIMES;
  if (drop > 0) times.splice(0, drop);
}

/** Inserts `at` in ascending place (a late event lands among the others), then trims. */
function recordTime(profile: Profile, name: string, at: number, oldest: number): void {
  if (at <= oldest) return;
  const times = ownValue(profile.eventTimes, name);
  if (times === undefined) {
    profile.eventTimes[name] = [at];
    return;
  }
  let i = times.length;
  while (i > 0 && (times[i - 1] as number) > at) i--;
  if (i === times.length) times.push(at);
  else times.splice(i, 0, at);
  trimTimes(times, oldest);
}

/**
 * Applies an event to the profile in place (the caller owns it) and reports what changed:
 * - traits: identify `traits`; group traits under `traits.group` and `traits.groupId`;
 *   track/page/screen `context.traits`; contact and lead record fields as they come; a browser
 *   `context.timezone` when the profile has no valid zone. `updatedAt = now` when one changes.
 * - owner: from `hubspot_owner_id`, `OwnerId` or `owner` in a contact or lead record or in
 *   identify traits.
 * - first/last seen (event time), event count; for track events the last time of each name,
 *   and occurrence times of tracked names within their window (late events inserted in order).
 * - Segment Engage audience entry and exit, both forms.
 * Only real changes are reported: a trait set to its current value, or a second entry into an
 * audience, reports nothing.
 */
export function applyEventToProfile(profile: Profile, event: PathwiseEvent, now: number, opts: ProfileUpdateOptions): ProfileChange {
  // The shared empties are never written: the first write replaces them (readonly only to the compiler here).
  const change: ProfileChange = { traitsChanged: NO_TRAIT_CHANGES, audiencesEntered: NO_AUDIENCES as string[], audiencesExited: NO_AUDIENCES as string[] };
  let traitsChanged = false;
  switch (event.type) {
    case 'identify':
      if (event.traits !== undefined) {
        traitsChanged = mergeTraits(profile, event.traits, change);
        applyOwner(profile, event.traits);
      }
      break;
    case 'group':
      traitsChanged = applyGroup(profile, event, change);
      break;
    case 'track':
    case 'page':
    case 'screen': {
      const contextTraits = event.context?.['traits'];
      if (isPlainObject(contextTraits)) traitsChanged = mergeTraits(profile, contextTraits, change);
      break;
    }
    case 'record':
      if (event.record !== undefined) {
        const news = hearRecord(profile, event.record, event.timestamp);
        change.record = news;
        // Only fresh fields: a late report must not roll back what a newer one said.
        if (isPersonRecord(event.record)) {
          traitsChanged = mergeTraits(profile, news.fresh, change);
          applyOwner(profile, news.fresh);
        }
      }
      break;
    case 'alias':
      break;
  }
  if (event.context !== undefined && applyTimeZone(profile, event, opts.timeZoneTrait, change)) traitsChanged = true;
  if (traitsChanged) profile.updatedAt = now;
  applyAudiences(profile, event, change);

  const at = event.timestamp;
  // A fresh profile's seen times start at its first event, not at when it was created.
  if (profile.eventCount === 0) {
    profile.firstSeen = at;
    profile.lastSeen = at;
  } else {
    if (at < profile.firstSeen) profile.firstSeen = at;
    if (at > profile.lastSeen) profile.lastSeen = at;
  }
  profile.eventCount++;

  const name = event.event;
  if (event.type === 'track' && name !== undefined && name !== '') {
    const last = ownValue(profile.lastSeenByEvent, name);
    if (last === undefined || at > last) profile.lastSeenByEvent[name] = at;
    const window = opts.trackedEvents.get(name);
    if (window !== undefined) recordTime(profile, name, at, now - window);
  }
  return change;
}

/** The new value of every trait the change reports, or undefined when it reports none (most events). */
export function changedTraitValues(change: ProfileChange): Record<string, unknown> | undefined {
  if (change.traitsChanged === NO_TRAIT_CHANGES) return undefined;
  const changes = change.traitsChanged;
  let changed: Record<string, unknown> | undefined;
  // for…in: a fresh object with own keys only, in the order of Object.entries, without its pair arrays.
  for (const key in changes) (changed ??= {})[key] = (changes[key] as { to: unknown }).to;
  return changed;
}

/**
 * Forgets what no condition or policy can look at any more: contacts at or before
 * `now - contactWindowMs` (the longest frequency-cap window), occurrence times outside their
 * event's window (and names no condition counts), suppressions that have ended.
 */
export function pruneProfile(profile: Profile, now: number, opts: ProfileUpkeepOptions): void {
  const oldestContact = now - opts.contactWindowMs;
  let kept = 0;
  for (const contact of profile.contacts) if (contact.at > oldestContact) profile.contacts[kept++] = contact;
  profile.contacts.length = kept;

  for (const name in profile.eventTimes) {
    const window = opts.trackedEvents.get(name);
    const times = profile.eventTimes[name];
    if (window !== undefined && times !== undefined) trimTimes(times, now - window);
    if (window === undefined || times === undefined || times.length === 0) delete profile.eventTimes[name];
  }
  for (const key in profile.suppressedUntil) {
    if ((profile.suppressedUntil[key] ?? 0) <= now) delete profile.suppressedUntil[key];
  }
}
