import type { JsonObject } from './events/event.ts';

/** Why an action was chosen, travelling with it so the rep sees *why now*. */
export interface Explanation {
  journeyId?: string;
  journeyName?: string;
  stepId?: string;
  /** Short human sentences: the signals that led here. */
  reasons: string[];
  /** The triggering event, when there is one. */
  trigger?: { event?: string; type: string; at: number };
  priority?: number;
  runnerUp?: { actionId: string; priority: number };
}

export interface SendCommand {
  type: 'send';
  /** Idempotency key: the same decision always mints the same key, across retries and crashes. */
  key: string;
  profileId: string;
  actionId: string;
  destination: string;
  channel: string;
  /** Not before this time (quiet hours defer a send). */
  sendAt: number;
  explanation: Explanation;
}

export interface ScheduleTimerCommand {
  type: 'scheduleTimer';
  timerId: string;
  profileId: string;
  enrollmentId: string;
  dueAt: number;
}

export interface CancelTimerCommand {
  type: 'cancelTimer';
  timerId: string;
  /**
   * The time the timer was scheduled for: a timer is named by its id and due time, so that the
   * durable store keeps timers in one B-tree ordered by time (see the timers migration). The core
   * never schedules one id at two times.
   */
  dueAt: number;
}

export interface CandidateOutcome {
  actionId: string;
  /** Why it was filtered, or absent when it was eligible and scored. */
  filteredBy?: string;
  priority?: number;
}

export interface RecordDecisionCommand {
  type: 'recordDecision';
  decisionId: string;
  profileId: string;
  journeyId?: string;
  stepId?: string;
  at: number;
  chosen?: string;
  candidates: CandidateOutcome[];
}

export interface JourneyEventCommand {
  type: 'journeyEvent';
  profileId: string;
  journeyId: string;
  version: number;
  enrollmentId: string;
  at: number;
  kind: 'entered' | 'step' | 'converted' | 'exited' | 'completed' | 'failed' | 'held_out' | 'skipped';
  stepId?: string;
  detail?: string;
}

export interface MergeCommand {
  type: 'merge';
  survivorId: string;
  absorbedId: string;
  at: number;
}

export interface IdentityRefusedCommand {
  type: 'identityRefused';
  profileId: string;
  identifier: string;
  reason: string;
  at: number;
}

export interface TraitsChangedCommand {
  type: 'traitsChanged';
  profileId: string;
  changed: JsonObject;
  at: number;
}

/** What became of a sent action (task completed, email clicked): kept for learning and reports. */
export interface RecordOutcomeCommand {
  type: 'recordOutcome';
  profileId: string;
  /** The outbox key of the action. */
  actionKey: string;
  outcome: string;
  /** The platform's id of what the action created. */
  ref?: string;
  source: string;
  at: number;
}

export type Command =
  | SendCommand
  | ScheduleTimerCommand
  | CancelTimerCommand
  | RecordDecisionCommand
  | JourneyEventCommand
  | MergeCommand
  | IdentityRefusedCommand
  | TraitsChangedCommand
  | RecordOutcomeCommand;
