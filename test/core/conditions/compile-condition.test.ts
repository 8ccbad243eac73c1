import { describe, expect, it } from 'vitest';
import { compileCondition, ConditionError } from '../../../src/core/conditions/compile-condition.ts';
import type { EvalContext } from '../../../src/core/conditions/eval-context.ts';
import type { Condition } from '../../../src/manifest/schema/conditions.ts';
import { DAY, profileWith, T0, track } from '../../helpers/core-fixtures.ts';

function ctx(): EvalContext {
  const profile = profileWith({ plan: 'pro', seats: 12, email: 'ann@acme.io', tags: ['vip', 'beta'], company: { size: 250 }, signup: '2026-01-15' });
  profile.eventTimes['Pricing Page Viewed'] = [T0 - 20 * DAY, T0 - 5 * DAY, T0 - 2 * DAY, T0 - DAY];
  profile.lastSeenByEvent['Login'] = T0 - 3 * DAY;
  profile.audiences['high_value'] = T0 - DAY;
  return {
    profile,
    now: T0,
    event: track('Order Completed', T0, { amount: 120, currency: 'usd' }, { context: { channel: 'web' } }),
    traitChanges: { plan: { from: 'trial', to: 'pro' } },
  };
}

const cases: [string, Condition, boolean][] = [
  ['eq on a trait', { path: 'traits.plan', op: 'eq', value: 'pro' }, true],
  ['eq treats "12" and 12 alike', { path: 'traits.seats', op: 'eq', value: '12' }, true],
  ['ne', { path: 'traits.plan', op: 'ne', value: 'pro' }, false],
  ['gt on an event property', { path: 'properties.amount', op: 'gt', value: 100 }, true],
  ['gte at the boundary', { path: 'properties.amount', op: 'gte', value: 120 }, true],
  ['lt', { path: 'properties.amount', op: 'lt', value: 120 }, false],
  ['lte', { path: 'traits.seats', op: 'lte', value: 12 }, true],
  ['gt on ISO dates compares as text', { path: 'traits.signup', op: 'gt', value: '2026-01-01' }, true],
  ['gt on a missing value is false', { path: 'traits.missing', op: 'gt', value: 1 }, false],
  ['in', { path: 'traits.plan', op: 'in', value: ['pro', 'enterprise'] }, true],
  ['nin', { path: 'traits.plan', op: 'nin', value: ['pro'] }, false],
  ['contains on a string', { path: 'traits.email', op: 'contains', value: '@acme' }, true],
  ['contains on an array', { path: 'traits.tags', op: 'contains', value: 'beta' }, true],
  ['startsWith', { path: 'properties.currency', op: 'startsWith', value: 'us' }, true],
  ['matches', { path: 'traits.email', op: 'matches', value: '^[a-z]+@acme\\.io$' }, true],
  ['exists', { path: 'traits.company.size', op: 'exists' }, true],
  ['exists false on a missing path', { path: 'traits.company.name', op: 'exists', value: false }, true],
  ['nested path', { path: 'traits.company.size', op: 'gte', value: 200 }, true],
  ['context path', { path: 'context.channel', op: 'eq', value: 'web' }, true],
  ['event name path', { path: 'event', op: 'eq', value: 'Order Completed' }, true],
  ['all', { all: [{ path: 'traits.plan', op: 'eq', value: 'pro' }, { path: 'traits.seats', op: 'gt', value: 20 }] }, false],
  ['any', { any: [{ path: 'traits.plan', op: 'eq', value: 'free' }, { path: 'traits.seats', op: 'gt', value: 10 }] }, true],
  ['not', { not: { path: 'traits.plan', op: 'eq', value: 'pro' } }, false],
  ['event matches the current event', { event: 'Order Completed' }, true],
  ['event with where', { event: 'Order Completed', where: { path: 'properties.amount', op: 'lt', value: 50 } }, false],
  ['count within a window excludes older events', { count: { event: 'Pricing Page Viewed', within: '7d' }, op: 'eq', value: 3 }, true],
  ['count over a longer window', { count: { event: 'Pricing Page Viewed', within: '30d' }, op: 'gte', value: 4 }, true],
  ['count of an unseen event is 0', { count: { event: 'Never', within: '30d' }, op: 'eq', value: 0 }, true],
  ['lastSeen within', { lastSeen: 'Login', within: '7d' }, true],
  ['lastSeen outside the window', { lastSeen: 'Login', within: '2d' }, false],
  ['inAudience', { inAudience: 'high_value' }, true],
  ['not inAudience', { inAudience: 'churned' }, false],
  ['traitChanged', { traitChanged: 'plan' }, true],
  ['traitChanged to', { traitChanged: 'plan', to: 'pro' }, true],
  ['traitChanged from the wrong value', { traitChanged: 'plan', from: 'free' }, false],
  ['traitChanged of an unchanged trait', { traitChanged: 'seats' }, false],
];

describe('compileCondition', () => {
  it.each(cases)('%s', (_name, condition, expected) => {
    expect(compileCondition(condition)(ctx())).toBe(expected);
  });

  it('records the events and the longest window that counting needs', () => {
    const tracked = new Map<string, number>();
    compileCondition({ count: { event: 'A', within: '7d' }, op: 'gte', value: 1 }, tracked);
    compileCondition({ any: [{ count: { event: 'A', within: '14d' }, op: 'gte', value: 1 }] }, tracked);
    expect([...tracked]).toEqual([['A', 14 * DAY]]);
  });

  it.each([
    [{ path: 'nowhere.x', op: 'eq', value: 1 }, 'unknown path root "nowhere"'],
    [{ path: 'traits.x', op: 'in', value: 'pro' }, '"in" needs an array value'],
    [{ path: 'traits.x', op: 'matches', value: '([' }, 'invalid regular expression'],
    [{ path: 'traits.email', op: 'matches', value: '^(\\w+\\s?)+$' }, 'nests a repetition inside a repetition'],
    [{ path: 'traits.x', op: 'matches', value: '(a+)+b' }, 'nests a repetition inside a repetition'],
  ] as [Condition, string][])('refuses a bad condition at compile time: %j', (condition, message) => {
    expect(() => compileCondition(condition)).toThrow(message);
  });

  it('throws ConditionError, not a generic error, for operator misuse', () => {
    expect(() => compileCondition({ path: 'traits.x', op: 'startsWith', value: 3 })).toThrow(ConditionError);
  });
});
