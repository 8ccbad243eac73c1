export type EnrollmentStatus = 'active' | 'completed' | 'exited' | 'converted' | 'failed';
export type EnrollmentGroup = 'treatment' | 'holdout';

/** What an enrollment waits for while it sits on a step. */
export type Waiting =
  | { kind: 'timer'; timerId: string; dueAt: number }
  | { kind: 'event'; timerId: string; dueAt: number };

export interface EnrollmentError {
  at: number;
  stepId: string;
  message: string;
}

/**
 * The optional fields an enrollment drops as it moves (`stepId`, `waiting`, `goalTimerId`) are
 * set to undefined, never deleted: deleting any but the last-added property turns the object
 * into a dictionary (several times the memory, slower to read on every event), and
 * JSON.stringify leaves undefined out, so snapshots hold the same fields either way.
 */
export interface Enrollment {
  id: string;
  journeyId: string;
  version: number;
  group: EnrollmentGroup;
  status: EnrollmentStatus;
  enteredAt: number;
  /** Current step; for a holdout enrollment, absent (it never runs steps). */
  stepId?: string;
  stepEnteredAt: number;
  /** Steps executed so far: part of every idempotency key this enrollment mints. */
  stepCount: number;
  waiting?: Waiting;
  goalDeadline?: number;
  goalTimerId?: string;
  convertedAt?: number;
  endedAt?: number;
  endReason?: string;
  errors: EnrollmentError[];
  /** The signals that moved this enrollment along (trigger, matched branches), newest last, capped. */
  trail?: string[];
}

export interface JourneyHistory {
  entries: number;
  lastEnteredAt: number;
  lastEndedAt?: number;
}
