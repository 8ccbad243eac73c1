import type { Profile } from '../../core/profiles/profile.ts';
import type { JourneyStepDelta } from '../store/store.ts';
import type { BatchView } from './batch-view.ts';

interface Position {
  journeyId: string;
  version: number;
  stepId: string;
}

function positions(profile: Profile): Position[] {
  const out: Position[] = [];
  for (const e of profile.enrollments) {
    if (e.status === 'active' && e.stepId !== undefined) out.push({ journeyId: e.journeyId, version: e.version, stepId: e.stepId });
  }
  return out;
}

/**
 * How one worker batch moves active enrollments between journey steps, for "how many are on
 * this step now". Taken from the enrollments rather than from journey events, because not every
 * move emits one (an enrollment that runs out of steps and waits for its goal leaves its last
 * step silently, a merge moves enrollments between profiles), and committed with the snapshots
 * it was computed from, so the counts cannot drift from them.
 */
export class StepMoves {
  private readonly before = new Map<string, Position[]>();

  /** Where a loaded profile's enrollments stand, noted before the batch changes it in place. */
  loaded(profile: Profile): void {
    const found = positions(profile);
    if (found.length > 0) this.before.set(profile.id, found);
  }

  /** Net moves of what the batch writes: the loaded positions of every profile it upserts or deletes off, the written ones on. */
  deltas(view: BatchView): JourneyStepDelta[] {
    const sums = new Map<string, JourneyStepDelta>();
    const add = (list: readonly Position[] | undefined, delta: 1 | -1) => {
      for (const p of list ?? []) {
        const key = `${p.journeyId}\u0000${p.version}\u0000${p.stepId}`;
        const entry = sums.get(key);
        if (entry) entry.delta += delta;
        else sums.set(key, { journeyId: p.journeyId, version: p.version, stepId: p.stepId, delta });
      }
    };
    for (const id of view.dirtyProfiles) {
      add(this.before.get(id), -1);
      const profile = view.profiles.get(id);
      if (profile) add(positions(profile), 1);
    }
    for (const id of view.deletedProfiles) add(this.before.get(id), -1);
    return [...sums.values()].filter((d) => d.delta !== 0);
  }
}
