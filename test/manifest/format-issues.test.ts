import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatIssues, formatPath, showValue } from '../../src/manifest/format-issues.ts';
import { Manifest, type ManifestInput } from '../../src/manifest/schema/manifest.ts';

/** The lines an admin would read for this schema and input. */
function lines(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) throw new Error('expected the input to be refused');
  return formatIssues(result.error.issues).map((i) => `${i.path}: ${i.message}`);
}

/** A manifest with one journey whose `exit` conditions are the ones under test. */
function withExit(...exit: unknown[]): unknown {
  const journey = { id: 'j', trigger: { type: 'event', event: 'A' }, exit, start: 's', steps: [{ id: 's', type: 'exit' }] };
  return { version: 1, name: 'x', journeys: [journey] } satisfies Record<string, unknown>;
}

function withSteps(...steps: unknown[]): unknown {
  return { version: 1, name: 'x', journeys: [{ id: 'j', trigger: { type: 'event', event: 'A' }, start: 's', steps }] };
}

describe('formatPath', () => {
  it('writes keys with dots and indexes in brackets', () => {
    expect(formatPath(['journeys', 1, 'steps', 3, 'timeout'])).toBe('journeys[1].steps[3].timeout');
  });

  it('names the root when the path is empty', () => {
    expect(formatPath([])).toBe('(root)');
  });
});

describe('showValue', () => {
  it('cuts long strings to keep the line short', () => {
    expect(showValue('pat-na1-0123456789abcdef0123456789abcdef0123456789')).toBe('"pat-na1-0123456789abcdef0123456789abc…"');
  });

  it('names composite values instead of printing them', () => {
    expect([showValue([1]), showValue({ a: 1 }), showValue({}), showValue(undefined), showValue(3)]).toEqual(['an array', 'an object', 'an empty object', 'nothing', '3']);
  });
});

describe('formatIssues on conditions (a union of strict objects)', () => {
  it('reports a mistyped operator at op, listing the operators of every shape that has one', () => {
    expect(lines(Manifest, withExit({ path: 'traits.plan', op: 'equals', value: 'pro' }))).toEqual([
      'journeys[0].exit[0].op: expected one of "eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "contains", "startsWith", "matches", "exists", got "equals"',
    ]);
  });

  it('reports a wrong value type in the branch whose keys the admin used', () => {
    expect(lines(Manifest, withExit({ count: { event: 'Pricing Page Viewed', within: '14d' }, op: 'gte', value: 'three' }))).toEqual([
      'journeys[0].exit[0].value: expected a number, got "three"',
    ]);
  });

  it('prefers the exists shape when op is "exists" and only the value is wrong', () => {
    expect(lines(Manifest, withExit({ path: 'traits.plan', op: 'exists', value: 'yes' }))).toEqual(['journeys[0].exit[0].value: expected true or false, got "yes"']);
  });

  it('reports a missing value as missing rather than as a wrong operator', () => {
    expect(lines(Manifest, withExit({ path: 'traits.plan', op: 'eq' }))).toEqual(['journeys[0].exit[0].value: missing; expected a value']);
  });

  it('goes down into nested conditions to the key that is wrong', () => {
    expect(lines(Manifest, withExit({ all: [{ event: 'A' }, { not: { count: { event: 'B', within: '7 days' }, op: 'gte', value: 1 } }] }))).toEqual([
      'journeys[0].exit[0].all[1].not.count.within: expected a duration like "7d" (units: ms, s, m, h, d, w), got "7 days"',
    ]);
  });

  it('names the extra key when the rest of the shape fits', () => {
    expect(lines(Manifest, withExit({ event: 'Demo Booked', within: '7d' }))).toEqual(['journeys[0].exit[0]: unknown key "within"']);
  });

  it('lists the shapes a condition can take when no key fits any of them', () => {
    expect(lines(Manifest, withExit({ trait: 'plan', equals: 'pro' }))).toEqual([
      'journeys[0].exit[0]: expected one of {path, op, value} | {path, op: "exists"} | {all} | {any} | {not} | {event} | {count, op, value} | {lastSeen, within} | {inAudience} | {traitChanged}, got keys "trait", "equals"',
    ]);
  });

  it('says a condition must be an object when it is a bare string', () => {
    expect(lines(Manifest, withExit('Cancellation Requested'))).toEqual(['journeys[0].exit[0]: expected an object, got "Cancellation Requested"']);
  });
});

