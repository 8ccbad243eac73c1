/**
 * The worker's young generation: V8 semi-spaces of 64 MiB instead of the 16 MiB default.
 *
 * A batch of 1,000 inbox rows allocates ~10 MB (payloads and the events parsed from them, the
 * batch's profiles parsed from their snapshots, commands, rows to write) that all stays live until
 * the batch commits. With 16 MiB semi-spaces every scavenge met a batch in progress, copied it,
 * and promoted it on the next, to die in the old generation: 350 scavenges of 5–10 ms for 500,000
 * events at 100,000 profiles, 6–11 % of the worker's time. With 64 MiB: 76 of ~5 ms, and the
 * worker applied 21,335 events/s instead of 15,000–18,000 (`npm run bench -- runtime`,
 * bench/README.md). The cost is up to ~100 MB more RSS.
 *
 * The size of the young generation is fixed when a V8 isolate starts: for the worker's own thread
 * it is a resource limit of the thread; for a worker on the main thread it is the process flag
 * {@link WORKER_SEMI_SPACE_FLAG}, which `bin/pathwise.js` and the npm scripts pass.
 */
export const WORKER_SEMI_SPACE_MB = 64;

/** The same, as a node flag (also allowed in NODE_OPTIONS). */
export const WORKER_SEMI_SPACE_FLAG = `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`;

/** As a thread's `resourceLimits.maxYoungGenerationSizeMb`: V8 sizes the young generation at three semi-spaces. */
export const WORKER_YOUNG_GENERATION_MB = 3 * WORKER_SEMI_SPACE_MB;

/** Whether this process was started with a semi-space size of its own (command line or NODE_OPTIONS). */
export function hasSemiSpaceFlag(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env['NODE_OPTIONS'] ?? ''): boolean {
  return [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => arg.startsWith('--max-semi-space-size'));
}
