import type { Command } from '../commands.ts';
import type { PathwiseEvent } from '../events/event.ts';
import type { CompiledManifest } from '../engine/compiled-manifest.ts';
import { journeyVersion } from '../engine/compiled-manifest.ts';
import { applySuppressions } from '../policies/contact-policy.ts';
import type { Profile } from '../profiles/profile.ts';
import type { RecordNews } from '../profiles/record-memory.ts';
import { utcDay } from '../time/utc-day.ts';
import type { CompiledJourney } from './compiled-journey.ts';
import { cancelGoalTimer, endEnrollment, failEnrollment, pruneEndedEnrollments } from './end-enrollment.ts';
import { enroll, reentryBlock } from './enroll.ts';
import type { Enrollment } from './enrollment.ts';
import { addTrail, runFrom } from './run-steps.ts';
import type { StepRun } from './step-run.ts';

/** What changed on the profile when the event was applied (from profiles/apply-event). */
export interface AppliedChange {
  traitsChanged: Record<string, { from: unknown; to: unknown }>;
  audiencesEntered: string[];
  /** For a record event: the fields it really changed, and whether it was news at all. */
  record?: RecordNews;
}

export type StepInput =
  | { kind: 'event'; event: PathwiseEvent; change: AppliedChange }
  | { kind: 'timer'; timerId: string; enrollmentId: string };

export interface StepResult {
  profile: Profile;
  commands: Command[];
}

function journeyOf(run: StepRun, enrollment: Enrollment): CompiledJourney | undefined {
  return journeyVersion(run.compiled, enrollment.journeyId, enrollment.version);
}

function onEvent(run: StepRun, enrollment: Enrollment, journey: CompiledJourney): void {
  // A loop rather than `exits.find(closure)`: this runs for every active enrollment on every event.
  for (const exit of journey.exits) {
    if (exit.test(run.ctx)) {
      endEnrollment(run, enrollment, 'exited', `exit: ${exit.text}`);
      return;
    }
  }
  const goal = journey.goal;
  if (goal && enrollment.convertedAt === undefined && enrollment.goalDeadline !== undefined && run.now <= enrollment.goalDeadline && goal.test(run.ctx)) {
    enrollment.convertedAt = run.now;
    if (goal.onGoal === 'exit' || enrollment.group === 'holdout') {
      endEnrollment(run, enrollment, 'converted', `goal: ${goal.text}`);
      return;
    }
    cancelGoalTimer(run.commands, enrollment);
    run.commands.push({
      type: 'journeyEvent',
      profileId: run.profile.id,
      journeyId: journey.id,
      version: journey.version,
      enrollmentId: enrollment.id,
      at: run.now,
      kind: 'converted',
      detail: `goal: ${goal.text}`,
    });
  }
  const waiting = enrollment.waiting;
  if (waiting?.kind === 'event' && enrollment.stepId !== undefined) {
    const step = journey.steps.get(enrollment.stepId);
    if (step?.type === 'waitFor' && step.test(run.ctx)) {
      run.commands.push({ type: 'cancelTimer', timerId: waiting.timerId, dueAt: waiting.dueAt });
      enrollment.waiting = undefined;
      addTrail(enrollment, `${step.text} on ${utcDay(run.now)}`);
      runFrom(run, journey, enrollment, step.next);
    }
  }
}

function onTimer(run: StepRun, enrollment: Enrollment, journey: CompiledJourney, timerId: string): void {
  if (timerId === enrollment.goalTimerId) {
    enrollment.goalTimerId = undefined;
    // The conversion window is over; an enrollment with no step left (holdout, or treated and
    // done with its steps) has nothing else to wait for.
    if (enrollment.stepId === undefined) endEnrollment(run, enrollment, 'completed', 'goal window ended without the goal');
    return;
  }
  const waiting = enrollment.waiting;
  // A timer that is not the one the enrollment waits on is stale (cancelled, or fired twice): ignore it.
  if (!waiting || waiting.timerId !== timerId || enrollment.stepId === undefined) return;
  enrollment.waiting = undefined;
  const step = journey.steps.get(enrollment.stepId);
  if (step?.type === 'wait') runFrom(run, journey, enrollment, step.next);
  else if (step?.type === 'waitFor') {
    addTrail(enrollment, `no ${step.text} within the timeout`);
    runFrom(run, journey, enrollment, step.onTimeout);
  } else failEnrollment(run, enrollment, `timer fired on step "${enrollment.stepId}" which does not wait`);
}

