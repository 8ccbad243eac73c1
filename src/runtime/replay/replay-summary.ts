import type { Command } from '../../core/commands.ts';
import type { Profile } from '../../core/profiles/profile.ts';

export interface JourneySummary {
  /** Entries, treated and held out together. */
  entered: number;
  treated: number;
  /** Entries kept out as the control group: they run no steps but are measured against the goal. */
  heldOut: number;
  /** Step id → times a treated enrollment entered that step. */
  steps: Record<string, number>;
  /** Enrollments still active when the replay stopped (0 after a drain, unless a journey never ends). */
  activeNow: number;
  completed: number;
  exited: number;
  /** Exit reason (exit condition or exit step) → exits. */
  exitedBy: Record<string, number>;
  failed: number;
  converted: { treatment: number; holdout: number };
  /** Conversions per entry of the group, 0 to 1, rounded to 4 decimals (0 when the group is empty). */
  conversionRate: { treatment: number; holdout: number };
  /** Treatment conversion rate minus the holdout's, in percentage points (2 decimals): what the journey added. */
  liftPoints: number;
}

export interface RejectedLine {
  /** 1-based line number in the file. */
  line: number;
  errors: string[];
}

export interface ReplaySummary {
  /** Non-blank lines read. */
  eventsRead: number;
  /** Events the engine applied (read − rejected − duplicates). */
  eventsApplied: number;
  rejected: { count: number; first: RejectedLine[] };
  /** Events whose (source, messageId) had been applied already. */
  duplicates: number;
  /** Event time of the earliest and latest applied event, ISO-8601 (null when none). */
  firstEventAt: string | null;
  lastEventAt: string | null;
  /** Whether the timers left after the last event were fired. */
  drained: boolean;
  profiles: number;
  merges: number;
  identityRefusals: number;
  timersFired: number;
  journeys: Record<string, JourneySummary>;
  /** Actions sent; `deferred` counts those whose send time was pushed past the decision (quiet hours). */
  actions: { total: number; deferred: number; byDestination: Record<string, number>; byChannel: Record<string, number>; byAction: Record<string, number> };
  /** Decision records (one per action or decide step run); `filteredBy` counts candidates stopped, by policy. */
  decisions: { total: number; withAction: number; filteredBy: Record<string, number> };
}

/** Rejected lines kept with their reasons; the rest are only counted. */
export const KEPT_REJECTIONS = 20;

function bump(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

function rate(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

/** The policy or rule that stopped a candidate: "consent: email_opt_in is not true" → "consent". */
function policyOf(filteredBy: string): string {
  const colon = filteredBy.indexOf(':');
  return colon === -1 ? filteredBy : filteredBy.slice(0, colon);
}

function emptyJourney(): JourneySummary {
  return {
    entered: 0,
    treated: 0,
    heldOut: 0,
    steps: {},
    activeNow: 0,
    completed: 0,
    exited: 0,
    exitedBy: {},
    failed: 0,
    converted: { treatment: 0, holdout: 0 },
    conversionRate: { treatment: 0, holdout: 0 },
    liftPoints: 0,
  };
}

/**
 * Accumulates the replay report from the engine's command stream, as it is emitted: feed
 * `onCommand` to the engine's command sink, `reject` the lines that never reached it, then
 * `finish` with the final profiles and the engine's counters.
 */
export class SummaryBuilder {
  private readonly summary: ReplaySummary = {
    eventsRead: 0,
    eventsApplied: 0,
    rejected: { count: 0, first: [] },
    duplicates: 0,
    firstEventAt: null,
    lastEventAt: null,
    drained: false,
    profiles: 0,
    merges: 0,
    identityRefusals: 0,
    timersFired: 0,
    journeys: {},
    actions: { total: 0, deferred: 0, byDestination: {}, byChannel: {}, byAction: {} },
    decisions: { total: 0, withAction: 0, filteredBy: {} },
  };
  /** Held-out enrollments until they end: a conversion is credited to the group it was drawn in. */
  private readonly heldOut = new Set<string>();
  /** Time of the last decision: the engine records each decision just before the send it chose. */
  private decidedAt = 0;

  constructor(journeyIds: readonly string[]) {
    // Journeys nobody entered still appear, with zeros: "nobody entered" is a finding.
    for (const id of journeyIds) this.journey(id);
  }

  read(): void {
    this.summary.eventsRead++;
  }

  reject(line: number, errors: string[]): void {
    this.summary.rejected.count++;
    if (this.summary.rejected.first.length < KEPT_REJECTIONS) this.summary.rejected.first.push({ line, errors });
  }

  private journey(id: string): JourneySummary {
    let j = this.summary.journeys[id];
    if (!j) {
      j = emptyJourney();
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
            j.treated++;
            break;
          case 'held_out':
            j.entered++;
            j.heldOut++;
            this.heldOut.add(command.enrollmentId);
            break;
          case 'step':
            if (command.stepId !== undefined) bump(j.steps, command.stepId);
            break;
          case 'converted':
            // An enrollment converts at most once, so its group is not needed after this.
            if (this.heldOut.delete(command.enrollmentId)) j.converted.holdout++;
            else j.converted.treatment++;
            break;
          case 'completed':
            j.completed++;
            this.heldOut.delete(command.enrollmentId);
            break;
          case 'exited':
            j.exited++;
            bump(j.exitedBy, command.detail ?? 'exit');
            this.heldOut.delete(command.enrollmentId);
            break;
          case 'failed':
            j.failed++;
            this.heldOut.delete(command.enrollmentId);
            break;
          default:
            break;
        }
        break;
      }
      case 'send':
        this.summary.actions.total++;
        if (command.sendAt > this.decidedAt) this.summary.actions.deferred++;
        bump(this.summary.actions.byDestination, command.destination);
        bump(this.summary.actions.byChannel, command.channel);
        bump(this.summary.actions.byAction, command.actionId);
        break;
      case 'recordDecision':
        this.summary.decisions.total++;
        this.decidedAt = command.at;
        if (command.chosen !== undefined) this.summary.decisions.withAction++;
        for (const c of command.candidates) if (c.filteredBy !== undefined) bump(this.summary.decisions.filteredBy, policyOf(c.filteredBy));
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

  finish(
    profiles: Iterable<Profile>,
    engine: { eventsApplied: number; duplicates: number; timersFired: number; firstEventAt?: number; lastEventAt?: number; drained: boolean },
  ): ReplaySummary {
    const s = this.summary;
    let n = 0;
    for (const p of profiles) {
      n++;
      for (const e of p.enrollments) if (e.status === 'active') this.journey(e.journeyId).activeNow++;
    }
    s.profiles = n;
    s.eventsApplied = engine.eventsApplied;
    s.duplicates = engine.duplicates;
    s.timersFired = engine.timersFired;
    s.drained = engine.drained;
    s.firstEventAt = engine.firstEventAt === undefined ? null : new Date(engine.firstEventAt).toISOString();
    s.lastEventAt = engine.lastEventAt === undefined ? null : new Date(engine.lastEventAt).toISOString();
    for (const j of Object.values(s.journeys)) {
      const treatment = rate(j.converted.treatment, j.treated);
      const holdout = rate(j.converted.holdout, j.heldOut);
      j.conversionRate = { treatment: round(treatment, 4), holdout: round(holdout, 4) };
      j.liftPoints = round((treatment - holdout) * 100, 2);
    }
    return s;
  }
}
