import { locales, type z } from 'zod';

export interface ManifestIssue {
  /** JSON path as an admin reads it: `journeys[1].steps[3].timeout`; `(root)` for the whole file. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

type Issue = z.core.$ZodIssue;
type Line = { path: PropertyKey[]; message: string };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

const english = locales.en().localeError;

/**
 * A message the schema's author wrote for admins is kept as it is; zod's generic English is
 * rewritten. Telling them apart by re-rendering the default is sturdier than matching wording.
 */
function isDefaultMessage(issue: Issue): boolean {
  // The error map takes zod's raw issue; the finished one carries every field it reads.
  const rendered = english(issue as unknown as z.core.$ZodRawIssue);
  return (typeof rendered === 'string' ? rendered : rendered?.message) === issue.message;
}

function hasInput(issue: Issue): boolean {
  return 'input' in issue;
}

/** A missing key: zod reports it as a type or value mismatch against `undefined`. */
function isMissing(issue: Issue): boolean {
  if (issue.code !== 'invalid_type' && issue.code !== 'invalid_value' && issue.code !== 'invalid_union') return false;
  return hasInput(issue) ? issue.input === undefined : / received undefined$/.test(issue.message);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** What the admin wrote, short enough to keep the issue on one readable line. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}…` : value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (isPlainObject(value)) return Object.keys(value).length === 0 ? 'an empty object' : 'an object';
  return String(value);
}

const TYPE_NOUNS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'an array',
  tuple: 'an array',
  nonoptional: 'a value',
  null: 'null',
};

function typeNoun(expected: string): string {
  return TYPE_NOUNS[expected] ?? expected;
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => JSON.stringify(v));
  if (shown.length === 1) return shown[0] ?? '';
  if (shown.length === 2) return `${shown[0]} or ${shown[1]}`;
  return `one of ${shown.join(', ')}`;
}

function got(issue: Issue): string {
  return hasInput(issue) ? `, got ${showValue(issue.input)}` : '';
}

function bound(issue: Extract<Issue, { code: 'too_big' | 'too_small' }>): string {
  const big = issue.code === 'too_big';
  const limit = Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
  const inclusive = issue.inclusive !== false;
  const count = (noun: string) => `${big ? 'at most' : 'at least'} ${limit} ${noun}${limit === 1 ? '' : 's'}`;
  switch (issue.origin) {
    case 'string':
      if (!big && limit === 1) return `expected a non-empty string${got(issue)}`;
      return `expected ${count('character')}${hasInput(issue) ? `, got ${String(issue.input).length}` : ''}`;
    case 'array':
    case 'set':
      return `expected ${count('item')}${Array.isArray(issue.input) ? `, got ${issue.input.length}` : ''}`;
    default: {
      const relation = big ? (inclusive ? 'at most' : 'less than') : inclusive ? 'at least' : 'more than';
      return `expected ${relation} ${limit}${got(issue)}`;
    }
  }
}

const FORMAT_NOUNS: Record<string, string> = {
  url: 'a URL like "https://example.com"',
  datetime: 'an ISO date-time like "2026-01-31T09:00:00Z"',
  date: 'a date like "2026-01-31"',
  email: 'an email address',
  uuid: 'a UUID',
};

function valueMessage(issue: Issue, values: readonly unknown[]): string {
  return isMissing(issue) ? `missing; expected ${oneOf(values)}` : `expected ${oneOf(values)}${got(issue)}`;
}

/** The admin-facing message for one issue that is not a union. */
function describe(issue: Issue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  }
  if (!isDefaultMessage(issue)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return isMissing(issue) ? `missing; expected ${typeNoun(issue.expected)}` : `expected ${typeNoun(issue.expected)}${got(issue)}`;
    case 'invalid_value':
      return valueMessage(issue, issue.values);
    case 'too_big':
    case 'too_small':
      return bound(issue);
    case 'invalid_format': {
      const noun = issue.format === 'regex' && issue.pattern ? `text matching ${issue.pattern}` : (FORMAT_NOUNS[issue.format] ?? `a valid ${issue.format}`);
      return `expected ${noun}${got(issue)}`;
    }
    case 'not_multiple_of':
      return `expected a multiple of ${issue.divisor}${got(issue)}`;
    default:
      return issue.message.replace(/^Invalid input: /, '');
  }
}

interface Branch {
  issues: Issue[];
  /** Keys of the input this branch knows: the more, the likelier the admin meant it. */
  recognized: number;
  /**
   * Unknown keys weigh most, then a wrong literal in a key the branch shares (`op: "exists"`),
   * then a missing key: each says the admin wrote another shape more surely than a bad value does.
   */
  penalty: number;
  depth: number;
  hasUnknownKeys: boolean;
}

function measure(issues: Issue[], input: unknown): Branch {
  const unknownKeys = new Set(issues.flatMap((i) => (i.code === 'unrecognized_keys' && i.path.length === 0 ? i.keys : [])));
  const keys = isPlainObject(input) ? Object.keys(input) : [];
  let penalty = 0;
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') penalty += 100 * issue.keys.length;
    else if (issue.path.length === 0 && issue.code === 'invalid_type') penalty += 50;
    else if (issue.path.length === 1 && isMissing(issue)) penalty += 20;
    else if (issue.code === 'invalid_value') penalty += 30;
    else penalty += 1;
  }
  return {
    issues,
    recognized: keys.filter((k) => !unknownKeys.has(k)).length,
    penalty,
    depth: Math.max(0, ...issues.map((i) => i.path.length)),
    hasUnknownKeys: unknownKeys.size > 0,
  };
}

/** `{path, op: "exists"}`: the keys a branch requires, read from what it reported missing. */
function shapeOf(branch: Branch): string | undefined {
  const keys = branch.issues
    .filter((i) => i.path.length === 1 && isMissing(i))
    .map((i) => {
      const key = String(i.path[0]);
      return i.code === 'invalid_value' && i.values.length === 1 ? `${key}: ${JSON.stringify(i.values[0])}` : key;
    });
  return keys.length > 0 ? `{${keys.join(', ')}}` : undefined;
}

/** The allowed values at one path, gathered over every branch the input could still be. */
function mergedValues(path: readonly PropertyKey[], branches: readonly Branch[]): unknown[] {
  const values = new Set<unknown>();
  const key = JSON.stringify(path);
  for (const branch of branches) {
    for (const issue of branch.issues) if (issue.code === 'invalid_value' && JSON.stringify(issue.path) === key) issue.values.forEach((v) => values.add(v));
  }
  return [...values];
}

function flattenUnion(issue: Extract<Issue, { code: 'invalid_union' }>, path: PropertyKey[]): Line[] {
  const input = issue.input;
  if (issue.errors.length === 0) {
    // A discriminated union whose discriminator matched no option: zod names the options.
    if (issue.discriminator !== undefined && 'options' in issue && issue.options !== undefined) {
      const value = isPlainObject(input) ? input[issue.discriminator] : undefined;
      const expected = oneOf(issue.options);
      return [{ path, message: value === undefined ? `missing; expected ${expected}` : `expected ${expected}, got ${showValue(value)}` }];
    }
    return [{ path, message: issue.message }];
  }
  const branches = issue.errors.map((errors) => measure(errors, input));
  const ranked = [...branches].sort((a, b) => b.recognized - a.recognized || a.penalty - b.penalty || b.depth - a.depth);
  const best = ranked[0];
  if (!best) return [{ path, message: issue.message }];

  if (isPlainObject(input) && best.recognized === 0) {
    // No branch knows any key the admin wrote: name the shapes instead of one branch's complaints.
    const shapes = [...new Set(branches.map(shapeOf).filter((s): s is string => s !== undefined))];
    const keys = Object.keys(input);
    const found = keys.length === 0 ? 'an empty object' : `key${keys.length > 1 ? 's' : ''} ${keys.map((k) => JSON.stringify(k)).join(', ')}`;
    return [{ path, message: `expected one of ${shapes.join(' | ')}, got ${found}` }];
  }

  const plausible = branches.filter((b) => !b.hasUnknownKeys);
  return best.issues.flatMap((inner) => {
    if (inner.code === 'invalid_value' && isDefaultMessage(inner)) {
      // `op: "equals"` fails the comparison branch and the `exists` branch alike: list both sets.
      return [{ path: [...path, ...inner.path], message: valueMessage(inner, mergedValues(inner.path, plausible.length > 0 ? plausible : [best])) }];
    }
    return flatten(inner, path);
  });
}

function flatten(issue: Issue, prefix: readonly PropertyKey[]): Line[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union') return flattenUnion(issue, path);
  if (issue.code === 'invalid_key') {
    return issue.issues.flatMap((inner) => flatten(inner, path).map((line) => ({ ...line, message: `invalid key: ${line.message}` })));
  }
  if (issue.code === 'invalid_element') return issue.issues.flatMap((inner) => flatten(inner, path));
  return [{ path, message: describe(issue) }];
}

/**
 * zod issues → one `path: message` line each, in the manifest's vocabulary. Parse with
 * `{ reportInput: true }` so that messages can say what was found, not only what was expected.
 */
export function formatIssues(issues: readonly Issue[]): ManifestIssue[] {
  const seen = new Set<string>();
  const out: ManifestIssue[] = [];
  for (const issue of issues) {
    for (const line of flatten(issue, [])) {
      const path = formatPath(line.path);
      const key = `${path}: ${line.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ path, message: line.message, severity: 'error' });
    }
  }
  return out;
}
