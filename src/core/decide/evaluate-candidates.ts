import type { CandidateOutcome } from '../commands.ts';
import type { EvalContext } from '../conditions/eval-context.ts';
import type { CompiledPolicies } from '../policies/compile-policies.ts';
import { checkContactPolicy } from '../policies/contact-policy.ts';
import type { CompiledAction } from './compile-actions.ts';

export interface Scored {
  action: CompiledAction;
  priority: number;
  sendAt: number;
}

/**
 * Scores an action for arbitration. Today: value × lever (propensity and context weight are 1).
 * The learning decider replaces this function and keeps the rest of the pipeline.
 */
export type PriorityFn = (action: CompiledAction, ctx: EvalContext) => number;

export const valueTimesLever: PriorityFn = (action) => action.definition.value * action.definition.lever;

export interface Evaluation {
  scored: Scored[];
  outcomes: CandidateOutcome[];
}

/**
 * Eligibility → applicability → suitability → contact policy → priority, for every candidate,
 * keeping the reason each filtered one was stopped.
 */
export function evaluateCandidates(
  candidates: readonly (CompiledAction | undefined)[],
  ids: readonly string[],
  ctx: EvalContext,
  policies: CompiledPolicies,
  priority: PriorityFn,
): Evaluation {
  const scored: Scored[] = [];
  const outcomes: CandidateOutcome[] = [];
  candidates.forEach((action, i) => {
    const actionId = ids[i] as string;
    if (!action) {
      outcomes.push({ actionId, filteredBy: 'unknown action' });
      return;
    }
    const failed = action.rules.find((rule) => !rule.test(ctx));
    if (failed) {
      outcomes.push({ actionId, filteredBy: `${failed.kind}: ${failed.text}` });
      return;
    }
    const verdict = checkContactPolicy(ctx.profile, action.definition, ctx.now, policies);
    if (!verdict.allowed) {
      outcomes.push({ actionId, filteredBy: verdict.reason });
      return;
    }
    const p = priority(action, ctx);
    scored.push({ action, priority: p, sendAt: verdict.sendAt });
    outcomes.push({ actionId, priority: p });
  });
  return { scored, outcomes };
}

/** Highest priority wins; ties go to the candidate listed first (a stable, explainable rule). */
export function arbitrate(scored: readonly Scored[]): { winner?: Scored; runnerUp?: Scored } {
  let winner: Scored | undefined;
  let runnerUp: Scored | undefined;
  for (const s of scored) {
    if (!winner || s.priority > winner.priority) {
      runnerUp = winner;
      winner = s;
    } else if (!runnerUp || s.priority > runnerUp.priority) {
      runnerUp = s;
    }
  }
  return { ...(winner ? { winner } : {}), ...(runnerUp ? { runnerUp } : {}) };
}
