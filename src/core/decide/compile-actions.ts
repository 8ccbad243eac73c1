import type { Action } from '../../manifest/schema/actions.ts';
import { compileCondition, type TrackedEvents } from '../conditions/compile-condition.ts';
import { describeCondition } from '../conditions/describe-condition.ts';
import type { Predicate } from '../conditions/eval-context.ts';

export interface EngagementRule {
  kind: 'eligibility' | 'applicability' | 'suitability';
  test: Predicate;
  text: string;
}

export interface CompiledAction {
  definition: Action;
  /** Checked in this order; the first that fails names why the action was filtered. */
  rules: EngagementRule[];
}

export function compileAction(action: Action, tracked: TrackedEvents): CompiledAction {
  const rules: EngagementRule[] = [];
  for (const kind of ['eligibility', 'applicability', 'suitability'] as const) {
    const condition = action[kind];
    if (condition) rules.push({ kind, test: compileCondition(condition, tracked), text: describeCondition(condition) });
  }
  return { definition: action, rules };
}
