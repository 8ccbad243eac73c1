import type { Command } from '../commands.ts';
import type { PathwiseEvent } from '../events/event.ts';
import { extractIdentifiers, type Identifier } from '../identity/extract-identifiers.ts';
import { mergeProfiles } from '../identity/merge-profiles.ts';
import { readActionOutcome } from '../events/action-outcome.ts';
import { resolveIdentity, type IdentityView } from '../identity/resolve-identity.ts';
import { step } from '../journeys/step.ts';
import { applyEventToProfile, changedTraitValues, pruneProfile } from '../profiles/apply-event.ts';
import { appended } from '../profiles/appended.ts';
import { emptyProfile, type Profile } from '../profiles/profile.ts';
import type { CompiledManifest } from './compiled-manifest.ts';

export interface EventOutcome {
  /** The profile the event was applied to, in its new state. */
  profile: Profile;
  isNew: boolean;
  /** Profiles merged into `profile`: the runtime deletes them. */
  absorbedIds: readonly string[];
  /**
   * Identifiers that now point to `profile` (new ones and those of absorbed profiles), as type and
   * value: an index split by type takes them as they are, and a store keys them with `identifierKey`.
   */
  identities: readonly Identifier[];
  commands: Command[];
}

const NO_IDENTIFIERS: readonly Identifier[] = [];

/**
 * One event, start to finish, in the pure core: identity → merges → profile → policies →
 * journeys. Reads other profiles only through `view`; everything to persist is returned.
 */
export function processEvent(compiled: CompiledManifest, view: IdentityView, event: PathwiseEvent, now: number): EventOutcome {
  const ids = extractIdentifiers(event, compiled.identifierRules);
  const resolution = resolveIdentity(event, ids, view, compiled.identifierRules);
  const existing = resolution.isNew ? undefined : view.profile(resolution.profileId);
  const profile = existing ?? emptyProfile(resolution.profileId, now);
  const commands: Command[] = [];
  // Most events bring no identifier: they share one empty list.
  let identities: Identifier[] | undefined;

  for (const absorbedId of resolution.absorb) {
    const absorbed = view.profile(absorbedId);
    if (!absorbed || absorbed.id === profile.id) continue;
    const { timerCommands, ended } = mergeProfiles(profile, absorbed, now);
    for (const command of timerCommands) commands.push(command);
    // A collapsed duplicate enrollment leaves its journey: counted as an exit so "now on step" stays true.
    for (const e of ended) {
      commands.push({ type: 'journeyEvent', profileId: profile.id, journeyId: e.journeyId, version: e.version, enrollmentId: e.id, at: now, kind: 'exited', ...(e.stepId !== undefined ? { stepId: e.stepId } : {}), detail: 'merged' });
    }
    commands.push({ type: 'merge', survivorId: profile.id, absorbedId, at: now });
    for (const [type, values] of Object.entries(absorbed.identifiers)) {
      for (const value of values) (identities ??= []).push({ type, value });
    }
  }
  for (const id of resolution.attach) {
    const values = profile.identifiers[id.type];
    if (values === undefined) profile.identifiers[id.type] = [id.value];
    else if (!values.includes(id.value)) profile.identifiers[id.type] = appended(values, id.value);
    (identities ??= []).push(id);
  }
  for (const refusal of resolution.refused) {
    commands.push({ type: 'identityRefused', profileId: profile.id, identifier: refusal.identifier, reason: refusal.reason, at: now });
  }

  const options = compiled.profileUpkeep;
  const change = applyEventToProfile(profile, event, now, options);
  const changed = changedTraitValues(change);
  if (changed !== undefined) commands.push({ type: 'traitsChanged', profileId: profile.id, changed, at: now });
  const outcome = readActionOutcome(event);
  if (outcome !== undefined) {
    commands.push({ type: 'recordOutcome', profileId: profile.id, actionKey: outcome.actionKey, outcome: outcome.outcome, ...(outcome.ref !== undefined ? { ref: outcome.ref } : {}), source: event.source, at: event.timestamp });
  }
  // The journeys append their commands after these.
  step(compiled, profile, { kind: 'event', event, change }, now, commands);
  // Pruning walks the profile; every 32nd event keeps it bounded at a fraction of the cost.
  if ((profile.eventCount & 31) === 0) pruneProfile(profile, now, options);
  return { profile, isNew: resolution.isNew, absorbedIds: resolution.absorb, identities: identities ?? NO_IDENTIFIERS, commands };
}

/** A due timer for one profile. */
export function processTimer(compiled: CompiledManifest, profile: Profile, timerId: string, enrollmentId: string, now: number): Command[] {
  return step(compiled, profile, { kind: 'timer', timerId, enrollmentId }, now).commands;
}
