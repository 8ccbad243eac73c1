import type { Command } from '../../../src/core/commands.ts';
import type { CompiledManifest } from '../../../src/core/engine/compiled-manifest.ts';
import type { PathwiseEvent } from '../../../src/core/events/event.ts';
import { step, type AppliedChange } from '../../../src/core/journeys/step.ts';
import type { Profile } from '../../../src/core/profiles/profile.ts';
import type { JourneyInput } from '../../../src/manifest/schema/journeys.ts';
import type { ManifestInput } from '../../../src/manifest/schema/manifest.ts';
import { compile, NO_CHANGE, ofType } from '../../helpers/core-fixtures.ts';

export const ACTIONS: ManifestInput['actions'] = [
  { id: 'demo-task', channel: 'task', destination: 'log.record', value: 100, lever: 1 },
  { id: 'nurture-email', channel: 'email', destination: 'log.record', value: 10, lever: 2, marketing: true },
  { id: 'big-deal-task', channel: 'task', destination: 'log.record', value: 500, eligibility: { path: 'traits.seats', op: 'gte', value: 100 } },
];

export function journey(overrides: Partial<JourneyInput>): JourneyInput {
  return {
    id: 'j1',
    trigger: { type: 'event', event: 'Webinar Attended' },
    start: 'a',
    steps: [{ id: 'a', type: 'action', action: 'demo-task' }],
    ...overrides,
  };
}

/** Drives `step` like the runtime does, remembering due timers so tests can fire them. */
export class Harness {
  readonly commands: Command[] = [];
  readonly timers = new Map<string, { enrollmentId: string; dueAt: number }>();

  constructor(
    public compiled: CompiledManifest,
    public readonly profile: Profile,
  ) {}

  static of(journeys: JourneyInput[], profile: Profile, extra: Partial<ManifestInput> = {}): Harness {
    return new Harness(compile({ actions: ACTIONS, journeys, ...extra }), profile);
  }

  event(event: PathwiseEvent, change: AppliedChange = NO_CHANGE): Command[] {
    if (event.type === 'track' && event.event) {
      this.profile.lastSeenByEvent[event.event] = event.timestamp;
      (this.profile.eventTimes[event.event] ??= []).push(event.timestamp);
    }
    return this.record(step(this.compiled, this.profile, { kind: 'event', event, change }, event.timestamp).commands);
  }

  /** Fires every timer due by `time`, earliest first. */
  advance(time: number): Command[] {
    const out: Command[] = [];
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.dueAt <= time).sort((a, b) => a[1].dueAt - b[1].dueAt)[0];
      if (!due) return out;
      const [timerId, timer] = due;
      this.timers.delete(timerId);
      out.push(...this.record(step(this.compiled, this.profile, { kind: 'timer', timerId, enrollmentId: timer.enrollmentId }, timer.dueAt).commands));
    }
  }

  sends(): string[] {
    return ofType(this.commands, 'send').map((s) => s.actionId);
  }

  private record(commands: Command[]): Command[] {
    for (const c of commands) {
      if (c.type === 'scheduleTimer') this.timers.set(c.timerId, { enrollmentId: c.enrollmentId, dueAt: c.dueAt });
      if (c.type === 'cancelTimer') this.timers.delete(c.timerId);
      this.commands.push(c);
    }
    return commands;
  }
}
