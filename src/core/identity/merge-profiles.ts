import type { CancelTimerCommand, ScheduleTimerCommand } from '../commands.ts';
import { cancelTimers } from '../journeys/end-enrollment.ts';
import type { Enrollment } from '../journeys/enrollment.ts';
import { MAX_EVENT_TIMES } from '../profiles/apply-event.ts';
import type { Profile } from '../profiles/profile.ts';
import { mergeKnownRecords } from '../profiles/record-memory.ts';

export interface MergeResult {
  /**
   * Timers of enrollments ended by the merge, cancelled; and those of enrollments that moved,
   * scheduled again under the survivor (same id and time), so that they fire for it.
   */
  timerCommands: (CancelTimerCommand | ScheduleTimerCommand)[];
  /** Enrollments the merge ended (`exited`, reason `merged`), for the journey log. */
  ended: Enrollment[];
}

/** Merges two ascending lists into one, keeping the newest `MAX_EVENT_TIMES`. */
function mergeTimes(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = (a[i] as number) <= (b[j] as number) ? (a[i++] as number) : (b[j++] as number);
  while (i < a.length) out[k++] = a[i++] as number;
  while (j < b.length) out[k++] = b[j++] as number;
  return out.length > MAX_EVENT_TIMES ? out.slice(out.length - MAX_EVENT_TIMES) : out;
}

/** Ends the enrollment that loses a collapse and cancels its timers. */
function endAsMerged(enrollment: Enrollment, now: number, timerCommands: MergeResult['timerCommands']): void {
  cancelTimers(timerCommands, enrollment);
  enrollment.status = 'exited';
  enrollment.endedAt = now;
  enrollment.endReason = 'merged';
}

/**
 * Moves everything `absorbed` knows into `survivor`, which is mutated in place (`absorbed` is
 * left to be deleted; its enrollment objects move). Traits: a key only one side has is kept; a
 * key both have takes the value of the profile updated later (the survivor on a tie). Counters
 * add up, first/last seen widen, audiences keep the earliest entry, suppressions the latest end.
 * Two active enrollments in one journey collapse into the one that entered first (the
 * survivor's on a tie); the other ends `exited` / `merged` and its timers are cancelled. The
 * moved enrollments' timers are scheduled again under the survivor's id.
 */
export function mergeProfiles(survivor: Profile, absorbed: Profile, now: number): MergeResult {
  const result: MergeResult = { timerCommands: [], ended: [] };
  if (survivor === absorbed || survivor.id === absorbed.id) return result;

  for (const type in absorbed.identifiers) {
    const mine = (survivor.identifiers[type] ??= []);
    for (const v of absorbed.identifiers[type] ?? []) if (!mine.includes(v)) mine.push(v);
  }

  const absorbedNewer = absorbed.updatedAt > survivor.updatedAt;
  for (const key in absorbed.traits) {
    if (absorbedNewer || !(key in survivor.traits)) survivor.traits[key] = absorbed.traits[key];
  }
  // The merged traits are as recent as the newer side; the merge itself brings no new fact.
  survivor.updatedAt = Math.max(survivor.updatedAt, absorbed.updatedAt);

  for (const name in absorbed.eventTimes) {
    const theirs = absorbed.eventTimes[name] ?? [];
    const mine = survivor.eventTimes[name];
    survivor.eventTimes[name] = mine === undefined || mine.length === 0 ? theirs : mergeTimes(mine, theirs);
  }
  for (const name in absorbed.lastSeenByEvent) {
    const at = absorbed.lastSeenByEvent[name] as number;
    const mine = survivor.lastSeenByEvent[name];
    if (mine === undefined || at > mine) survivor.lastSeenByEvent[name] = at;
  }
  survivor.eventCount += absorbed.eventCount;
  survivor.firstSeen = Math.min(survivor.firstSeen, absorbed.firstSeen);
  survivor.lastSeen = Math.max(survivor.lastSeen, absorbed.lastSeen);

  for (const key in absorbed.audiences) {
    const at = absorbed.audiences[key] as number;
    const mine = survivor.audiences[key];
    if (mine === undefined || at < mine) survivor.audiences[key] = at;
  }
  if (survivor.owner === undefined && absorbed.owner !== undefined) survivor.owner = absorbed.owner;
  mergeKnownRecords(survivor, absorbed);
  if (absorbed.contacts.length > 0) {
    // Sends deferred by quiet hours are recorded at their send time, so neither list is
    // guaranteed ascending: a stable sort of the union.
    survivor.contacts = survivor.contacts.concat(absorbed.contacts).sort((a, b) => a.at - b.at);
  }
  for (const key in absorbed.suppressedUntil) {
    const until = absorbed.suppressedUntil[key] as number;
    const mine = survivor.suppressedUntil[key];
    if (mine === undefined || until > mine) survivor.suppressedUntil[key] = until;
  }

  for (const moving of absorbed.enrollments) {
    const twin = moving.status === 'active' ? survivor.enrollments.find((e) => e.status === 'active' && e.journeyId === moving.journeyId) : undefined;
    if (twin !== undefined) {
      const drop = moving.enteredAt < twin.enteredAt ? twin : moving;
      endAsMerged(drop, now, result.timerCommands);
      result.ended.push(drop);
    }
    survivor.enrollments.push(moving);
  }
  for (const moved of absorbed.enrollments) {
    if (moved.status !== 'active') continue;
    const { waiting, goalTimerId, goalDeadline } = moved;
    if (waiting) result.timerCommands.push({ type: 'scheduleTimer', timerId: waiting.timerId, profileId: survivor.id, enrollmentId: moved.id, dueAt: waiting.dueAt });
    if (goalTimerId !== undefined && goalDeadline !== undefined) {
      result.timerCommands.push({ type: 'scheduleTimer', timerId: goalTimerId, profileId: survivor.id, enrollmentId: moved.id, dueAt: goalDeadline });
    }
  }
  for (const journeyId in absorbed.journeyHistory) {
    const theirs = absorbed.journeyHistory[journeyId];
    if (theirs === undefined) continue;
    const mine = survivor.journeyHistory[journeyId];
    if (mine === undefined) {
      survivor.journeyHistory[journeyId] = { ...theirs };
      continue;
    }
    // Entries add up: enrollment ids are numbered by entry, so new ones stay unique after a merge.
    mine.entries += theirs.entries;
    mine.lastEnteredAt = Math.max(mine.lastEnteredAt, theirs.lastEnteredAt);
    if (theirs.lastEndedAt !== undefined && (mine.lastEndedAt === undefined || theirs.lastEndedAt > mine.lastEndedAt)) mine.lastEndedAt = theirs.lastEndedAt;
  }
  for (const ended of result.ended) {
    const history = survivor.journeyHistory[ended.journeyId];
    if (history !== undefined && (history.lastEndedAt === undefined || now > history.lastEndedAt)) history.lastEndedAt = now;
  }

  survivor.mergedFrom.push(absorbed.id);
  for (const id of absorbed.mergedFrom) survivor.mergedFrom.push(id);
  return result;
}
