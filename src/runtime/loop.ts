/**
 * Runs `work` again and again: at once while it reports progress (yielding to I/O between
 * rounds), after `idleMs` when it has nothing to do. `stop()` resolves once the round in
 * progress has finished, so shutdown never cuts a transaction in half.
 */
export class Loop {
  private running = false;
  private current: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<number>,
    private readonly idleMs: number,
    private readonly onError: (name: string, err: unknown) => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.current = this.run();
  }

  /** Runs the next round now instead of waiting out the idle delay. */
  poke(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.poke();
    await this.current;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let progressed = 0;
      try {
        progressed = await this.work();
      } catch (err) {
        this.onError(this.name, err);
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        if (progressed > 0) setImmediate(resolve);
        else this.timer = setTimeout(resolve, this.idleMs);
      });
      this.wake = undefined;
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
    }
  }
}
