import type { Explanation, RecordDecisionCommand } from '../commands.ts';
import type { CompiledAction } from '../decide/compile-actions.ts';
import { arbitrate, evaluateCandidate, type Evaluation } from '../decide/evaluate-candidates.ts';
import { appended } from '../profiles/appended.ts';
import type { CompiledJourney } from './compiled-journey.ts';
import type { Enrollment } from './enrollment.ts';
import type { StepRun } from './step-run.ts';

/** The signals that led here, as the enrollment's trail stands now (the trail moves on; the explanation keeps a copy). */
function explain(run: StepRun, journey: CompiledJourney, enrollment: Enrollment, stepId: string): Explanation {
  const event = run.ctx.event;
  const explanation: Explanation = {
    journeyId: journey.id,
    journeyName: journey.name,
    stepId,
    reasons: enrollment.trail !== undefined ? enrollment.trail.slice() : [],
  };
  if (event) {
    explanation.trigger = event.event ? { type: event.type, at: event.timestamp, event: event.event } : { type: event.type, at: event.timestamp };
  }
  return explanation;
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
  const evaluation: Evaluation = { scored: [], outcomes: [] };
  for (const id of candidateIds) evaluateCandidate(compiled.actions.get(id), id, ctx, compiled.policies, compiled.priority, evaluation);
  const { scored, outcomes } = evaluation;
  const { winner, runnerUp } = arbitrate(scored);
  const decisionId = `${enrollment.id}:d${enrollment.stepCount}`;

  let chosen: { action: CompiledAction; sendAt: number; priority?: number } | undefined = winner;
  if (!chosen && fallbackId !== undefined) {
    const fallback = compiled.actions.get(fallbackId);
    if (fallback) {
      const fb: Evaluation = { scored: [], outcomes: [] };
      evaluateCandidate(fallback, fallbackId, ctx, compiled.policies, compiled.priority, fb);
      const ok = fb.scored[0];
      if (ok) chosen = ok;
      for (const o of fb.outcomes) outcomes.push(o);
    } else {
      outcomes.push({ actionId: fallbackId, filteredBy: 'unknown action' });
    }
  }
  // Two literals rather than a spread of `chosen`: the same keys in the same order, no temporary object.
  const decision: RecordDecisionCommand = chosen
    ? { type: 'recordDecision', decisionId, profileId: profile.id, journeyId: journey.id, stepId, at: now, chosen: chosen.action.definition.id, candidates: outcomes }
    : { type: 'recordDecision', decisionId, profileId: profile.id, journeyId: journey.id, stepId, at: now, candidates: outcomes };
  run.commands.push(decision);
  if (!chosen) return undefined;

  const action = chosen.action.definition;
  // The rep reads the signals that led here; the engagement rules it passed are in the decision log.
  const explanation = explain(run, journey, enrollment, stepId);
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
  profile.contacts = appended(profile.contacts, { at: chosen.sendAt, channel: action.channel, actionId: action.id });
  return action.id;
}
