import type { PathwiseEvent } from '../../../src/core/events/event.ts';
import type { Enrollment } from '../../../src/core/journeys/enrollment.ts';
import type { IdentityView } from '../../../src/core/identity/resolve-identity.ts';
import { emptyProfile, type Profile } from '../../../src/core/profiles/profile.ts';
import { T0 } from '../../helpers/core-fixtures.ts';

let seq = 0;

/** A track event at T0 unless the fields say otherwise. */
export function event(fields: Partial<PathwiseEvent>): PathwiseEvent {
  seq++;
  return { messageId: `m${seq}`, type: 'track', event: 'Seen', timestamp: T0, receivedAt: T0, source: 'test', ...fields };
}

export function profile(id: string, createdAt: number, identifiers: Record<string, string[]>, extra: Partial<Profile> = {}): Profile {
  return { ...emptyProfile(id, createdAt), identifiers, ...extra };
}

/** An identity index built from the profiles' own identifiers, as the store would hold it. */
export function viewOf(...profiles: Profile[]): IdentityView & { index: Map<string, string> } {
  const byId = new Map(profiles.map((p) => [p.id, p]));
  const index = new Map<string, string>();
  for (const p of profiles) for (const [type, values] of Object.entries(p.identifiers)) for (const v of values) index.set(`${type}:${v}`, p.id);
  return { index, profileIdFor: (key) => index.get(key), profile: (id) => byId.get(id) };
}

export function enrollment(journeyId: string, enteredAt: number, fields: Partial<Enrollment> = {}): Enrollment {
  return {
    id: `${journeyId}@${enteredAt}`,
    journeyId,
    version: 1,
    group: 'treatment',
    status: 'active',
    enteredAt,
    stepId: 'wait',
    stepEnteredAt: enteredAt,
    stepCount: 1,
    errors: [],
    ...fields,
  };
}
