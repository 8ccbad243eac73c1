import type { IdentifierRule } from '../../manifest/schema/identity.ts';
import type { Manifest } from '../../manifest/schema/manifest.ts';
import type { TrackedEvents } from '../conditions/compile-condition.ts';
import type { CompiledAction } from '../decide/compile-actions.ts';
import type { PriorityFn } from '../decide/evaluate-candidates.ts';
import type { CompiledJourney } from '../journeys/compiled-journey.ts';
import type { CompiledPolicies } from '../policies/compile-policies.ts';
import type { ProfileUpkeepOptions } from '../profiles/apply-event.ts';

/** A manifest made ready to run: everything the engine needs, looked up by id, compiled once. */
export interface CompiledManifest {
  manifest: Manifest;
  /** Current, enabled versions: the ones new entries go to. */
  journeys: CompiledJourney[];
  /** Every known version by journey id, then version number: running enrollments finish on theirs (see `journeyVersion`). */
  versions: Map<string, Map<number, CompiledJourney>>;
  /** Event-triggered journeys by event name: a track only looks at the journeys it can start. */
  byEvent: Map<string, CompiledJourney[]>;
  /** Journeys triggered by trait changes, CRM records or audiences. */
  otherTriggers: CompiledJourney[];
  actions: Map<string, CompiledAction>;
  policies: CompiledPolicies;
  identifierRules: IdentifierRule[];
  tracked: TrackedEvents;
  priority: PriorityFn;
  /** How events update a profile and what pruning keeps: read on every event, so built here once. */
  profileUpkeep: ProfileUpkeepOptions;
}

/**
 * The journey definition an enrollment runs on. Read for every active enrollment on every
 * input: two lookups by the enrollment's own fields, no key string built.
 */
export function journeyVersion(compiled: CompiledManifest, journeyId: string, version: number): CompiledJourney | undefined {
  return compiled.versions.get(journeyId)?.get(version);
}
