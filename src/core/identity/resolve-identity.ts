import type { IdentifierRule } from '../../manifest/schema/identity.ts';
import type { PathwiseEvent } from '../events/event.ts';
import { timeOrderedId } from '../hash/stable-hash.ts';
import type { Profile } from '../profiles/profile.ts';
import { identifierKey, type Identifier } from './extract-identifiers.ts';

/** Read access to the identity index and profiles, as the runtime (or a test) holds them. */
export interface IdentityView {
  profileIdFor(key: string): string | undefined;
  /**
   * Optional: the same lookup by type and value. A view indexed per type implements it, so
   * that resolving an event builds no `type:value` key (one per identifier per event).
   */
  profileIdOf?(type: string, value: string): string | undefined;
  profile(id: string): Profile | undefined;
}

export interface Resolution {
  /** The profile the event applies to. */
  profileId: string;
  /** True when that profile does not exist yet and must be created with `profileId`. */
  isNew: boolean;
  /** Identifiers to add to the profile (and to the index), in priority order. */
  attach: readonly Identifier[];
  /** Profiles to merge into `profileId`, which is the oldest of them all. */
  absorb: readonly string[];
  /** Merges and attachments refused by per-type limits, with the reason. */
  refused: readonly { identifier: string; reason: string }[];
}

/**
 * The usual event changes no identity: its resolution shares these empty lists (readonly to
 * the compiler; not frozen, because loops over a frozen array fall off V8's fast path).
 */
const NO_IDENTIFIERS: readonly Identifier[] = [];
const NO_PROFILES: readonly string[] = [];
const NO_REFUSALS: Resolution['refused'] = [];

/** Identifier values by type, for the profiles and new identifiers the event is joining. */
type Values = Map<string, string[]>;

const limitsByRules = new WeakMap<readonly IdentifierRule[], ReadonlyMap<string, number>>();

/** Types the manifest no longer declares have no limit: a profile keeps what it had. */
function limitsOf(rules: readonly IdentifierRule[]): ReadonlyMap<string, number> {
  let limits = limitsByRules.get(rules);
  if (limits === undefined) {
    limits = new Map(rules.map((r) => [r.type, r.limit]));
    limitsByRules.set(rules, limits);
  }
  return limits;
}

function isOlder(a: Profile, b: Profile): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
}

function addValues(values: Values, identifiers: Readonly<Record<string, string[]>>): void {
  for (const type in identifiers) {
    const have = values.get(type);
    if (have === undefined) values.set(type, [...(identifiers[type] ?? [])]);
    else for (const v of identifiers[type] ?? []) if (!have.includes(v)) have.push(v);
  }
}

function quoted(values: readonly string[]): string {
  const shown = values.slice(0, 3).map((v) => `"${v}"`).join(', ');
  return values.length > 3 ? `${shown}, …` : shown;
}

interface Breach {
  type: string;
  limit: number;
  /** The values of `type` the other profile would bring. */
  theirs: string[];
  /** The values of `type` the event's profile already has. */
  ours: string[];
}

/**
 * The first type whose limit a merge with `identifiers` would break. A merge that brings no
 * new value of a type, or joins a side that has none, never breaks that type's limit: only a
 * union larger than both sides is refused (so lowering a limit does not strand old profiles).
 */
function breachOf(values: Values, identifiers: Readonly<Record<string, string[]>>, limits: ReadonlyMap<string, number>, exempt?: string): Breach | undefined {
  for (const type in identifiers) {
    if (type === exempt) continue;
    const limit = limits.get(type);
    const ours = values.get(type);
    if (limit === undefined || ours === undefined || ours.length === 0) continue;
    const theirs = (identifiers[type] ?? []).filter((v) => !ours.includes(v));
    if (theirs.length > 0 && ours.length + theirs.length > limit) return { type, limit, theirs, ours };
  }
  return undefined;
}

/**
 * A new profile's id: the event's time, then a hash of the identifier that founded it, so that
 * ids sort by creation (the store appends them to its index) and a replay mints the same ones.
 */
function newProfileId(event: PathwiseEvent, seed: Identifier | undefined): string {
  // An event with no usable identifier still applies somewhere: a profile of its own.
  return timeOrderedId('p_', event.timestamp, seed ? identifierKey(seed) : `message:${event.source}:${event.messageId}`);
}

function ownerIdOf(view: IdentityView, id: Identifier): string | undefined {
  return view.profileIdOf !== undefined ? view.profileIdOf(id.type, id.value) : view.profileIdFor(identifierKey(id));
}

/**
 * The common case, kept apart from `resolveChanges`: every identifier is already indexed to one
 * existing profile, and nothing is gathered (`resolveChanges` builds its lists and a map).
 * Undefined when identities change.
 */
function resolveKnown(ids: readonly Identifier[], view: IdentityView): Resolution | undefined {
  const firstOwner = ownerIdOf(view, ids[0] as Identifier);
  if (firstOwner === undefined) return undefined;
  for (let i = 1; i < ids.length; i++) if (ownerIdOf(view, ids[i] as Identifier) !== firstOwner) return undefined;
  if (view.profile(firstOwner) === undefined) return undefined;
  return { profileId: firstOwner, isNew: false, attach: NO_IDENTIFIERS, absorb: NO_PROFILES, refused: NO_REFUSALS };
}

