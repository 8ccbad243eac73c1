import { Liquid } from 'liquidjs';
import { IANAZone } from 'luxon';
import { DESTINATION_ACTIONS } from '../../connectors/catalog.ts';
import { compileCondition } from '../core/conditions/compile-condition.ts';
import type { ManifestIssue } from './format-issues.ts';
import type { Condition } from './schema/conditions.ts';
import { BUILT_IN_CONNECTORS } from './schema/connections.ts';
import type { Journey, Step } from './schema/journeys.ts';
import type { Manifest } from './schema/manifest.ts';

export type LintIssue = ManifestIssue;

export interface LintOptions {
  /** Where `{ "env": "X" }` secret references are looked up; usually `process.env`. */
  env: Readonly<Record<string, string | undefined>>;
  /** When serving, an unset secret is an error; otherwise (validate, replay, demo) a warning. */
  serving: boolean;
}

/** A step's successors, each with the field that names it, so a bad target can be pointed at. */
function successors(step: Step): { field: string; target: string }[] {
  switch (step.type) {
    case 'waitFor':
      return [
        ...(step.next !== undefined ? [{ field: 'next', target: step.next }] : []),
        ...(step.onTimeout !== undefined ? [{ field: 'onTimeout', target: step.onTimeout }] : []),
      ];
    case 'branch':
      return [
        ...step.branches.map((b, i) => ({ field: `branches[${i}].next`, target: b.next })),
        ...(step.otherwise !== undefined ? [{ field: 'otherwise', target: step.otherwise }] : []),
      ];
    case 'split':
      return step.paths.map((p, i) => ({ field: `paths[${i}].next`, target: p.next }));
    case 'exit':
      return [];
    default:
      return step.next !== undefined ? [{ field: 'next', target: step.next }] : [];
  }
}

/** Steps that let time pass: a cycle must hold one, or an enrollment would go round it forever in one input. */
const WAITING_STEPS: ReadonlySet<Step['type']> = new Set(['wait', 'waitFor']);

/** The first cycle made only of steps that do not wait, as step ids from its first step back to it. */
function findSpinningCycle(steps: ReadonlyMap<string, Step>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    const step = steps.get(id);
    if (!step || WAITING_STEPS.has(step.type)) return undefined;
    if (state.get(id) === 'open') return [...stack.slice(stack.indexOf(id)), id];
    if (state.get(id) === 'done') return undefined;
    state.set(id, 'open');
    stack.push(id);
    for (const { target } of successors(step)) {
      const cycle = visit(target);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of steps.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

function reachableFrom(start: string, steps: ReadonlyMap<string, Step>): Set<string> {
  const reached = new Set<string>();
  const pending = [start];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    const step = steps.get(id);
    if (!step || reached.has(id)) continue;
    reached.add(id);
    for (const { target } of successors(step)) pending.push(target);
  }
  return reached;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function quoteList(values: Iterable<string>): string {
  return [...values].map((v) => JSON.stringify(v)).join(', ');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every `{ "env": "X" }` below `value`, with its path. */
function secretRefs(value: unknown, path: string, out: { path: string; env: string }[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => secretRefs(v, `${path}[${i}]`, out));
  else if (isPlainObject(value)) {
    const keys = Object.keys(value);
    const env = value['env'];
    if (keys.length === 1 && typeof env === 'string') out.push({ path, env });
    else for (const [k, v] of Object.entries(value)) secretRefs(v, `${path}.${k}`, out);
  }
}

/** Strings that Liquid would treat as templates (it only acts on `{{` and `{%`). */
function templateStrings(value: unknown, path: string, out: { path: string; text: string }[]): void {
  if (typeof value === 'string') {
    if (value.includes('{')) out.push({ path, text: value });
  } else if (Array.isArray(value)) value.forEach((v, i) => templateStrings(v, `${path}[${i}]`, out));
  else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) templateStrings(v, `${path}.${k}`, out);
}

class Collector {
  readonly issues: LintIssue[] = [];
  error(path: string, message: string): void {
    this.issues.push({ path, message, severity: 'error' });
  }
  condition(condition: Condition | undefined, path: string): void {
    if (!condition) return;
    try {
      compileCondition(condition);
    } catch (err) {
      this.error(path, errorMessage(err));
    }
  }
  duplicates(ids: readonly string[], path: (index: number) => string, what: string): void {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) this.error(path(i), `duplicate ${what} id "${id}"`);
      seen.add(id);
    });
  }
}

// Same settings as the dispatcher's renderer, so an unknown filter fails here rather than at send time.
const liquid = new Liquid({ strictFilters: true, jsTruthy: true });

