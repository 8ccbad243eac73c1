import type { Journey } from '../../manifest/schema/journeys.ts';
import type { Manifest } from '../../manifest/schema/manifest.ts';
import type { TrackedEvents } from '../conditions/compile-condition.ts';
import { compileAction } from '../decide/compile-actions.ts';
import { valueTimesLever, type PriorityFn } from '../decide/evaluate-candidates.ts';
import type { CompiledJourney } from '../journeys/compiled-journey.ts';
import { compileJourney } from '../journeys/compile-journey.ts';
import { compilePolicies } from '../policies/compile-policies.ts';
import type { CompiledManifest } from './compiled-manifest.ts';

export interface CompileOptions {
  /** Earlier versions of journeys still running somewhere (the runtime keeps them in its store). */
  previousJourneys?: readonly Journey[];
  /** Arbitration score; defaults to value × lever. */
  priority?: PriorityFn;
}

/** Compiles a validated manifest once; every condition becomes a closure. Throws on a bad condition. */
export function compileManifest(manifest: Manifest, options: CompileOptions = {}): CompiledManifest {
  const tracked: TrackedEvents = new Map();
  const versions = new Map<string, Map<number, CompiledJourney>>();
  const addVersion = (journey: CompiledJourney) => {
    let byNumber = versions.get(journey.id);
    if (byNumber === undefined) versions.set(journey.id, (byNumber = new Map()));
    byNumber.set(journey.version, journey);
  };
  for (const old of options.previousJourneys ?? []) addVersion(compileJourney(old, tracked));
  const journeys = manifest.journeys.filter((j) => j.enabled).map((j) => compileJourney(j, tracked));
  for (const journey of journeys) addVersion(journey);

  const byEvent = new Map<string, CompiledJourney[]>();
  const otherTriggers: CompiledJourney[] = [];
  for (const journey of journeys) {
    if (journey.triggerKind === 'event' && journey.triggerEvent !== undefined) {
      const list = byEvent.get(journey.triggerEvent) ?? [];
      list.push(journey);
      byEvent.set(journey.triggerEvent, list);
    } else {
      otherTriggers.push(journey);
    }
  }
  const policies = compilePolicies(manifest.policies, tracked);
  return {
    manifest,
    journeys,
    versions,
    byEvent,
    otherTriggers,
    actions: new Map(manifest.actions.map((a) => [a.id, compileAction(a, tracked)])),
    policies,
    identifierRules: manifest.identity.identifiers,
    tracked,
    priority: options.priority ?? valueTimesLever,
    profileUpkeep: { trackedEvents: tracked, timeZoneTrait: policies.timeZoneTrait, contactWindowMs: policies.contactWindowMs },
  };
}
