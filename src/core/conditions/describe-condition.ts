import type { Condition } from '../../manifest/schema/conditions.ts';

const OP_WORDS: Record<string, string> = {
  eq: 'is',
  ne: 'is not',
  gt: 'is above',
  gte: 'is at least',
  lt: 'is below',
  lte: 'is at most',
  in: 'is one of',
  nin: 'is none of',
  contains: 'contains',
  startsWith: 'starts with',
  matches: 'matches',
};

const COUNT_WORDS: Record<string, string> = {
  eq: 'exactly',
  ne: 'not exactly',
  gt: 'more than',
  gte: 'at least',
  lt: 'fewer than',
  lte: 'at most',
};

function show(value: unknown): string {
  return Array.isArray(value) ? value.map(show).join(', ') : typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * A short English sentence for a condition, used in the explanation that travels with an action
 * ("Pricing Page Viewed at least 3 times in 14d"), so a rep reads signals rather than JSON.
 */
export function describeCondition(condition: Condition): string {
  if ('all' in condition) return condition.all.map(describeCondition).join(' and ');
  if ('any' in condition) return condition.any.map(describeCondition).join(' or ');
  if ('not' in condition) return `not (${describeCondition(condition.not)})`;
  if ('count' in condition) {
    return `${condition.count.event} ${COUNT_WORDS[condition.op] ?? condition.op} ${condition.value} times in ${condition.count.within}`;
  }
  if ('lastSeen' in condition) return `${condition.lastSeen} within the last ${condition.within}`;
  if ('inAudience' in condition) return `in audience ${condition.inAudience}`;
  if ('traitChanged' in condition) {
    const to = 'to' in condition ? ` to ${show(condition.to)}` : '';
    return `${condition.traitChanged} changed${to}`;
  }
  if ('event' in condition) return condition.where ? `${condition.event} where ${describeCondition(condition.where)}` : condition.event;
  if (condition.op === 'exists') return condition.value === false ? `${condition.path} is missing` : `${condition.path} is set`;
  return `${condition.path} ${OP_WORDS[condition.op] ?? condition.op} ${show(condition.value)}`;
}
