import type { Command } from '../commands.ts';
import type { EvalContext } from '../conditions/eval-context.ts';
import type { CompiledManifest } from '../engine/compiled-manifest.ts';
import type { Profile } from '../profiles/profile.ts';

/** The working set of one `step` call: what it reads and the commands it has produced so far. */
export interface StepRun {
  profile: Profile;
  compiled: CompiledManifest;
  now: number;
  ctx: EvalContext;
  commands: Command[];
}

/** Most steps one input may run for one enrollment before it must wait: a guard against loops. */
export const MAX_STEPS_PER_INPUT = 50;

/** Ended enrollments kept on the profile for the admin view; older ones are dropped. */
export const ENDED_ENROLLMENTS_KEPT = 20;

/** Entries kept in an enrollment's trail of reasons. */
export const TRAIL_LENGTH = 8;
