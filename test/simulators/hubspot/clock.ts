/**
 * The simulator's notion of "now": token expiry, rate-limit windows, timestamps on records and
 * webhook request timestamps all read it. It follows real time until a test sets it; from then
 * on it only moves when the test advances it, so expiry and windows are reproducible.
 */
export class SimClock {
  #fixed: number | undefined;

  now(): number {
    return this.#fixed ?? Date.now();
  }

  /** Freezes the clock at `at` (epoch ms or a Date). */
  set(at: number | Date): void {
    this.#fixed = typeof at === 'number' ? at : at.getTime();
  }

  /** Moves a frozen clock forward (freezing it at the current real time first if it was live). */
  advance(ms: number): void {
    this.#fixed = this.now() + ms;
  }

  /** Goes back to following the wall clock. */
  useRealTime(): void {
    this.#fixed = undefined;
  }
}
