import type { Command } from '../../core/commands.ts';
import type { CompiledManifest } from '../../core/engine/compiled-manifest.ts';
import { processEvent, processTimer } from '../../core/engine/process-input.ts';
import type { PathwiseEvent } from '../../core/events/event.ts';
import type { IdentityView } from '../../core/identity/resolve-identity.ts';
import type { Profile } from '../../core/profiles/profile.ts';
import { IdentityIndex } from './identity-index.ts';
import { StringMap } from './string-map.ts';
import { StringSet } from './string-set.ts';
import { TimerQueue } from './timer-queue.ts';

/** Receives every command the engine produces, in order (replay summaries, tests, benchmarks). */
export type CommandSink = (command: Command) => void;

/**
 * The core with its state in memory and a virtual clock: used by `pathwise replay`, the engine
 * benchmark and tests. No durability — the runtime's worker does the same against a Store.
 */
export class InMemoryEngine implements IdentityView {
  private readonly byId = new Map<string, Profile>();
  /** Profiles by id; read-only outside, so that `profile()`'s one-entry memo cannot go stale. */
  readonly profiles: ReadonlyMap<string, Profile> = this.byId;
  /**
   * Identifier → the profile object itself, not its id: resolving an event then needs no second
   * lookup by id in `byId` (a large table, so cache misses) to read the profile. Merges re-point
   * the absorbed profile's identifiers in the same `ingest`, so no entry outlives its profile.
   */
  private readonly identities = new IdentityIndex<Profile>();
  readonly timers = new TimerQueue();
  /**
   * Absorbed profile id → survivor, so timers of merged profiles still find their enrollment.
   * Read for every timer that fires and almost always missed: a `StringMap` misses in one read.
   */
  private readonly mergedInto = new StringMap<string>();
  /** messageIds seen, per source: a set per source needs no `source + messageId` key built per event. */
  private readonly seen = new Map<string, StringSet>();
  /** The last profile read through `profile()` or found through the index; forgotten whenever `profiles` changes. */
  private lastProfileId: string | undefined;
  private lastProfile: Profile | undefined;
  duplicates = 0;
  eventsApplied = 0;
  timersFired = 0;
  now = 0;

  constructor(
    private readonly compiled: CompiledManifest,
    private readonly sink: CommandSink = () => {},
  ) {}

  profileIdFor(key: string): string | undefined {
    return this.remembered(this.identities.getKey(key));
  }

  profileIdOf(type: string, value: string): string | undefined {
    return this.remembered(this.identities.get(type, value));
  }

  /** The id of a profile found through the index, remembered so that `profile()` returns it without a lookup. */
  private remembered(profile: Profile | undefined): string | undefined {
    if (profile === undefined) return undefined;
    this.lastProfileId = profile.id;
    this.lastProfile = profile;
    return profile.id;
  }

  profile(id: string): Profile | undefined {
    // Resolution reads the event's profile, then processing reads it again by the same id string.
    if (id === this.lastProfileId) return this.lastProfile;
    const profile = this.byId.get(id);
    this.lastProfileId = id;
    this.lastProfile = profile;
    return profile;
  }

  /** Fires every timer due up to `time`, in due order, each at its own due time. */
  advanceTo(time: number): void {
    for (let timer = this.timers.popDue(time); timer; timer = this.timers.popDue(time)) {
      this.now = Math.max(this.now, timer.dueAt);
      // A profile that was merged away is no longer in `byId`: only then is its survivor looked up.
      const profile = this.byId.get(timer.profileId) ?? this.byId.get(this.survivorOf(timer.profileId));
      if (!profile) continue;
      this.timersFired++;
      this.apply(profile.id, processTimer(this.compiled, profile, timer.timerId, timer.enrollmentId, this.now));
    }
    this.now = Math.max(this.now, time);
  }

  /** Applies one event at the current clock; returns false for a duplicate (same source and messageId). */
  ingest(event: PathwiseEvent): boolean {
    let seen = this.seen.get(event.source);
    if (seen === undefined) {
      seen = new StringSet();
      this.seen.set(event.source, seen);
    }
    if (!seen.add(event.messageId)) {
      this.duplicates++;
      return false;
    }
    const outcome = processEvent(this.compiled, this, event, this.now);
    // An existing profile is the very object this map holds (resolution read it from here).
    if (outcome.isNew) this.byId.set(outcome.profile.id, outcome.profile);
    for (const absorbedId of outcome.absorbedIds) {
      this.byId.delete(absorbedId);
      this.mergedInto.set(absorbedId, outcome.profile.id);
    }
    this.lastProfileId = undefined;
    // By type and value as the event or profile holds them: a key cut from a `type:value` string
    // would be a slice, which keeps that string alive and costs a second read on every compare.
    for (const id of outcome.identities) this.identities.set(id.type, id.value, outcome.profile);
    this.eventsApplied++;
    this.apply(outcome.profile.id, outcome.commands);
    return true;
  }

  /** Fires all remaining timers, whenever they are due (journeys run to their end). */
  drain(): void {
    for (let due = this.timers.peekDueAt(); due !== undefined; due = this.timers.peekDueAt()) this.advanceTo(due);
  }

  private survivorOf(profileId: string): string {
    let id = profileId;
    for (let next = this.mergedInto.get(id); next !== undefined; next = this.mergedInto.get(id)) id = next;
    return id;
  }

  private apply(profileId: string, commands: Command[]): void {
    for (const command of commands) {
      if (command.type === 'scheduleTimer') {
        // The command has the queue's fields: queued as it is (commands are not mutated), not copied.
        this.timers.schedule(command.profileId === profileId ? command : { timerId: command.timerId, profileId, enrollmentId: command.enrollmentId, dueAt: command.dueAt });
      } else if (command.type === 'cancelTimer') {
        this.timers.cancel(command.timerId);
      }
      this.sink(command);
    }
  }
}
