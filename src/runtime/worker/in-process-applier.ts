import type { Store } from '../store/store.ts';
import { Loop } from '../loop.ts';
import type { InboxApplier, InboxApplierEvents } from './inbox-applier.ts';
import { Worker, type WorkerOptions } from './worker.ts';

export interface InProcessApplierOptions extends InboxApplierEvents {
  store: Store;
  worker: Omit<WorkerOptions, 'store' | 'onCommitted' | 'onCommands' | 'onError'>;
  /** How often the idle worker looks at the inbox, in ms. */
  idleMs: number;
}

/**
 * The worker on this process's event loop, sharing the app's connection. Used where a thread
 * cannot go: a `:memory:` database (private to its connection) and a manual clock (tests,
 * demos, backtests move time by hand on this thread).
 */
export class InProcessApplier implements InboxApplier {
  readonly inThread = false;
  readonly worker: Worker;
  private readonly loop: Loop;
  private batchStarted = 0;

  constructor(private readonly options: InProcessApplierOptions) {
    this.worker = new Worker({
      ...options.worker,
      store: options.store,
      onCommands: (commands) => options.onCommands?.(commands),
      onCommitted: (rows, at) => options.onCommitted?.(rows, at, (performance.now() - this.batchStarted) / 1000),
      onError: (row, error) => options.onPoison?.(row, error.message),
    });
    this.loop = new Loop(
      'worker',
      () => {
        this.batchStarted = performance.now();
        return this.worker.runOnce();
      },
      options.idleMs,
      (name, err) => options.onFailure?.(name, err),
    );
  }

  get eventsApplied(): number {
    return this.worker.eventsApplied;
  }

  async appendInbox(messages: Parameters<Store['appendInbox']>[0]): Promise<{ duplicateIds: string[] }> {
    return this.options.store.appendInbox(messages);
  }

  async start(): Promise<void> {
    this.loop.start();
  }

  poke(): void {
    this.loop.poke();
  }

  async drainAndStop(): Promise<void> {
    await this.loop.stop();
    while ((await this.worker.runOnce()) > 0);
  }
}
