import type { ProfileReader, ProfileSummary } from '../../../connectors/sdk/connector-route.ts';
import type { Explanation } from '../../core/commands.ts';
import { journeyVersion, type CompiledManifest } from '../../core/engine/compiled-manifest.ts';
import type { Profile } from '../../core/profiles/profile.ts';
import type { OutboxRow, OutcomeRow, Store } from '../store/store.ts';
import { profileIdFor } from './profile-lookup.ts';

/** Actions a summary lists, newest first. Default 10: a CRM card shows a handful. */
const DEFAULT_ACTIONS = 10;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The explanation frozen in an outbox row's payload (`meta.explanation`), or none if the row predates it or is unreadable. */
function explanationOf(row: OutboxRow): Partial<Explanation> {
  try {
    const payload: unknown = JSON.parse(row.payload);
    const explanation = isObject(payload) && isObject(payload['meta']) ? payload['meta']['explanation'] : undefined;
    // Written by the worker from an Explanation; the fields read below are checked one by one.
    return isObject(explanation) ? (explanation as Partial<Explanation>) : {};
  } catch {
    return {};
  }
}

/**
 * Active enrollments in the treatment group. A holdout enrollment is left out: the person gets
 * nothing from that journey on purpose, and a rep who saw it might act and spoil the measurement.
 */
function journeysOf(profile: Profile, compiled: CompiledManifest): ProfileSummary['journeys'] {
  return profile.enrollments
    .filter((e) => e.status === 'active' && e.group === 'treatment')
    .map((e) => ({
      journeyId: e.journeyId,
      journeyName: journeyVersion(compiled, e.journeyId, e.version)?.name ?? e.journeyId,
      ...(e.stepId !== undefined ? { stepId: e.stepId } : {}),
      enteredAt: e.enteredAt,
    }));
}

function actionsOf(outbox: readonly OutboxRow[], outcomes: readonly OutcomeRow[], compiled: CompiledManifest): ProfileSummary['actions'] {
  return outbox.map((row) => {
    const explanation = explanationOf(row);
    // Outcomes come oldest first: the last one is what became of the action in the end.
    const outcome = outcomes.filter((o) => o.actionKey === row.key).at(-1)?.outcome;
    const reasons = Array.isArray(explanation.reasons) ? explanation.reasons.filter((r): r is string => typeof r === 'string') : [];
    return {
      key: row.key,
      actionId: row.actionId,
      title: compiled.actions.get(row.actionId)?.definition.name ?? row.actionId,
      destination: row.destination,
      status: row.status,
      createdAt: row.createdAt,
      ...(typeof explanation.journeyName === 'string' ? { journeyName: explanation.journeyName } : {}),
      reasons,
      ...(outcome !== undefined ? { outcome } : {}),
    };
  });
}

/**
 * The read-only view of profiles that connector routes (CRM cards) get: the same identifier
 * lookup as the admin API, journeys named from the manifest, actions with the why frozen at
 * decision time and what became of them.
 */
export function storeProfileReader(store: Store, compiled: CompiledManifest, options: { actions?: number } = {}): ProfileReader {
  const limit = options.actions ?? DEFAULT_ACTIONS;
  return {
    async find(type, value) {
      const id = await profileIdFor(store, type, value);
      const profile = id === undefined ? undefined : await store.getProfile(id);
      if (!profile) return undefined;
      const outbox = await store.outboxForProfile(profile.id, limit);
      const outcomes = await store.outcomesFor(outbox.map((o) => o.key));
      return {
        profileId: profile.id,
        traits: profile.traits,
        ...(profile.owner !== undefined ? { owner: profile.owner } : {}),
        journeys: journeysOf(profile, compiled),
        actions: actionsOf(outbox, outcomes, compiled),
      };
    },
  };
}
