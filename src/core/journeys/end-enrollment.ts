import type { CancelTimerCommand } from '../commands.ts';
import { appended } from '../profiles/appended.ts';
import type { Enrollment, EnrollmentStatus } from './enrollment.ts';
import { ENDED_ENROLLMENTS_KEPT, type StepRun } from './step-run.ts';

/** Where cancellations go: a step's commands, or a merge's timer commands. */
type Cancellations = { push(command: CancelTimerCommand): unknown };

/** Cancels the timers an enrollment holds (the step it waits on, its goal window) and forgets them. */
export function cancelTimers(commands: Cancellations, enrollment: Enrollment): void {
  if (enrollment.waiting) {
    commands.push({ type: 'cancelTimer', timerId: enrollment.waiting.timerId, dueAt: enrollment.waiting.dueAt });
    enrollment.waiting = undefined;
  }
  cancelGoalTimer(commands, enrollment);
}

/** The goal timer is due at the goal deadline (see `enroll`). */
export function cancelGoalTimer(commands: Cancellations, enrollment: Enrollment): void {
  if (enrollment.goalTimerId === undefined) return;
  if (enrollment.goalDeadline !== undefined) commands.push({ type: 'cancelTimer', timerId: enrollment.goalTimerId, dueAt: enrollment.goalDeadline });
  enrollment.goalTimerId = undefined;
}

const KIND_BY_STATUS = { completed: 'completed', exited: 'exited', converted: 'converted', failed: 'failed' } as const;

/** Ends an enrollment: timers cancelled, history updated, the outcome emitted once. */
export function endEnrollment(run: StepRun, enrollment: Enrollment, status: Exclude<EnrollmentStatus, 'active'>, reason: string): void {
  if (enrollment.status !== 'active') return;
  cancelTimers(run.commands, enrollment);
  enrollment.status = status;
  enrollment.endedAt = run.now;
  enrollment.endReason = reason;
  const history = run.profile.journeyHistory[enrollment.journeyId];
  if (history) history.lastEndedAt = run.now;
  const kind = status === 'converted' ? 'converted' : KIND_BY_STATUS[status];
  const { stepId } = enrollment;
  // Two literals rather than a spread: the same keys in the same order, no temporary object.
  run.commands.push(
    stepId
      ? { type: 'journeyEvent', profileId: run.profile.id, journeyId: enrollment.journeyId, version: enrollment.version, enrollmentId: enrollment.id, at: run.now, kind, stepId, detail: reason }
      : { type: 'journeyEvent', profileId: run.profile.id, journeyId: enrollment.journeyId, version: enrollment.version, enrollmentId: enrollment.id, at: run.now, kind, detail: reason },
  );
}

/** Records an error on the enrollment and ends it: bad data becomes visible, never an exception. */
export function failEnrollment(run: StepRun, enrollment: Enrollment, message: string): void {
  // A copy, never a push: a new enrollment's list is a shared frozen empty array (see enroll).
  enrollment.errors = appended(enrollment.errors, { at: run.now, stepId: enrollment.stepId ?? '', message });
  endEnrollment(run, enrollment, 'failed', message);
}

/** Keeps active enrollments and the most recent ended ones. */
export function pruneEndedEnrollments(enrollments: Enrollment[]): Enrollment[] {
  let ended = 0;
  for (const e of enrollments) if (e.status !== 'active') ended++;
  if (ended <= ENDED_ENROLLMENTS_KEPT) return enrollments;
  let toDrop = ended - ENDED_ENROLLMENTS_KEPT;
  return enrollments.filter((e) => {
    if (e.status === 'active' || toDrop === 0) return true;
    toDrop--;
    return false;
  });
}
