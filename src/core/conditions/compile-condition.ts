import safeRegex from 'safe-regex2';
import type { Condition } from '../../manifest/schema/conditions.ts';
import { durationMs } from '../time/duration.ts';
import { looseEquals, order } from './compare.ts';
import type { EvalContext, Predicate } from './eval-context.ts';
import { compilePath, type PathReader } from './read-path.ts';

export class ConditionError extends Error {}

/** Events whose occurrence times must be kept on profiles, with the longest window counted. */
export type TrackedEvents = Map<string, number>;

function comparison(read: PathReader, op: string, value: unknown): Predicate {
  switch (op) {
    case 'eq':
      return (ctx) => looseEquals(read(ctx), value);
    case 'ne':
      return (ctx) => !looseEquals(read(ctx), value);
    case 'gt':
      return (ctx) => (order(read(ctx), value) ?? Number.NaN) > 0;
    case 'gte':
      return (ctx) => (order(read(ctx), value) ?? Number.NaN) >= 0;
    case 'lt':
      return (ctx) => (order(read(ctx), value) ?? Number.NaN) < 0;
    case 'lte':
      return (ctx) => (order(read(ctx), value) ?? Number.NaN) <= 0;
    case 'in':
    case 'nin': {
      if (!Array.isArray(value)) throw new ConditionError(`"${op}" needs an array value, got ${JSON.stringify(value)}`);
      const options = value as unknown[];
      const isIn = (ctx: EvalContext) => {
        const actual = read(ctx);
        return options.some((o) => looseEquals(actual, o));
      };
      return op === 'in' ? isIn : (ctx) => !isIn(ctx);
    }
    case 'contains':
      return (ctx) => {
        const actual = read(ctx);
        if (typeof actual === 'string') return typeof value === 'string' && actual.includes(value);
        if (Array.isArray(actual)) return actual.some((item) => looseEquals(item, value));
        return false;
      };
    case 'startsWith':
      if (typeof value !== 'string') throw new ConditionError(`"startsWith" needs a string value, got ${JSON.stringify(value)}`);
      return (ctx) => {
        const actual = read(ctx);
        return typeof actual === 'string' && actual.startsWith(value);
      };
    case 'matches': {
      if (typeof value !== 'string') throw new ConditionError(`"matches" needs a regular expression string, got ${JSON.stringify(value)}`);
      let re: RegExp;
      try {
        re = new RegExp(value);
      } catch (err) {
        throw new ConditionError(`"matches" has an invalid regular expression: ${(err as Error).message}`);
      }
      // The pattern is the admin's, the text it runs on comes from events: a repetition inside a
      // repetition can take exponential time on a crafted value and hang the worker on one event.
      if (!safeRegex(re)) {
        throw new ConditionError(`"matches" pattern ${JSON.stringify(value)} nests a repetition inside a repetition, which can take exponential time on some inputs (event data decides); write it without the outer repeat, e.g. "(a+)+" as "a+"`);
      }
      return (ctx) => {
        const actual = read(ctx);
        return typeof actual === 'string' && re.test(actual);
      };
    }
    case 'exists': {
      const wanted = value === undefined ? true : value === true;
      return (ctx) => {
        const actual = read(ctx);
        return (actual !== undefined && actual !== null) === wanted;
      };
    }
    default:
      throw new ConditionError(`unknown operator "${op}"`);
  }
}

function countIn(times: number[] | undefined, from: number, to: number): number {
  if (!times || times.length === 0) return 0;
  // Times are kept ascending: binary search the window start, then count up to `to`.
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) <= from) lo = mid + 1;
    else hi = mid;
  }
  let n = 0;
  for (let i = lo; i < times.length && (times[i] as number) <= to; i++) n++;
  return n;
}

function track(tracked: TrackedEvents, name: string, windowMs: number): void {
  tracked.set(name, Math.max(tracked.get(name) ?? 0, windowMs));
}

/**
 * Compiles a manifest condition into a closure, once, at manifest load. Records in `tracked`
 * which event names profiles must keep times for, so that counting stays cheap and bounded.
 */
export function compileCondition(condition: Condition, tracked: TrackedEvents = new Map()): Predicate {
  if ('all' in condition) {
    const parts = condition.all.map((c) => compileCondition(c, tracked));
    return (ctx) => parts.every((p) => p(ctx));
  }
  if ('any' in condition) {
    const parts = condition.any.map((c) => compileCondition(c, tracked));
    return (ctx) => parts.some((p) => p(ctx));
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not, tracked);
    return (ctx) => !inner(ctx);
  }
  if ('count' in condition) {
    const { event, within } = condition.count;
    const windowMs = durationMs(within);
    track(tracked, event, windowMs);
    const target = condition.value;
    const op = condition.op;
    return (ctx) => {
      const n = countIn(ctx.profile.eventTimes[event], ctx.now - windowMs, ctx.now);
      return compareCount(n, op, target);
    };
  }
  if ('lastSeen' in condition) {
    const name = condition.lastSeen;
    const windowMs = durationMs(condition.within);
    return (ctx) => {
      const last = ctx.profile.lastSeenByEvent[name];
      return last !== undefined && last > ctx.now - windowMs && last <= ctx.now;
    };
  }
  if ('inAudience' in condition) {
    const key = condition.inAudience;
    return (ctx) => ctx.profile.audiences[key] !== undefined;
  }
  if ('traitChanged' in condition) {
    const { traitChanged: trait } = condition;
    const hasFrom = 'from' in condition;
    const hasTo = 'to' in condition;
    const { from, to } = condition;
    return (ctx) => {
      const change = ctx.traitChanges?.[trait];
      if (!change) return false;
      if (hasFrom && !looseEquals(change.from, from)) return false;
      if (hasTo && !looseEquals(change.to, to)) return false;
      return true;
    };
  }
  if ('event' in condition) {
    const name = condition.event;
    const where = condition.where ? compileCondition(condition.where, tracked) : undefined;
    return (ctx) => ctx.event !== undefined && ctx.event.event === name && (where === undefined || where(ctx));
  }
  if ('path' in condition) {
    return comparison(compilePath(condition.path), condition.op, condition.value);
  }
  throw new ConditionError(`unrecognised condition ${JSON.stringify(condition)}`);
}

function compareCount(n: number, op: string, target: number): boolean {
  switch (op) {
    case 'eq':
      return n === target;
    case 'ne':
      return n !== target;
    case 'gt':
      return n > target;
    case 'gte':
      return n >= target;
    case 'lt':
      return n < target;
    case 'lte':
      return n <= target;
    default:
      return false;
  }
}
