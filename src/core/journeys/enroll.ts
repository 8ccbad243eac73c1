import { unitInterval } from '../hash/stable-hash.ts';
import { appended } from '../profiles/appended.ts';
import type { CompiledJourney } from './compiled-journey.ts';
import { endEnrollment } from './end-enrollment.ts';
import type { Enrollment } from './enrollment.ts';
import { addTrail, runFrom } from './run-steps.ts';
import type { StepRun } from './step-run.ts';

/**
 * Every new enrollment's error list: one shared, frozen empty array rather than an object per
 * enrollment (almost all stay empty). `failEnrollment` replaces it with a list of its own.
 */
const NO_ERRORS = Object.freeze([]) as unknown as Enrollment['errors'];

/** Why a profile may not enter a journey now, or undefined when it may. */
export function reentryBlock(run: StepRun, journey: CompiledJourney): string | undefined {
  const { profile, now } = run;
  for (const e of profile.enrollments) {
    if (e.journeyId === journey.id && e.status === 'active') return 'already in the journey';
  }
  const history = profile.journeyHistory[journey.id];
  if (!history || history.entries === 0) return undefined;
  const { mode, maxEntries, afterMs } = journey.reentry;
  if (maxEntries !== undefined && history.entries >= maxEntries) return `max entries ${maxEntries} reached`;
  if (mode === 'never') return 're-entry: never';
  if (mode === 'after' && afterMs !== undefined && now - history.lastEnteredAt < afterMs) return `re-entry: not before ${journey.reentry.after}`;
  return undefined;
}

/**
 * Enrolls the profile: the holdout is decided by a hash of profile and journey, so the same
 * person is always in the same group. A holdout enrollment runs no steps but is measured
 * against the goal like the treated ones.
 */
export function enroll(run: StepRun, journey: CompiledJourney, reason: string): Enrollment {
  const { profile, now } = run;
  const history = (profile.journeyHistory[journey.id] ??= { entries: 0, lastEnteredAt: now });
  const enrollment: Enrollment = {
    // Unique without hashing: a profile enters a journey once per entry number.
    id: `${profile.id}:${journey.id}:${history.entries}`,
    journeyId: journey.id,
    version: journey.version,
    group: unitInterval(`${profile.id}|${journey.id}`, 3) < journey.holdout ? 'holdout' : 'treatment',
    status: 'active',
    enteredAt: now,
    stepId: undefined,
    stepEnteredAt: now,
    stepCount: 0,
    waiting: undefined,
    goalDeadline: undefined,
    goalTimerId: undefined,
    convertedAt: undefined,
    endedAt: undefined,
    endReason: undefined,
    errors: NO_ERRORS,
    trail: undefined,
  };
  history.entries++;
  history.lastEnteredAt = now;
  profile.enrollments = appended(profile.enrollments, enrollment);
  addTrail(enrollment, reason);
  run.commands.push({
    type: 'journeyEvent',
    profileId: profile.id,
    journeyId: journey.id,
    version: journey.version,
    enrollmentId: enrollment.id,
    at: now,
    kind: enrollment.group === 'holdout' ? 'held_out' : 'entered',
    detail: reason,
  });
  if (journey.goal) {
    enrollment.goalDeadline = now + journey.goal.withinMs;
    enrollment.goalTimerId = `${enrollment.id}:goal`;
    run.commands.push({
      type: 'scheduleTimer',
      timerId: enrollment.goalTimerId,
      profileId: profile.id,
      enrollmentId: enrollment.id,
      dueAt: enrollment.goalDeadline,
    });
  }
  if (enrollment.group === 'holdout') {
    if (!journey.goal) endEnrollment(run, enrollment, 'completed', 'holdout: nothing to measure');
    return enrollment;
  }
  runFrom(run, journey, enrollment, journey.start);
  return enrollment;
}