/** Journeys whose trigger the input meets, all tested before any enrolls; undefined (no array made) when none, the usual case. */
function triggered(run: StepRun, event: PathwiseEvent, change: AppliedChange): CompiledJourney[] | undefined {
  const { compiled } = run;
  const byName = event.event !== undefined ? compiled.byEvent.get(event.event) : undefined;
  let hits: CompiledJourney[] | undefined;
  if (byName) for (const j of byName) if (j.trigger(run.ctx)) (hits ??= []).push(j);
  for (const j of compiled.otherTriggers) {
    const relevant =
      (j.triggerKind === 'traitChanged' && j.triggerKey !== undefined && j.triggerKey in change.traitsChanged) ||
      (j.triggerKind === 'audienceEntered' && j.triggerKey !== undefined && change.audiencesEntered.includes(j.triggerKey)) ||
      (j.triggerKind === 'record' && event.record !== undefined);
    if (relevant && j.trigger(run.ctx)) (hits ??= []).push(j);
  }
  return hits;
}

/**
 * The journey engine: `step(profile, input, now)` → the profile's next state and the commands
 * the runtime must carry out. Deterministic and free of I/O. For speed the profile object is
 * updated in place and returned; callers that need the old snapshot keep a copy.
 * Existing enrollments see the input first (exit, goal, waitFor), then triggers may enroll.
 * Commands are appended to `commands` when given (the caller's list, so nothing is copied).
 */
export function step(compiled: CompiledManifest, profile: Profile, input: StepInput, now: number, commands: Command[] = []): StepResult {
  const run: StepRun = {
    profile,
    compiled,
    now,
    commands,
    // One shape for every event's context (a spread of an optional field was a runtime call per event).
    ctx: input.kind === 'event' ? { profile, event: input.event, now, traitChanges: input.change.traitsChanged, recordNews: input.change.record } : { profile, now },
  };
  if (input.kind === 'event') {
    applySuppressions(profile, run.ctx, now, compiled.policies);
    // By index over the enrollments there were: nothing below removes one, and enrolling (after
    // this loop) appends; no copy of the list per event.
    const enrollments = profile.enrollments;
    for (let i = 0, n = enrollments.length; i < n; i++) {
      const enrollment = enrollments[i] as Enrollment;
      if (enrollment.status !== 'active') continue;
      const journey = journeyOf(run, enrollment);
      if (!journey) failEnrollment(run, enrollment, `journey ${enrollment.journeyId} v${enrollment.version} is no longer known`);
      else if (enrollment.group === 'holdout' || journey.exits.length > 0 || journey.goal || enrollment.waiting?.kind === 'event') {
        onEvent(run, enrollment, journey);
      }
    }
    const hits = triggered(run, input.event, input.change);
    if (hits !== undefined) {
      for (const journey of hits) {
        const blocked = reentryBlock(run, journey);
        if (blocked === undefined) enroll(run, journey, `${journey.triggerText} on ${utcDay(now)}`);
      }
    }
  } else {
    let enrollment: Enrollment | undefined;
    for (const e of profile.enrollments) {
      if (e.id === input.enrollmentId) {
        enrollment = e;
        break;
      }
    }
    if (enrollment && enrollment.status === 'active') {
      const journey = journeyOf(run, enrollment);
      if (!journey) failEnrollment(run, enrollment, `journey ${enrollment.journeyId} v${enrollment.version} is no longer known`);
      else onTimer(run, enrollment, journey, input.timerId);
    }
  }
  profile.enrollments = pruneEndedEnrollments(profile.enrollments);
  return { profile, commands: run.commands };
}