/** The event's profile as a refusal names it: the first gathered, or the one the first attached identifier would mint. */
function eventProfileName(event: PathwiseEvent, group: readonly Profile[], attach: readonly Identifier[]): string {
  const seed = attach[0];
  return group[0]?.id ?? (seed ? `${newProfileId(event, seed)} (new)` : '(new)');
}

/** An alias's previousId that is known as a userId: not also recorded as an anonymousId. */
function knownThroughLink(ids: readonly Identifier[], owners: readonly (Profile | undefined)[], value: string): boolean {
  for (let j = 0; j < ids.length; j++) {
    const other = ids[j] as Identifier;
    if (other.linkOnly === true && other.value === value && owners[j] !== undefined) return true;
  }
  return false;
}

// Loops and module functions rather than closures: each closure is one more allocation per call
// on a path taken by every event that brings a new identifier.
function resolveChanges(event: PathwiseEvent, ids: readonly Identifier[], view: IdentityView, rules: readonly IdentifierRule[]): Resolution {
  const limits = limitsOf(rules);
  // An index entry whose profile cannot be read is treated as unknown: the identifier is re-pointed.
  const owners: (Profile | undefined)[] = [];
  for (const id of ids) {
    const pid = ownerIdOf(view, id);
    owners.push(pid === undefined ? undefined : view.profile(pid));
  }
  // Identifiers are taken in priority order: each one joins (its profile or itself) the profiles
  // gathered so far unless that would break a limit, so a higher-priority identifier wins.
  const group: Profile[] = [];
  const values: Values = new Map();
  const attach: Identifier[] = [];
  const refused: { identifier: string; reason: string }[] = [];

  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as Identifier;
    const owner = owners[i];
    if (owner !== undefined) {
      if (group.includes(owner)) continue;
      // A platform's own merge (HubSpot contact.merge) is not refused over the merged ids' type.
      const breach = group.length === 0 && attach.length === 0 ? undefined : breachOf(values, owner.identifiers, limits, id.platformMerge ? id.type : undefined);
      if (breach) {
        refused.push({
          identifier: identifierKey(id),
          reason:
            `merge refused: profile ${owner.id} already has ${breach.type} ${quoted(breach.theirs)}; limit ${breach.limit} ` +
            `(the event's profile ${eventProfileName(event, group, attach)} has ${breach.type} ${quoted(breach.ours)}; linked by ${id.type} "${id.value}")`,
        });
        continue;
      }
      group.push(owner);
      addValues(values, owner.identifiers);
      continue;
    }
    if (id.linkOnly) continue;
    if (knownThroughLink(ids, owners, id.value)) continue;
    const have = values.get(id.type);
    // Held by a gathered profile but missing from the index: attached again, which repairs the index.
    if (have?.includes(id.value)) {
      attach.push(id);
      continue;
    }
    const limit = limits.get(id.type);
    if (have !== undefined && limit !== undefined && have.length >= limit) {
      refused.push({
        identifier: identifierKey(id),
        reason: `attach refused: profile ${eventProfileName(event, group, attach)} already has ${id.type} ${quoted(have)}; limit ${limit} (the event has ${id.type} "${id.value}")`,
      });
      continue;
    }
    if (have === undefined) values.set(id.type, [id.value]);
    else have.push(id.value);
    attach.push(id);
  }

  if (group.length === 0) {
    const seed = attach[0];
    return { profileId: newProfileId(event, seed), isNew: true, attach, absorb: [], refused };
  }
  let survivor = group[0] as Profile;
  for (const p of group) if (isOlder(p, survivor)) survivor = p;
  const absorb: string[] = [];
  for (const p of group) if (p !== survivor) absorb.push(p.id);
  return { profileId: survivor.id, isNew: false, attach, absorb, refused };
}

/**
 * Decides which profile an event belongs to.
 *
 * - No identifier known: a new profile whose id is the event's time and a hash of the
 *   highest-priority identifier (`timeOrderedId('p_', event.timestamp, 'userId:u1')`), so a
 *   replay mints the same ids. An event with no identifier at all gets a profile of its own,
 *   hashed from its source and messageId.
 * - Identifiers of one profile: the unknown ones are attached, unless a per-type limit refuses
 *   one (a second userId): it is recorded and left out.
 * - Identifiers of several profiles: they merge into the oldest (`createdAt`, then id), except a
 *   profile whose identifiers would break a limit (two userIds): that merge is refused, recorded,
 *   and the event stays with the profile of its highest-priority identifier.
 */
export function resolveIdentity(event: PathwiseEvent, ids: readonly Identifier[], view: IdentityView, rules: readonly IdentifierRule[]): Resolution {
  if (ids.length === 0) return { profileId: newProfileId(event, undefined), isNew: true, attach: NO_IDENTIFIERS, absorb: NO_PROFILES, refused: NO_REFUSALS };
  return resolveKnown(ids, view) ?? resolveChanges(event, ids, view, rules);
}
