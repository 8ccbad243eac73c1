import type { PathwiseEvent } from './event.ts';

/**
 * What became of an action Pathwise sent, reported by the platform that carried it: a rep
 * completed the task, a contact clicked the email. Connectors emit it as a track event with
 * this name, so journeys can also wait for it (`waitFor: { event: "Action Outcome" }`), and the
 * core records it against the action's idempotency key for learning and reports.
 */
export const ACTION_OUTCOME_EVENT = 'Action Outcome';

/** Outcomes connectors report today; others are accepted as given. */
export type ActionOutcomeKind = 'completed' | 'opened' | 'clicked' | 'replied' | 'bounced' | 'unsubscribed' | 'ignored' | (string & {});

export interface ActionOutcome {
  /** The outbox key (idempotency key) of the action the outcome is about. */
  actionKey: string;
  outcome: ActionOutcomeKind;
  /** The platform's id for the thing it created (HubSpot task id). */
  ref?: string;
}

/** Properties for an outcome event, as connectors build it. */
export function actionOutcomeProperties(outcome: ActionOutcome): Record<string, string> {
  return { actionKey: outcome.actionKey, outcome: outcome.outcome, ...(outcome.ref !== undefined ? { ref: outcome.ref } : {}) };
}

/** The outcome an event reports, or undefined when it is not a well-formed outcome event. */
export function readActionOutcome(event: PathwiseEvent): ActionOutcome | undefined {
  if (event.type !== 'track' || event.event !== ACTION_OUTCOME_EVENT) return undefined;
  const p = event.properties ?? {};
  const actionKey = p['actionKey'];
  const outcome = p['outcome'];
  if (typeof actionKey !== 'string' || actionKey === '' || typeof outcome !== 'string' || outcome === '') return undefined;
  const ref = p['ref'];
  return { actionKey, outcome, ...(typeof ref === 'string' ? { ref } : {}) };
}
