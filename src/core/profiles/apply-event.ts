import type { JsonObject, PathwiseEvent } from '../events/event.ts';
import type { Profile } from './profile.ts';

export interface ProfileUpdateOptions {
  /** Event name → longest window (ms) any condition counts it over: only these keep times. */
  trackedEvents: ReadonlyMap<string, number>;
  timeZoneTrait: string;
}

export interface ProfileChange {
  traitsChanged: Record<string, { from: unknown; to: unknown }>;
  audiencesEntered: string[];
  audiencesExited: string[];
}

/** Most occurrence times kept per event name, whatever the window. */
export const MAX_EVENT_TIMES = 10_000;

const OWNER_FIELDS = ['hubspot_owner_id', 'OwnerId', 'owner'];

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function setTraits(profile: Profile, traits: JsonObject, change: ProfileChange): void {
  for (const [key, to] of Object.entries(traits)) {
    const from = profile.traits[key];
    if (sameValue(from, to)) continue;
    profile.traits[key] = to;
    change.traitsChanged[key] = { from, to };
  }
}

/** Inserts `at` keeping ascending order (late events land in place), then trims the window. */
function recordTime(times: number[], at: number, oldest: number): void {
  let i = times.length;
  while (i > 0 && (times[i - 1] as number) > at) i--;
  times.splice(i, 0, at);
  let drop = 0;
  while (drop < times.length && (times[drop] as number) <= oldest) drop++;
  if (times.length - drop > MAX_EVENT_TIMES) drop = times.length - MAX_EVENT_TIMES;
  if (drop > 0) times.splice(0, drop);
}

function enter(profile: Profile, key: string, at: number, change: ProfileChange): void {
  if (profile.audiences[key] !== undefined) return;
  profile.audiences[key] = at;
  change.audiencesEntered.push(key);
}

function exit(profile: Profile, key: string, change: ProfileChange): void {
  if (profile.audiences[key] === undefined) return;
  delete profile.audiences[key];
  change.audiencesExited.push(key);
}

function applyAudiences(profile: Profile, event: PathwiseEvent, change: ProfileChange): void {
  if (event.type === 'track' && (event.event === 'Audience Entered' || event.event === 'Audience Exited')) {
    const key = event.properties?.['audience_key'];
    if (typeof key !== 'string') return;
    if (event.event === 'Audience Entered') enter(profile, key, event.timestamp, change);
    else exit(profile, key, change);
    return;
  }
  const personas = event.context?.['personas'];
  if (event.type === 'identify' && isObject(personas) && personas['computation_class'] === 'audience') {
    const key = personas['computation_key'];
    if (typeof key !== 'string') return;
    const member = event.traits?.[key];
    if (member === true) enter(profile, key, event.timestamp, change);
    else if (member === false) exit(profile, key, change);
  }
}

/**
 * Applies an event to the profile in place: traits (identify, context.traits, CRM record
 * fields), owner, first/last seen, counts and occurrence times for windowed conditions,
 * and Segment Engage audience membership. Reports only what really changed.
 */
export function applyEventToProfile(profile: Profile, event: PathwiseEvent, now: number, opts: ProfileUpdateOptions): ProfileChange {
  const change: ProfileChange = { traitsChanged: {}, audiencesEntered: [], audiencesExited: [] };
  if ((event.type === 'identify' || event.type === 'group') && event.traits) {
    if (event.type === 'group') {
      setTraits(profile, { group: event.traits, ...(event.groupId !== undefined ? { groupId: event.groupId } : {}) }, change);
    } else {
      setTraits(profile, event.traits, change);
    }
  }
  const contextTraits = event.context?.['traits'];
  if (event.type !== 'identify' && isObject(contextTraits)) setTraits(profile, contextTraits, change);
  if (event.record && (event.record.changeType === 'created' || event.record.changeType === 'updated') && (event.record.object === 'contact' || event.record.object === 'lead')) {
    setTraits(profile, event.record.changed, change);
  }
  const fields = event.record?.changed ?? event.traits;
  if (fields) {
    for (const field of OWNER_FIELDS) {
      const owner = fields[field];
      if ((typeof owner === 'string' && owner !== '') || typeof owner === 'number') {
        profile.owner = String(owner);
        break;
      }
    }
  }
  applyAudiences(profile, event, change);

  profile.eventCount++;
  profile.firstSeen = Math.min(profile.firstSeen, event.timestamp);
  profile.lastSeen = Math.max(profile.lastSeen, event.timestamp);
  if (Object.keys(change.traitsChanged).length > 0) profile.updatedAt = now;
  if (event.type === 'track' && event.event !== undefined) {
    const name = event.event;
    profile.lastSeenByEvent[name] = Math.max(profile.lastSeenByEvent[name] ?? event.timestamp, event.timestamp);
    const window = opts.trackedEvents.get(name);
    if (window !== undefined) recordTime((profile.eventTimes[name] ??= []), event.timestamp, now - window);
  }
  return change;
}

/** Forgets what no condition or cap can look at any more. */
export function pruneProfile(profile: Profile, now: number, opts: ProfileUpdateOptions & { contactWindowMs: number }): void {
  const oldestContact = now - opts.contactWindowMs;
  if (profile.contacts.length > 0 && (profile.contacts[0]?.at ?? now) <= oldestContact) {
    profile.contacts = profile.contacts.filter((c) => c.at > oldestContact);
  }
  for (const [name, times] of Object.entries(profile.eventTimes)) {
    const window = opts.trackedEvents.get(name);
    if (window === undefined) {
      delete profile.eventTimes[name];
      continue;
    }
    let drop = 0;
    while (drop < times.length && (times[drop] as number) <= now - window) drop++;
    if (drop > 0) times.splice(0, drop);
  }
}
