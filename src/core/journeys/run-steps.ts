import { unitInterval } from '../hash/stable-hash.ts';
import { appended } from '../profiles/appended.ts';
import { nextLocalTime, profileTimeZone } from '../policies/local-time.ts';
import type { CompiledJourney, CompiledStep } from './compiled-journey.ts';
import { decideAndSend } from './send-action.ts';
import { endEnrollment, failEnrollment } from './end-enrollment.ts';
import type { Enrollment } from './enrollment.ts';
import { MAX_STEPS_PER_INPUT, TRAIL_LENGTH, type StepRun } from './step-run.ts';

/** What a step does next: go on to a step id, finish (undefined), or stop and wait. */
type Flow = { go: string | undefined } | { wait: true } | { ended: true };

export function addTrail(enrollment: Enrollment, reason: string): void {
  const trail = enrollment.trail;
  if (trail === undefined) enrollment.trail = [reason];
  else if (trail.length < TRAIL_LENGTH) enrollment.trail = appended(trail, reason);
  else enrollment.trail = appended(trail.slice(trail.length - TRAIL_LENGTH + 1), reason);
}

function timerId(enrollment: Enrollment): string {
  return `${enrollment.id}:t${enrollment.stepCount}`;
}

function execute(run: StepRun, journey: CompiledJourney, enrollment: Enrollment, step: CompiledStep): Flow {
  const { now, profile } = run;
  switch (step.type) {
    case 'wait': {
      let dueAt = now + step.durationMs;
      if (step.until) {
        const zone = profileTimeZone(profile, run.compiled.policies.timeZoneTrait, run.compiled.policies.timeZone);
        dueAt = nextLocalTime(dueAt, zone, step.until.hour, step.until.minute, step.until.days);
      }
      const id = timerId(enrollment);
      enrollment.waiting = { kind: 'timer', timerId: id, dueAt };
      run.commands.push({ type: 'scheduleTimer', timerId: id, profileId: profile.id, enrollmentId: enrollment.id, dueAt });
      return { wait: true };
    }
    case 'waitFor': {
      const id = timerId(enrollment);
      const dueAt = now + step.timeoutMs;
      enrollment.waiting = { kind: 'event', timerId: id, dueAt };
      run.commands.push({ type: 'scheduleTimer', timerId: id, profileId: profile.id, enrollmentId: enrollment.id, dueAt });
      return { wait: true };
    }
    case 'branch': {
      for (const branch of step.branches) {
        if (branch.test(run.ctx)) {
          addTrail(enrollment, branch.text);
          return { go: branch.next };
        }
      }
      return { go: step.otherwise };
    }
    case 'split': {
      // Hash of the enrollment and step: the same person always takes the same path, in replay too.
      const u = unitInterval(`${enrollment.id}:${step.id}`, 7);
      const index = step.cumulative.findIndex((c) => u < c);
      const chosen = index === -1 ? step.nexts.length - 1 : index;
      addTrail(enrollment, `split ${step.id}: ${step.labels[chosen]}`);
      return { go: step.nexts[chosen] };
    }
    case 'action':
      decideAndSend(run, journey, enrollment, step.id, [step.actionId], undefined);
      return { go: step.next };
    case 'decide':
      decideAndSend(run, journey, enrollment, step.id, step.candidates, step.fallback);
      return { go: step.next };
    case 'update': {
      const changed: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(step.traits)) {
        if (profile.traits[key] !== value) {
          profile.traits[key] = value;
          changed[key] = value;
        }
      }
      if (Object.keys(changed).length > 0) {
        profile.updatedAt = now;
        run.commands.push({ type: 'traitsChanged', profileId: profile.id, changed, at: now });
      }
      return { go: step.next };
    }
    case 'exit':
      endEnrollment(run, enrollment, 'exited', step.reason);
      return { ended: true };
  }
}


/**
 * Moves an enrollment from `stepId` until it must wait or ends. Never throws: an error (bad
 * data, a missing step, a loop with no wait) fails this enrollment alone, with the reason.
 */
export function runFrom(run: StepRun, journey: CompiledJourney, enrollment: Enrollment, stepId: string | undefined): void {
  let current = stepId;
  try {
    for (let budget = MAX_STEPS_PER_INPUT; ; budget--) {
      if (enrollment.status !== 'active') return;
      if (current === undefined) {
        if (enrollment.goalTimerId !== undefined && enrollment.convertedAt === undefined) {
          // Steps are done but the conversion window is open: keep measuring the goal, as the
          // holdout does, so treated and held-out conversions are compared over the same window.
          enrollment.stepId = undefined;
          addTrail(enrollment, 'steps done; waiting for the goal');
          return;
        }
        endEnrollment(run, enrollment, 'completed', 'reached the end of the journey');
        return;
      }
      if (budget === 0) {
        failEnrollment(run, enrollment, `ran ${MAX_STEPS_PER_INPUT} steps without waiting: a loop with no wait?`);
        return;
      }
      const step = journey.steps.get(current);
      if (!step) {
        failEnrollment(run, enrollment, `unknown step "${current}" in ${journey.id} v${journey.version}`);
        return;
      }
      enrollment.stepId = current;
      enrollment.stepEnteredAt = run.now;
      enrollment.stepCount++;
      run.commands.push({
        type: 'journeyEvent',
        profileId: run.profile.id,
        journeyId: journey.id,
        version: journey.version,
        enrollmentId: enrollment.id,
        at: run.now,
        kind: 'step',
        stepId: current,
      });
      const flow = execute(run, journey, enrollment, step);
      if ('go' in flow) current = flow.go;
      else return;
    }
  } catch (err) {
    failEnrollment(run, enrollment, `step ${current ?? '?'}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
