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

/** The first engagement rule the action fails, if any. */
function failedRule(action: CompiledAction, ctx: EvalContext): CompiledAction['rules'][number] | undefined {
  for (const rule of action.rules) if (!rule.test(ctx)) return rule;
  return undefined;
}

/**
 * Eligibility → applicability → suitability → contact policy → priority for one candidate,
 * appending to `into`: its outcome always, its score when it passed.
 */
export function evaluateCandidate(action: CompiledAction | undefined, actionId: string, ctx: EvalContext, policies: CompiledPolicies, priority: PriorityFn, into: Evaluation): void {
  if (!action) {
    into.outcomes.push({ actionId, filteredBy: 'unknown action' });
    return;
  }
  const failed = failedRule(action, ctx);
  if (failed) {
    into.outcomes.push({ actionId, filteredBy: `${failed.kind}: ${failed.text}` });
    return;
  }
  const verdict = checkContactPolicy(ctx.profile, action.definition, ctx.now, policies);
  if (!verdict.allowed) {
    into.outcomes.push({ actionId, filteredBy: verdict.reason });
    return;
  }
  const p = priority(action, ctx);
  into.scored.push({ action, priority: p, sendAt: verdict.sendAt });
  into.outcomes.push({ actionId, priority: p });
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
  const evaluation: Evaluation = { scored: [], outcomes: [] };
  for (let i = 0; i < candidates.length; i++) evaluateCandidate(candidates[i], ids[i] as string, ctx, policies, priority, evaluation);
  return evaluation;
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
  // Absent keys, not undefined values: the same shape as ever, without spreading temporary objects.
  const result: { winner?: Scored; runnerUp?: Scored } = {};
  if (winner) result.winner = winner;
  if (runnerUp) result.runnerUp = runnerUp;
  return result;
}
