import type { Journey, Step, Trigger } from '../../manifest/schema/journeys.ts';
import { compileCondition, type TrackedEvents } from '../conditions/compile-condition.ts';
import { describeCondition } from '../conditions/describe-condition.ts';
import type { Predicate } from '../conditions/eval-context.ts';
import { parseLocalTime, weekdayNumbers } from '../policies/local-time.ts';
import { durationMs } from '../time/duration.ts';
import type { CompiledJourney, CompiledStep } from './compiled-journey.ts';

const ALWAYS: Predicate = () => true;

function compileTrigger(trigger: Trigger, tracked: TrackedEvents): Pick<CompiledJourney, 'triggerKind' | 'trigger' | 'triggerText'> & { triggerEvent?: string; triggerKey?: string } {
  const where = trigger.where ? compileCondition(trigger.where, tracked) : ALWAYS;
  const whereText = trigger.where ? ` where ${describeCondition(trigger.where)}` : '';
  switch (trigger.type) {
    case 'event':
      return { triggerKind: 'event', triggerEvent: trigger.event, trigger: where, triggerText: `${trigger.event}${whereText}` };
    case 'traitChanged': {
      const test = compileCondition(
        'to' in trigger ? { traitChanged: trigger.trait, to: trigger.to } : { traitChanged: trigger.trait },
        tracked,
      );
      return {
        triggerKind: 'traitChanged',
        triggerKey: trigger.trait,
        trigger: (ctx) => test(ctx) && where(ctx),
        triggerText: `${trigger.trait} changed${'to' in trigger ? ` to ${String(trigger.to)}` : ''}${whereText}`,
      };
    }
    case 'record': {
      const { object, changeType, field } = trigger;
      return {
        triggerKind: 'record',
        trigger: (ctx) => {
          const record = ctx.event?.record;
          if (!record || record.object !== object) return false;
          if (changeType !== undefined && record.changeType !== changeType) return false;
          // What the profile already heard (the same change from a webhook and a sync, a redelivery, a late report) triggers nothing.
          const news = ctx.recordNews;
          if (news !== undefined && (field !== undefined ? !news.fieldsChanged.includes(field) : !news.isNews)) return false;
          if (field !== undefined && !(field in record.changed)) return false;
          return where(ctx);
        },
        triggerText: `${object} ${changeType ?? 'changed'}${field ? ` (${field})` : ''}${whereText}`,
      };
    }
    case 'audienceEntered':
      return { triggerKind: 'audienceEntered', triggerKey: trigger.audience, trigger: where, triggerText: `entered audience ${trigger.audience}${whereText}` };
  }
}

function compileStep(step: Step, tracked: TrackedEvents): CompiledStep {
  switch (step.type) {
    case 'wait': {
      const compiled: CompiledStep = { type: 'wait', id: step.id, durationMs: step.duration ? durationMs(step.duration) : 0, ...(step.next ? { next: step.next } : {}) };
      if (step.until) {
        const days = weekdayNumbers(step.until.days);
        compiled.until = { ...parseLocalTime(step.until.time), ...(days ? { days } : {}) };
      }
      return compiled;
    }
    case 'waitFor':
      return {
        type: 'waitFor',
        id: step.id,
        test: compileCondition(step.condition, tracked),
        text: describeCondition(step.condition),
        timeoutMs: durationMs(step.timeout),
        ...(step.next ? { next: step.next } : {}),
        ...(step.onTimeout ? { onTimeout: step.onTimeout } : {}),
      };
    case 'branch':
      return {
        type: 'branch',
        id: step.id,
        branches: step.branches.map((b) => ({ test: compileCondition(b.when, tracked), text: describeCondition(b.when), next: b.next })),
        ...(step.otherwise ? { otherwise: step.otherwise } : {}),
      };
    case 'split': {
      const total = step.paths.reduce((sum, p) => sum + p.weight, 0);
      let running = 0;
      return {
        type: 'split',
        id: step.id,
        cumulative: step.paths.map((p) => (running += p.weight / total)),
        nexts: step.paths.map((p) => p.next),
        labels: step.paths.map((p, i) => p.label ?? `path ${i + 1}`),
      };
    }
    case 'action':
      return { type: 'action', id: step.id, actionId: step.action, ...(step.next ? { next: step.next } : {}) };
    case 'decide':
      return {
        type: 'decide',
        id: step.id,
        candidates: step.candidates,
        ...(step.fallback ? { fallback: step.fallback } : {}),
        ...(step.next ? { next: step.next } : {}),
      };
    case 'update':
      return { type: 'update', id: step.id, traits: step.traits, ...(step.next ? { next: step.next } : {}) };
    case 'exit':
      return { type: 'exit', id: step.id, reason: step.reason ?? `exit step ${step.id}` };
  }
}

/** Compiles one version of a journey: conditions become closures, durations milliseconds. */
export function compileJourney(journey: Journey, tracked: TrackedEvents): CompiledJourney {
  const steps = new Map<string, CompiledStep>();
  for (const step of journey.steps) steps.set(step.id, compileStep(step, tracked));
  const compiled: CompiledJourney = {
    id: journey.id,
    version: journey.version,
    name: journey.name ?? journey.id,
    definition: journey,
    ...compileTrigger(journey.trigger, tracked),
    reentry: { ...journey.reentry, ...(journey.reentry.after ? { afterMs: durationMs(journey.reentry.after) } : {}) },
    exits: journey.exit.map((c) => ({ test: compileCondition(c, tracked), text: describeCondition(c) })),
    holdout: journey.holdout,
    start: journey.start,
    steps,
  };
  if (journey.goal) {
    compiled.goal = {
      test: compileCondition(journey.goal.condition, tracked),
      text: describeCondition(journey.goal.condition),
      withinMs: durationMs(journey.goal.within),
      onGoal: journey.goal.onGoal,
    };
  }
  return compiled;
}