describe('formatIssues on steps and triggers (discriminated unions)', () => {
  it('names the unknown step type and the known ones', () => {
    expect(lines(Manifest, withSteps({ id: 's', type: 'sleep', duration: '1d' }))).toEqual([
      'journeys[0].steps[0].type: expected one of "wait", "waitFor", "branch", "split", "action", "decide", "update", "exit", got "sleep"',
    ]);
  });

  it('says the type is missing when there is none', () => {
    expect(lines(Manifest, withSteps({ id: 's', duration: '1d' }))).toEqual([
      'journeys[0].steps[0].type: missing; expected one of "wait", "waitFor", "branch", "split", "action", "decide", "update", "exit"',
    ]);
  });

  it('keeps the message the schema wrote for a refinement', () => {
    expect(lines(Manifest, withSteps({ id: 's', type: 'wait' }))).toEqual(['journeys[0].steps[0].duration: a wait needs `duration` or `until`']);
  });
});

describe('formatIssues rewrites zod defaults to say what was found and what was expected', () => {
  const manifest = (patch: Partial<Record<keyof ManifestInput, unknown>>) => ({ version: 1, name: 'x', ...patch });

  it.each([
    ['a wrong literal', manifest({ version: 2 }), 'version: expected 1, got 2'],
    ['a missing key', { version: 1 }, 'name: missing; expected a string'],
    ['an unknown key at the root', manifest({ jorneys: [] } as Record<string, unknown>), '(root): unknown key "jorneys"'],
    ['a number over its maximum', manifest({ journeys: [{ id: 'j', trigger: { type: 'event', event: 'A' }, holdout: 0.9, start: 's', steps: [{ id: 's', type: 'exit' }] }] }), 'journeys[0].holdout: expected at most 0.5, got 0.9'],
    ['an empty array', manifest({ journeys: [{ id: 'j', trigger: { type: 'event', event: 'A' }, start: 's', steps: [] }] }), 'journeys[0].steps: expected at least 1 item, got 0'],
    ['an enum', manifest({ actions: [{ id: 'a', channel: 'mail', destination: 'hubspot.sendEmail' }] }), 'actions[0].channel: expected one of "email", "sms", "push", "task", "call", "audience", "event", "webhook", got "mail"'],
    ['a union of literals', manifest({ connections: { hubspot: { requestsPer10s: 150 } } }), 'connections.hubspot.requestsPer10s: expected 100 or 190, got 150'],
    ['a URL', manifest({ connections: { webhook: { url: 'not a url' } } }), 'connections.webhook.url: expected a URL like "https://example.com", got "not a url"'],
    ['an empty string', manifest({ name: '' }), 'name: expected a non-empty string, got ""'],
  ])('%s', (_, input, expected) => {
    expect(lines(Manifest, input)).toEqual([expected]);
  });

  it('keeps a message the schema wrote, such as the literal-secret one', () => {
    expect(lines(Manifest, manifest({ connections: { hubspot: { accessToken: 'pat-na1-secret' } } }))).toEqual([
      'connections.hubspot.accessToken: secrets must be an environment reference like {"env":"MY_SECRET"}, got a literal string',
    ]);
  });

  it('still gives a line for each issue when parsed without reportInput', () => {
    const result = Manifest.safeParse({ version: 1 });
    expect(result.success).toBe(false);
    expect(formatIssues(result.error?.issues ?? []).map((i) => `${i.path}: ${i.message}`)).toEqual(['name: missing; expected a string']);
  });

  it('reports each problem once, as errors', () => {
    const schema = z.object({ a: z.number(), b: z.string() });
    const result = schema.safeParse({ a: 'x', b: 1 }, { reportInput: true });
    expect(formatIssues(result.error?.issues ?? [])).toEqual([
      { path: 'a', message: 'expected a number, got "x"', severity: 'error' },
      { path: 'b', message: 'expected a string, got 1', severity: 'error' },
    ]);
  });
});
