import { IANAZone } from 'luxon';
import { Liquid } from 'liquidjs';
import { DESTINATION_ACTIONS } from '../../connectors/catalog.ts';
import { compileCondition } from '../core/conditions/compile-condition.ts';
import type { ManifestIssue } from './format-issues.ts';
import type { Condition } from './schema/conditions.ts';
import type { Step } from './schema/journeys.ts';
import type { Manifest } from './schema/manifest.ts';

export interface LintOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** When serving, a missing secret is an error; otherwise a warning. */
  serving: boolean;
}

function nextPaths(step: Step): { path: string; target: string }[] {
  switch (step.type) {
    case 'waitFor':
      return [
        ...(step.next ? [{ path: 'next', target: step.next }] : []),
        ...(step.onTimeout ? [{ path: 'onTimeout', target: step.onTimeout }] : []),
      ];
    case 'branch':
      return [...step.branches.map((b, i) => ({ path: `branches[${i}].next`, target: b.next })), ...(step.otherwise ? [{ path: 'otherwise', target: step.otherwise }] : [])];
    case 'split':
      return step.paths.map((p, i) => ({ path: `paths[${i}].next`, target: p.next }));
    case 'exit':
      return [];
    default:
      return step.next ? [{ path: 'next', target: step.next }] : [];
  }
}

function nextsOf(step: Step): string[] {
  return nextPaths(step).map((p) => p.target);
}

/** Steps that let time pass: a cycle must contain one, or it would spin. */
const WAITS = new Set(['wait', 'waitFor']);

