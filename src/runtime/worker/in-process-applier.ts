import type { Store } from '../store/store.ts';
import type { Loop } from '../loop.ts';
import { createApplyLoop } from './apply-loop.ts';
import type { InboxApplier, InboxApplierEvents } from './inbox-applier.ts';
import type { Worker, WorkerOptions } from './worker.ts';

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

  constructor(private readonly options: InProcessApplierOptions) {
    ({ worker: this.worker, loop: this.loop } = createApplyLoop({ worker: { ...options.worker, store: options.store }, idleMs: options.idleMs, events: options }));
  }

  get eventsApplied(): number {
    return this.worker.eventsApplied;
  }

  /** Appends, then wakes the worker: it would otherwise sleep out its idle delay before applying them. */
  async appendInbox(messages: Parameters<Store['appendInbox']>[0]): Promise<{ duplicateIds: string[] }> {
    const result = await this.options.store.appendInbox(messages);
    this.loop.poke();
    return result;
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
