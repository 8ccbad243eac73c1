import type { IdentifierRule } from '../../manifest/schema/identity.ts';
import { stableId } from '../hash/stable-hash.ts';
import type { Profile } from '../profiles/profile.ts';
import { identifierKey, type Identifier } from './extract-identifiers.ts';

/** Read access to the identity index and profiles, as the runtime (or a test) holds them. */
export interface IdentityView {
  profileIdFor(key: string): string | undefined;
  profile(id: string): Profile | undefined;
}

export interface Resolution {
  /** The profile the event applies to. */
  profileId: string;
  /** True when that profile does not exist yet and must be created. */
  isNew: boolean;
  /** Identifiers to add to the profile (and to the index). */
  attach: Identifier[];
  /** Profiles to merge into `profileId` (the oldest survives). */
  absorb: string[];
  /** Links refused by per-type limits, with the reason. */
  refused: { identifier: string; reason: string }[];
}

type Counts = Map<string, Set<string>>;

function countsOf(profile: Profile | undefined): Counts {
  const counts: Counts = new Map();
  if (profile) for (const [type, values] of Object.entries(profile.identifiers)) counts.set(type, new Set(values));
  return counts;
}

/** The identifier that would break a limit if `incoming` were added to `counts`, or undefined. */
function overLimit(counts: Counts, incoming: Iterable<Identifier>, limits: ReadonlyMap<string, number>): { id: Identifier; had: string; limit: number } | undefined {
  const merged: Counts = new Map([...counts].map(([t, s]) => [t, new Set(s)]));
  for (const id of incoming) {
    const set = merged.get(id.type) ?? new Set<string>();
    set.add(id.value);
    merged.set(id.type, set);
    const limit = limits.get(id.type) ?? Number.POSITIVE_INFINITY;
    if (set.size > limit) {
      const had = [...set].find((v) => v !== id.value) ?? '';
      return { id, had, limit };
    }
  }
  return undefined;
}

function older(a: Profile, b: Profile): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
}

/**
 * Decides which profile an event belongs to. Unknown identifiers make a new profile whose id is
 * derived from the first identifier (so a replay mints the same ids). Identifiers that point to
 * several profiles merge them into the oldest, unless the union would exceed a per-type limit
 * (two userIds on one profile): then the merge is refused, recorded, and the event goes to the
 * profile of its highest-priority identifier.
 */
export function resolveIdentity(ids: readonly Identifier[], view: IdentityView, rules: readonly IdentifierRule[]): Resolution {
  const limits = new Map(rules.map((r) => [r.type, r.limit]));
  const refused: Resolution['refused'] = [];
  if (ids.length === 0) {
    return { profileId: stableId('p_', 'none'), isNew: true, attach: [], absorb: [], refused };
  }
  // Fast path, the common case: every identifier already points to one profile that holds it.
  const firstId = view.profileIdFor(identifierKey(ids[0] as Identifier));
  if (firstId !== undefined && ids.every((id, i) => i === 0 || view.profileIdFor(identifierKey(id)) === firstId)) {
    return { profileId: firstId, isNew: false, attach: [], absorb: [], refused };
  }
  // Profiles the identifiers point to, in identifier priority order.
  const owners: { id: Identifier; profile: Profile | undefined }[] = ids.map((id) => {
    const pid = view.profileIdFor(identifierKey(id));
    return { id, profile: pid === undefined ? undefined : view.profile(pid) };
  });
  const distinct: Profile[] = [];
  for (const o of owners) if (o.profile && !distinct.includes(o.profile)) distinct.push(o.profile);

  const first = owners[0] as { id: Identifier; profile: Profile | undefined };
  if (first.profile === undefined) {
    // The top identifier is new. If every known profile already holds another value of its type
    // up to the limit (a second userId on a shared device), it is someone else: a new profile.
    const limit = limits.get(first.id.type) ?? Number.POSITIVE_INFINITY;
    const clash = distinct.find((p) => (p.identifiers[first.id.type]?.length ?? 0) >= limit);
    if (clash) {
      for (const o of owners) {
        if (o.profile) refused.push({ identifier: identifierKey(o.id), reason: `${identifierKey(o.id)} stays on ${o.profile.id}: it already has ${first.id.type} "${o.profile.identifiers[first.id.type]?.[0] ?? ''}" (limit ${limit}), so ${identifierKey(first.id)} is another profile` });
      }
      const attach = owners.filter((o) => o.profile === undefined).map((o) => o.id);
      return { profileId: stableId('p_', identifierKey(first.id)), isNew: true, attach, absorb: [], refused };
    }
  }

  // The anchor: the profile of the highest-priority identifier that has one.
  const anchor = owners.find((o) => o.profile)?.profile;
  let survivor: Profile | undefined = anchor;
  const absorb: string[] = [];
  if (anchor) {
    const counts = countsOf(anchor);
    const byAge = [...distinct].sort((a, b) => (older(a, b) ? -1 : 1));
    for (const other of byAge) {
      if (other === anchor) continue;
      const incoming = Object.entries(other.identifiers).flatMap(([type, values]) => values.map((value) => ({ type, value })));
      const breach = overLimit(counts, incoming, limits);
      if (breach) {
        refused.push({
          identifier: identifierKey(breach.id),
          reason: `merge of ${other.id} into ${anchor.id} refused: ${breach.id.type} limit ${breach.limit} (already has "${breach.had}")`,
        });
        continue;
      }
      absorb.push(other.id);
      for (const id of incoming) {
        const set = counts.get(id.type) ?? new Set<string>();
        set.add(id.value);
        counts.set(id.type, set);
      }
      if (older(other, survivor as Profile)) survivor = other;
    }
  }

  const target = survivor;
  // The survivor absorbs the anchor too when the anchor is younger than a merged profile.
  const absorbIds = target && anchor && target !== anchor ? [anchor.id, ...absorb.filter((id) => id !== target.id)] : absorb;

  // Identifiers not yet on the merged profile are attached, within limits.
  const merged = countsOf(target);
  for (const id of absorbIds) {
    const p = view.profile(id);
    if (!p) continue;
    for (const [type, values] of Object.entries(p.identifiers)) {
      const set = merged.get(type) ?? new Set<string>();
      for (const v of values) set.add(v);
      merged.set(type, set);
    }
  }
  const attach: Identifier[] = [];
  for (const o of owners) {
    // Identifiers already in the index stay where they are (on the merged profile, or on a
    // profile whose merge was refused).
    if (o.profile) continue;
    const set = merged.get(o.id.type) ?? new Set<string>();
    const limit = limits.get(o.id.type) ?? Number.POSITIVE_INFINITY;
    if (!set.has(o.id.value) && set.size >= limit) {
      refused.push({
        identifier: identifierKey(o.id),
        reason: `${o.id.type} "${o.id.value}" not added to ${target?.id ?? 'new profile'}: limit ${limit} (already has "${[...set][0] ?? ''}")`,
      });
      continue;
    }
    set.add(o.id.value);
    merged.set(o.id.type, set);
    attach.push(o.id);
  }

  if (!target) {
    return { profileId: stableId('p_', identifierKey(ids[0] as Identifier)), isNew: true, attach, absorb: [], refused };
  }
  return { profileId: target.id, isNew: false, attach, absorb: absorbIds, refused };
}
