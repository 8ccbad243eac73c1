import type { Command } from '../../core/commands.ts';
import type { CompiledManifest } from '../../core/engine/compiled-manifest.ts';
import { processEvent, processTimer } from '../../core/engine/process-input.ts';
import type { PathwiseEvent } from '../../core/events/event.ts';
import type { IdentityView } from '../../core/identity/resolve-identity.ts';
import type { Profile } from '../../core/profiles/profile.ts';
import { TimerQueue } from './timer-queue.ts';

/** Receives every command the engine produces, in order (replay summaries, tests, benchmarks). */
export type CommandSink = (command: Command) => void;

/**
 * The core with its state in memory and a virtual clock: used by `pathwise replay`, the engine
 * benchmark and tests. No durability — the runtime's worker does the same against a Store.
 */
export class InMemoryEngine implements IdentityView {
  readonly profiles = new Map<string, Profile>();
  readonly identities = new Map<string, string>();
  readonly timers = new TimerQueue();
  /** Absorbed profile id → survivor, so timers of merged profiles still find their enrollment. */
  private readonly mergedInto = new Map<string, string>();
  private readonly seen = new Set<string>();
  duplicates = 0;
  eventsApplied = 0;
  timersFired = 0;
  now = 0;

  constructor(
    private readonly compiled: CompiledManifest,
    private readonly sink: CommandSink = () => {},
  ) {}

  profileIdFor(key: string): string | undefined {
    return this.identities.get(key);
  }

  profile(id: string): Profile | undefined {
    return this.profiles.get(id);
  }

  /** Fires every timer due up to `time`, in due order, each at its own due time. */
  advanceTo(time: number): void {
    for (let timer = this.timers.popDue(time); timer; timer = this.timers.popDue(time)) {
      this.now = Math.max(this.now, timer.dueAt);
      const profile = this.profiles.get(this.survivorOf(timer.profileId));
      if (!profile) continue;
      this.timersFired++;
      this.apply(profile.id, processTimer(this.compiled, profile, timer.timerId, timer.enrollmentId, this.now));
    }
    this.now = Math.max(this.now, time);
  }

  /** Applies one event at the current clock; returns false for a duplicate (same source and messageId). */
  ingest(event: PathwiseEvent): boolean {
    const dedupeKey = `${event.source}\u0000${event.messageId}`;
    if (this.seen.has(dedupeKey)) {
      this.duplicates++;
      return false;
    }
    this.seen.add(dedupeKey);
    const outcome = processEvent(this.compiled, this, event, this.now);
    this.profiles.set(outcome.profile.id, outcome.profile);
    for (const absorbedId of outcome.absorbedIds) {
      this.profiles.delete(absorbedId);
      this.mergedInto.set(absorbedId, outcome.profile.id);
    }
    for (const key of outcome.identities) this.identities.set(key, outcome.profile.id);
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
        this.timers.schedule({ timerId: command.timerId, profileId, enrollmentId: command.enrollmentId, dueAt: command.dueAt });
      } else if (command.type === 'cancelTimer') {
        this.timers.cancel(command.timerId);
      }
      this.sink(command);
    }
  }
}
