import type { Profile } from '../profiles/profile.ts';

function mergeSorted(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && (a[i] as number) <= (b[j] as number))) out.push(a[i++] as number);
    else out.push(b[j++] as number);
  }
  return out;
}

/**
 * Moves everything `absorbed` knows into `survivor` (mutated in place). Traits: the profile
 * updated more recently wins a conflict, the other fills gaps. Two active enrollments in one
 * journey collapse into the one that entered first; the other ends as `merged`, and its timers
 * are returned for cancellation.
 */
export function mergeProfiles(survivor: Profile, absorbed: Profile, now: number): { cancelledTimerIds: string[] } {
  for (const [type, values] of Object.entries(absorbed.identifiers)) {
    const mine = (survivor.identifiers[type] ??= []);
    for (const v of values) if (!mine.includes(v)) mine.push(v);
  }
  const absorbedWins = absorbed.updatedAt > survivor.updatedAt;
  for (const [key, value] of Object.entries(absorbed.traits)) {
    if (!(key in survivor.traits) || absorbedWins) survivor.traits[key] = value;
  }
  for (const [name, times] of Object.entries(absorbed.eventTimes)) {
    survivor.eventTimes[name] = mergeSorted(survivor.eventTimes[name] ?? [], times);
  }
  for (const [name, at] of Object.entries(absorbed.lastSeenByEvent)) {
    survivor.lastSeenByEvent[name] = Math.max(survivor.lastSeenByEvent[name] ?? at, at);
  }
  survivor.eventCount += absorbed.eventCount;
  survivor.firstSeen = Math.min(survivor.firstSeen, absorbed.firstSeen);
  survivor.lastSeen = Math.max(survivor.lastSeen, absorbed.lastSeen);
  survivor.updatedAt = Math.max(survivor.updatedAt, absorbed.updatedAt, now);
  for (const [key, at] of Object.entries(absorbed.audiences)) {
    survivor.audiences[key] = Math.min(survivor.audiences[key] ?? at, at);
  }
  survivor.owner ??= absorbed.owner;
  if (survivor.owner === undefined) delete survivor.owner;
  survivor.contacts = [...survivor.contacts, ...absorbed.contacts].sort((a, b) => a.at - b.at);
  for (const [key, until] of Object.entries(absorbed.suppressedUntil)) {
    survivor.suppressedUntil[key] = Math.max(survivor.suppressedUntil[key] ?? until, until);
  }

  const cancelledTimerIds: string[] = [];
  for (const moving of absorbed.enrollments) {
    const twin = moving.status === 'active' ? survivor.enrollments.find((e) => e.status === 'active' && e.journeyId === moving.journeyId) : undefined;
    if (twin) {
      const [keep, drop] = twin.enteredAt <= moving.enteredAt ? [twin, moving] : [moving, twin];
      if (drop.waiting) cancelledTimerIds.push(drop.waiting.timerId);
      if (drop.goalTimerId) cancelledTimerIds.push(drop.goalTimerId);
      delete drop.waiting;
      delete drop.goalTimerId;
      drop.status = 'exited';
      drop.endedAt = now;
      drop.endReason = 'merged';
      if (keep === moving) survivor.enrollments.push(moving);
      else survivor.enrollments.push(drop);
    } else {
      survivor.enrollments.push(moving);
    }
  }
  for (const [journeyId, h] of Object.entries(absorbed.journeyHistory)) {
    const mine = survivor.journeyHistory[journeyId];
    if (!mine) survivor.journeyHistory[journeyId] = { ...h };
    else {
      mine.entries += h.entries;
      mine.lastEnteredAt = Math.max(mine.lastEnteredAt, h.lastEnteredAt);
      const ended = Math.max(mine.lastEndedAt ?? 0, h.lastEndedAt ?? 0);
      if (ended > 0) mine.lastEndedAt = ended;
    }
  }
  survivor.mergedFrom.push(absorbed.id, ...absorbed.mergedFrom);
  return { cancelledTimerIds };
}