function findSpinningCycle(steps: Map<string, Step>): string[] | undefined {
  // DFS over the graph restricted to steps that do not wait: any cycle there spins.
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    const step = steps.get(id);
    if (!step || WAITS.has(step.type)) return undefined;
    if (state.get(id) === 'open') return [...stack.slice(stack.indexOf(id)), id];
    if (state.get(id) === 'done') return undefined;
    state.set(id, 'open');
    stack.push(id);
    for (const next of nextsOf(step)) {
      const cycle = visit(next);
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

function checkCondition(condition: Condition | undefined, path: string, issues: ManifestIssue[]): void {
  if (!condition) return;
  try {
    compileCondition(condition);
  } catch (err) {
    issues.push({ path, message: (err as Error).message, severity: 'error' });
  }
}

function secretRefs(value: unknown, path: string, out: { path: string; env: string }[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => secretRefs(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'env' && typeof (value as { env: unknown }).env === 'string') out.push({ path, env: (value as { env: string }).env });
    else for (const [k, v] of Object.entries(value)) secretRefs(v, `${path}.${k}`, out);
  }
}

function templates(value: unknown, path: string, out: { path: string; text: string }[]): void {
  if (typeof value === 'string') {
    if (value.includes('{')) out.push({ path, text: value });
  } else if (Array.isArray(value)) value.forEach((v, i) => templates(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) templates(v, `${path}.${k}`, out);
}

/**
 * What the schema cannot see: references between sections, journey graphs that cannot run,
 * templates that do not parse, zones that do not exist, secrets that are not set.
 */
export function lintManifest(manifest: Manifest, options: LintOptions): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  const error = (path: string, message: string) => issues.push({ path, message, severity: 'error' });

  const actionIds = new Set<string>();
  manifest.actions.forEach((action, i) => {
    const at = `actions[${i}]`;
    if (actionIds.has(action.id)) error(`${at}.id`, `duplicate action id "${action.id}"`);
    actionIds.add(action.id);
    const [connector = '', name = ''] = action.destination.split('.');
    const known = DESTINATION_ACTIONS[connector];
    if (!known) error(`${at}.destination`, `unknown connector "${connector}"; expected one of ${Object.keys(DESTINATION_ACTIONS).join(', ')}`);
    else if (!known.includes(name)) error(`${at}.destination`, `${connector} has no action "${name}"; expected one of ${known.join(', ')}`);
    else if (connector !== 'log' && (manifest.connections as Record<string, unknown>)[connector] === undefined) {
      error(`${at}.destination`, `"${action.destination}" needs connections.${connector}`);
    }
    for (const kind of ['eligibility', 'applicability', 'suitability'] as const) checkCondition(action[kind], `${at}.${kind}`, issues);
    const found: { path: string; text: string }[] = [];
    templates(action.params, `${at}.params`, found);
    const liquid = new Liquid({ strictFilters: true });
    for (const t of found) {
      try {
        liquid.parse(t.text);
      } catch (err) {
        error(t.path, `invalid Liquid template: ${(err as Error).message.split('\n')[0] ?? ''}`);
      }
    }
  });

  if (!IANAZone.isValidZone(manifest.policies.timeZone)) error('policies.timeZone', `unknown IANA time zone "${manifest.policies.timeZone}", e.g. "America/New_York"`);
  manifest.policies.suppressions.forEach((s, i) => checkCondition(s.when, `policies.suppressions[${i}].when`, issues));

  const journeyIds = new Set<string>();
  manifest.journeys.forEach((journey, j) => {
    const at = `journeys[${j}]`;
    if (journeyIds.has(journey.id)) error(`${at}.id`, `duplicate journey id "${journey.id}"`);
    journeyIds.add(journey.id);
    const steps = new Map<string, Step>();
    journey.steps.forEach((step, s) => {
      if (steps.has(step.id)) error(`${at}.steps[${s}].id`, `duplicate step id "${step.id}"`);
      steps.set(step.id, step);
    });
    if (!steps.has(journey.start)) error(`${at}.start`, `unknown step "${journey.start}"`);
    journey.steps.forEach((step, s) => {
      const sp = `${at}.steps[${s}]`;
      for (const { path, target } of nextPaths(step)) if (!steps.has(target)) error(`${sp}.${path}`, `unknown step "${target}"`);
      if (step.type === 'action' && !actionIds.has(step.action)) error(`${sp}.action`, `unknown action "${step.action}"`);
      if (step.type === 'decide') {
        step.candidates.forEach((c, i) => {
          if (!actionIds.has(c)) error(`${sp}.candidates[${i}]`, `unknown action "${c}"`);
        });
        if (step.fallback !== undefined && !actionIds.has(step.fallback)) error(`${sp}.fallback`, `unknown action "${step.fallback}"`);
      }
      if (step.type === 'waitFor') checkCondition(step.condition, `${sp}.condition`, issues);
      if (step.type === 'branch') step.branches.forEach((b, i) => checkCondition(b.when, `${sp}.branches[${i}].when`, issues));
    });
    // Reachability from start.
    const reached = new Set<string>();
    const queue = steps.has(journey.start) ? [journey.start] : [];
    while (queue.length > 0) {
      const id = queue.pop() as string;
      if (reached.has(id)) continue;
      reached.add(id);
      const step = steps.get(id);
      if (step) for (const n of nextsOf(step)) if (steps.has(n)) queue.push(n);
    }
    journey.steps.forEach((step, s) => {
      if (!reached.has(step.id) && steps.has(journey.start)) error(`${at}.steps[${s}]`, `step "${step.id}" is unreachable from start "${journey.start}"`);
    });
    const cycle = findSpinningCycle(steps);
    if (cycle) error(`${at}.steps`, `loop with no wait: ${cycle.join(' → ')}; add a wait or waitFor step to it`);
    if (journey.trigger.where) checkCondition(journey.trigger.where, `${at}.trigger.where`, issues);
    if (journey.goal) checkCondition(journey.goal.condition, `${at}.goal.condition`, issues);
    journey.exit.forEach((c, i) => checkCondition(c, `${at}.exit[${i}]`, issues));
  });

  const refs: { path: string; env: string }[] = [];
  secretRefs(manifest.connections, 'connections', refs);
  for (const ref of refs) {
    if (options.env[ref.env] === undefined || options.env[ref.env] === '') {
      issues.push({ path: ref.path, message: `environment variable ${ref.env} is not set`, severity: options.serving ? 'error' : 'warning' });
    }
  }
  return issues;
}
