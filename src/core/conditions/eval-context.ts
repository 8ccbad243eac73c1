import type { PathwiseEvent } from '../events/event.ts';
import type { Profile } from '../profiles/profile.ts';
import type { RecordNews } from '../profiles/record-memory.ts';

/** What a condition can see: the profile after the event was applied, the event, and the moment. */
export interface EvalContext {
  profile: Profile;
  /** Absent when the input is a timer. */
  event?: PathwiseEvent;
  now: number;
  /** Traits the current input changed, with old and new values. */
  traitChanges?: Readonly<Record<string, { from: unknown; to: unknown }>>;
  /** For a record event: which reported fields were news to the profile. */
  recordNews?: RecordNews;
}

export type Predicate = (ctx: EvalContext) => boolean;
