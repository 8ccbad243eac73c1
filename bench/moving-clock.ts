/**
 * The worker's clock in the benches and probes: the story's last event time, moving on with real
 * time as a server's clock does. (A frozen clock gave every timer of a kind the same due time, so
 * the order of the timers' B-tree within it came down to their ids, which are random: unlike any
 * real run, where new timers land next to the ones scheduled a moment before.)
 */
export function movingClock(from: number): () => number {
  const started = performance.now();
  return () => from + Math.floor(performance.now() - started);
}
