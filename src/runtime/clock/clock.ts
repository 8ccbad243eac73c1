/** The runtime's only source of time: real in production, set by hand in tests, demos and backtests. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to; it never goes backwards. */
export class ManualClock implements Clock {
  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  set(time: number): void {
    this.time = Math.max(this.time, time);
  }

  advance(ms: number): void {
    this.time += ms;
  }
}
