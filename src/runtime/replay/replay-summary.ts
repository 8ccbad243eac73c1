import type { Command } from '../../core/commands.ts';
import type { Profile } from '../../core/profiles/profile.ts';

export interface JourneySummary {
  entered: number;
  heldOut: number;
  steps: Record<string, number>;
  activeNow: number;
  completed: number;
  exited: number;
  failed: number;
  converted: { treatment: number; holdout: number };
  conversionRate: { treatment: number; holdout: number };
  /** Treatment conversion rate minus holdout's, in percentage points: what the journey added. */
  liftPoints: number;
}

export interface ReplaySummary {
  lines: number;
  eventsApplied: number;
  rejected: { count: number; first: { line: number; errors: string[] }[] };
  duplicates: number;
  profiles: number;
  merges: number;
  identityRefusals: number;
  timersFired: number;
  journeys: Record<string, JourneySummary>;
  actions: { total: number; byDestination: Record<string, number>; byChannel: Record<string, number> };
  decisions: { total: number; filteredBy: Record<string, number> };
}

const KEPT_REJECTIONS = 20;

function bump(record: Record<string, number>, key: string, by = 1): void {
  record[key] = (record[key] ?? 0) + by;
}

function rate(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

/** Builds the replay report from the command stream, as the engine emits it. */
export class SummaryBuilder {
  private readonly summary: ReplaySummary = {
    lines: 0,
    eventsApplied: 0,
    rejected: { count: 0, first: [] },
    duplicates: 0,
    profiles: 0,
    merges: 0,
    identityRefusals: 0,
    timersFired: 0,
    journeys: {},
    actions: { total: 0, byDestination: {}, byChannel: {} },
    decisions: { total: 0, filteredBy: {} },
  };
  private readonly groups = new Map<string, 'treatment' | 'holdout'>();

  constructor(journeyIds: readonly string[]) {
    for (const id of journeyIds) this.journey(id);
  }

  line(): void {
    this.summary.lines++;
  }

  reject(line: number, errors: string[]): void {
    this.summary.rejected.count++;
    if (this.summary.rejected.first.length < KEPT_REJECTIONS) this.summary.rejected.first.push({ line, errors });
  }

  private journey(id: string): JourneySummary {
    let j = this.summary.journeys[id];
    if (!j) {
      j = { entered: 0, heldOut: 0, steps: {}, activeNow: 0, completed: 0, exited: 0, failed: 0, converted: { treatment: 0, holdout: 0 }, conversionRate: { treatment: 0, holdout: 0 }, liftPoints: 0 };
      this.summary.journeys[id] = j;
    }
    return j;
  }

  readonly onCommand = (command: Command): void => {
    switch (command.type) {
      case 'journeyEvent': {
        const j = this.journey(command.journeyId);
        switch (command.kind) {
          case 'entered':
            j.entered++;
            this.groups.set(command.enrollmentId, 'treatment');
            break;
          case 'held_out':
            j.entered++;
            j.heldOut++;
            this.groups.set(command.enrollmentId, 'holdout');
            break;
          case 'step':
            if (command.stepId !== undefined) bump(j.steps, command.stepId);
            break;
          case 'converted':
            j.converted[this.groups.get(command.enrollmentId) ?? 'treatment']++;
            break;
          case 'completed':
            j.completed++;
            break;
          case 'exited':
            j.exited++;
            break;
          case 'failed':
            j.failed++;
            break;
          default:
            break;
        }
        break;
      }
      case 'send':
        this.summary.actions.total++;
        bump(this.summary.actions.byDestination, command.destination);
        bump(this.summary.actions.byChannel, command.channel);
        break;
      case 'recordDecision':
        this.summary.decisions.total++;
        for (const c of command.candidates) if (c.filteredBy !== undefined) bump(this.summary.decisions.filteredBy, c.filteredBy.split(':')[0] ?? c.filteredBy);
        break;
      case 'merge':
        this.summary.merges++;
        break;
      case 'identityRefused':
        this.summary.identityRefusals++;
        break;
      default:
        break;
    }
  };

  finish(profiles: Iterable<Profile>, counts: { eventsApplied: number; duplicates: number; timersFired: number }): ReplaySummary {
    const s = this.summary;
    let n = 0;
    for (const p of profiles) {
      n++;
      for (const e of p.enrollments) if (e.status === 'active') this.journey(e.journeyId).activeNow++;
    }
    s.profiles = n;
    s.eventsApplied = counts.eventsApplied;
    s.duplicates = counts.duplicates;
    s.timersFired = counts.timersFired;
    for (const j of Object.values(s.journeys)) {
      j.conversionRate = { treatment: rate(j.converted.treatment, j.entered - j.heldOut), holdout: rate(j.converted.holdout, j.heldOut) };
      j.liftPoints = Math.round((j.conversionRate.treatment - j.conversionRate.holdout) * 10_000) / 100;
    }
    return s;
  }
}
