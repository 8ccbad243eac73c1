import type { Journey, Reentry } from '../../manifest/schema/journeys.ts';
import type { Predicate } from '../conditions/eval-context.ts';

export type CompiledStep =
  | { type: 'wait'; id: string; durationMs: number; until?: { hour: number; minute: number; days?: Set<number> }; next?: string }
  | { type: 'waitFor'; id: string; test: Predicate; text: string; timeoutMs: number; next?: string; onTimeout?: string }
  | { type: 'branch'; id: string; branches: { test: Predicate; text: string; next: string }[]; otherwise?: string }
  | { type: 'split'; id: string; cumulative: number[]; nexts: string[]; labels: string[] }
  | { type: 'action'; id: string; actionId: string; next?: string }
  | { type: 'decide'; id: string; candidates: string[]; fallback?: string; next?: string }
  | { type: 'update'; id: string; traits: Record<string, unknown>; next?: string }
  | { type: 'exit'; id: string; reason: string };

export type TriggerKind = 'event' | 'traitChanged' | 'record' | 'audienceEntered';

export interface CompiledJourney {
  id: string;
  version: number;
  name: string;
  definition: Journey;
  triggerKind: TriggerKind;
  /** For event triggers: the event name, so the engine looks journeys up by name. */
  triggerEvent?: string;
  /** For traitChanged / audienceEntered: the trait or audience key. */
  triggerKey?: string;
  trigger: Predicate;
  triggerText: string;
  reentry: Reentry & { afterMs?: number };
  goal?: { test: Predicate; text: string; withinMs: number; onGoal: 'exit' | 'continue' };
  exits: { test: Predicate; text: string }[];
  holdout: number;
  start: string;
  steps: Map<string, CompiledStep>;
}