function lintActions(manifest: Manifest, out: Collector): void {
  const configured = new Set<string>([...BUILT_IN_CONNECTORS, ...Object.entries(manifest.connections).filter(([, v]) => v !== undefined).map(([k]) => k)]);
  out.duplicates(manifest.actions.map((a) => a.id), (i) => `actions[${i}].id`, 'action');
  manifest.actions.forEach((action, i) => {
    const at = `actions[${i}]`;
    const [connector = '', name = ''] = action.destination.split('.');
    const known = DESTINATION_ACTIONS[connector];
    if (!known) out.error(`${at}.destination`, `unknown connector "${connector}"; expected one of ${Object.keys(DESTINATION_ACTIONS).join(', ')}`);
    else if (!known.includes(name)) out.error(`${at}.destination`, `${connector} has no action "${name}"; expected one of ${known.join(', ')}`);
    else if (!configured.has(connector)) out.error(`${at}.destination`, `"${action.destination}" needs connections.${connector}, which is not configured`);
    for (const kind of ['eligibility', 'applicability', 'suitability'] as const) out.condition(action[kind], `${at}.${kind}`);
    const templates: { path: string; text: string }[] = [];
    templateStrings(action.params, `${at}.params`, templates);
    for (const t of templates) {
      try {
        liquid.parse(t.text);
      } catch (err) {
        out.error(t.path, `invalid Liquid template: ${errorMessage(err).split('\n')[0] ?? ''}`);
      }
    }
  });
}

function lintPolicies(manifest: Manifest, out: Collector): void {
  const { timeZone, suppressions } = manifest.policies;
  if (!IANAZone.isValidZone(timeZone)) out.error('policies.timeZone', `unknown IANA time zone "${timeZone}"; expected a name like "America/New_York" or "UTC"`);
  out.duplicates(suppressions.map((s) => s.id), (i) => `policies.suppressions[${i}].id`, 'suppression');
  suppressions.forEach((s, i) => out.condition(s.when, `policies.suppressions[${i}].when`));
}

function lintJourney(journey: Journey, at: string, actionIds: ReadonlySet<string>, out: Collector): void {
  const steps = new Map<string, Step>();
  out.duplicates(journey.steps.map((s) => s.id), (s) => `${at}.steps[${s}].id`, 'step');
  for (const step of journey.steps) if (!steps.has(step.id)) steps.set(step.id, step);
  const unknownStep = (id: string) => `unknown step "${id}"; expected one of ${quoteList(steps.keys())}`;
  const unknownAction = (id: string) =>
    actionIds.size === 0 ? `unknown action "${id}"; the manifest defines no actions` : `unknown action "${id}"; expected one of ${quoteList(actionIds)}`;

  if (!steps.has(journey.start)) out.error(`${at}.start`, unknownStep(journey.start));
  journey.steps.forEach((step, s) => {
    const sp = `${at}.steps[${s}]`;
    for (const { field, target } of successors(step)) if (!steps.has(target)) out.error(`${sp}.${field}`, unknownStep(target));
    switch (step.type) {
      case 'action':
        if (!actionIds.has(step.action)) out.error(`${sp}.action`, unknownAction(step.action));
        break;
      case 'decide':
        step.candidates.forEach((c, i) => {
          if (!actionIds.has(c)) out.error(`${sp}.candidates[${i}]`, unknownAction(c));
        });
        if (step.fallback !== undefined && !actionIds.has(step.fallback)) out.error(`${sp}.fallback`, unknownAction(step.fallback));
        break;
      case 'waitFor':
        out.condition(step.condition, `${sp}.condition`);
        break;
      case 'branch':
        step.branches.forEach((b, i) => out.condition(b.when, `${sp}.branches[${i}].when`));
        break;
      default:
        break;
    }
  });

  if (steps.has(journey.start)) {
    const reached = reachableFrom(journey.start, steps);
    journey.steps.forEach((step, s) => {
      if (!reached.has(step.id)) out.error(`${at}.steps[${s}]`, `step "${step.id}" is unreachable from start "${journey.start}"`);
    });
  }
  const cycle = findSpinningCycle(steps);
  if (cycle) out.error(`${at}.steps`, `loop with no wait: ${cycle.join(' → ')}; add a wait or waitFor step to it`);

  out.condition(journey.trigger.where, `${at}.trigger.where`);
  out.condition(journey.goal?.condition, `${at}.goal.condition`);
  journey.exit.forEach((c, i) => out.condition(c, `${at}.exit[${i}]`));
}

function lintSecrets(manifest: Manifest, options: LintOptions, out: Collector): void {
  const refs: { path: string; env: string }[] = [];
  secretRefs(manifest.connections, 'connections', refs);
  for (const ref of refs) {
    const value = options.env[ref.env];
    if (value === undefined || value === '') {
      out.issues.push({ path: ref.path, message: `environment variable ${ref.env} is not set`, severity: options.serving ? 'error' : 'warning' });
    }
  }
}

/**
 * What the schema cannot see: references between sections, journey graphs that cannot run,
 * templates that do not parse, zones that do not exist, secrets that are not set. Takes a
 * manifest the schema accepted; issues come in file order within each section.
 */
export function lintManifest(manifest: Manifest, options: LintOptions): LintIssue[] {
  const out = new Collector();
  lintActions(manifest, out);
  lintPolicies(manifest, out);
  const actionIds = new Set(manifest.actions.map((a) => a.id));
  out.duplicates(manifest.journeys.map((j) => j.id), (j) => `journeys[${j}].id`, 'journey');
  manifest.journeys.forEach((journey, j) => lintJourney(journey, `journeys[${j}]`, actionIds, out));
  lintSecrets(manifest, options, out);
  return out.issues;
}
