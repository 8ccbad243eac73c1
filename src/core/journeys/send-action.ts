import type { Explanation } from '../commands.ts';
import type { CompiledAction } from '../decide/compile-actions.ts';
import { arbitrate, evaluateCandidates } from '../decide/evaluate-candidates.ts';
import type { CompiledJourney } from './compiled-journey.ts';
import type { Enrollment } from './enrollment.ts';
import type { StepRun } from './step-run.ts';

function explain(run: StepRun, journey: CompiledJourney, enrollment: Enrollment, stepId: string, extra: string[]): Explanation {
  const event = run.ctx.event;
  return {
    journeyId: journey.id,
    journeyName: journey.name,
    stepId,
    reasons: [...(enrollment.trail ?? []), ...extra],
    ...(event ? { trigger: { type: event.type, at: event.timestamp, ...(event.event ? { event: event.event } : {}) } } : {}),
  };
}

/**
 * Runs the decision pipeline over candidates and sends the winner (or the fallback). Used by
 * both `action` (one candidate) and `decide` (many) steps, so both obey the same policies and
 * leave the same decision record.
 */
export function decideAndSend(
  run: StepRun,
  journey: CompiledJourney,
  enrollment: Enrollment,
  stepId: string,
  candidateIds: readonly string[],
  fallbackId: string | undefined,
): string | undefined {
  const { compiled, ctx, profile, now } = run;
  const candidates = candidateIds.map((id) => compiled.actions.get(id));
  const { scored, outcomes } = evaluateCandidates(candidates, candidateIds, ctx, compiled.policies, compiled.priority);
  const { winner, runnerUp } = arbitrate(scored);
  const decisionId = `${enrollment.id}:d${enrollment.stepCount}`;

  let chosen: { action: CompiledAction; sendAt: number; priority?: number } | undefined = winner;
  if (!chosen && fallbackId !== undefined) {
    const fallback = compiled.actions.get(fallbackId);
    const fb = fallback ? evaluateCandidates([fallback], [fallbackId], ctx, compiled.policies, compiled.priority) : undefined;
    const ok = fb?.scored[0];
    if (ok) chosen = ok;
    outcomes.push(...(fb?.outcomes ?? [{ actionId: fallbackId, filteredBy: 'unknown action' }]));
  }
  run.commands.push({
    type: 'recordDecision',
    decisionId,
    profileId: profile.id,
    journeyId: journey.id,
    stepId,
    at: now,
    ...(chosen ? { chosen: chosen.action.definition.id } : {}),
    candidates: outcomes,
  });
  if (!chosen) return undefined;

  const action = chosen.action.definition;
  // The rep reads the signals that led here; the engagement rules it passed are in the decision log.
  const explanation = explain(run, journey, enrollment, stepId, []);
  if (winner && candidateIds.length > 1) explanation.priority = winner.priority;
  if (runnerUp) explanation.runnerUp = { actionId: runnerUp.action.definition.id, priority: runnerUp.priority };
  run.commands.push({
    type: 'send',
    key: `${enrollment.id}:${enrollment.stepCount}:${action.id}`,
    profileId: profile.id,
    actionId: action.id,
    destination: action.destination,
    channel: action.channel,
    sendAt: chosen.sendAt,
    explanation,
  });
  profile.contacts.push({ at: chosen.sendAt, channel: action.channel, actionId: action.id });
  return action.id;
}
