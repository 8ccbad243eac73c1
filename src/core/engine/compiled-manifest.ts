import type { IdentifierRule } from '../../manifest/schema/identity.ts';
import type { Manifest } from '../../manifest/schema/manifest.ts';
import type { TrackedEvents } from '../conditions/compile-condition.ts';
import type { CompiledAction } from '../decide/compile-actions.ts';
import type { PriorityFn } from '../decide/evaluate-candidates.ts';
import type { CompiledJourney } from '../journeys/compiled-journey.ts';
import type { CompiledPolicies } from '../policies/compile-policies.ts';

/** A manifest made ready to run: everything the engine needs, looked up by id, compiled once. */
export interface CompiledManifest {
  manifest: Manifest;
  /** Current, enabled versions: the ones new entries go to. */
  journeys: CompiledJourney[];
  /** Every known version by `id@version`: running enrollments finish on theirs. */
  versions: Map<string, CompiledJourney>;
  /** Event-triggered journeys by event name: a track only looks at the journeys it can start. */
  byEvent: Map<string, CompiledJourney[]>;
  /** Journeys triggered by trait changes, CRM records or audiences. */
  otherTriggers: CompiledJourney[];
  actions: Map<string, CompiledAction>;
  policies: CompiledPolicies;
  identifierRules: IdentifierRule[];
  tracked: TrackedEvents;
  priority: PriorityFn;
}

/** Keys made so far, by journey id and version: looked up for every active enrollment on every input. */
const versionKeys = new Map<string, Map<number, string>>();
/** Journey ids remembered at most; past it the memo starts again (it is only a shortcut). */
const MAX_REMEMBERED_JOURNEYS = 10_000;

/** `id@version`: the key of `CompiledManifest.versions`. The same string object each time, so its hash is computed once. */
export function versionKey(journeyId: string, version: number): string {
  let byVersion = versionKeys.get(journeyId);
  if (byVersion === undefined) {
    if (versionKeys.size >= MAX_REMEMBERED_JOURNEYS) versionKeys.clear();
    byVersion = new Map();
    versionKeys.set(journeyId, byVersion);
  }
  let key = byVersion.get(version);
  if (key === undefined) {
    key = `${journeyId}@${version}`;
    byVersion.set(version, key);
  }
  return key;
}
