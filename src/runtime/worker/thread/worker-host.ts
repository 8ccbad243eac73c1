import { Worker as Thread } from 'node:worker_threads';
import type { InboxMessage } from '../../store/store.ts';
import type { InboxApplier, InboxApplierEvents } from '../inbox-applier.ts';
import type { HostMessage, ThreadMessage, WorkerThreadData } from './protocol.ts';
import { WORKER_YOUNG_GENERATION_MB } from '../young-generation.ts';

export interface WorkerHostOptions extends InboxApplierEvents {
  thread: Omit<WorkerThreadData, 'forwardCommands' | 'entry'>;
  /** Wait before starting a thread again after it died, in ms; doubles per crash in a row up to 5 s. Default 100. */
  restartDelayMs?: number;
}

interface PendingAppend {
  messages: InboxMessage[];
  resolve: (result: { duplicateIds: string[] }) => void;
  reject: (err: Error) => void;
}

/**
 * Runs the worker — engine, its own SQLite connection, the apply loop — on a `worker_threads`
 * thread, so that its commits (synchronous in better-sqlite3) use the second core instead of
 * blocking the event loop that serves HTTP. The HTTP edge's group commits are appended through
 * the thread's connection as well, between its batches: one writer for the hot path, and
 * acceptance paced by the worker. The main thread's own few writes (due timers, outbox verdicts,
 * sync cursors) wait for the thread's lock without blocking its event loop (`lockWait: 'yield'`).
 *
 * A thread that dies is reported (`onFailure`) and started again; nothing is lost, since the
 * inbox and its cursor are in the store. Appends it had not answered fail (the client was not
 * answered 2xx and retries; the inbox dedupe drops a copy that did commit); appends made while it
 * restarts wait for it.
 */
export class WorkerHost implements InboxApplier {
  readonly inThread = true;
  /** Times the thread had to be started again after dying. */
  restarts = 0;
  /** The running thread's id in the OS, where known (Linux): benchmarks read its CPU time. */
  osThreadId: number | undefined;
  private applied = 0;
  private thread: Thread | undefined;
  private ready = false;
  private readyWaiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  private nextId = 1;
  private readonly inFlight = new Map<number, PendingAppend>();
  private waitingForThread: PendingAppend[] = [];
  private stopping: Promise<void> | undefined;
  private stoppedResolve: (() => void) | undefined;
  private crashesInARow = 0;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: WorkerHostOptions) {}

  get eventsApplied(): number {
    return this.applied;
  }

  /** The running thread, for diagnostics and for tests that need to kill it. */
  get currentThread(): Thread | undefined {
    return this.thread;
  }

  start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.readyWaiters.push({ resolve, reject });
      this.spawn();
    });
  }

  appendInbox(messages: InboxMessage[]): Promise<{ duplicateIds: string[] }> {
    return new Promise((resolve, reject) => {
      const pending = { messages, resolve, reject };
      if (this.ready) this.send(pending);
      else this.waitingForThread.push(pending);
    });
  }

  poke(): void {
    if (this.ready) this.post({ type: 'poke' });
  }

  /**
   * Stops a thread that commits nothing while work waits (see WorkerProgress) — hung in a way no
   * message reaches — and starts another, as after a crash. The rows it was applying stay
   * recorded, so the next thread applies them one at a time and sets aside one that hangs it
   * again (see AttemptPlan). Not while stopping: `drainAndStop` owns the thread then.
   */
  restartStuck(reason: string): void {
    const thread = this.thread;
    if (!thread || !this.ready || this.stopping) return;
    this.options.onFailure?.('worker thread', new Error(`${reason}; stopping the thread to start another`));
    void thread.terminate();
  }

  drainAndStop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.restartTimer) {
        // Down between two lives: start it once more, to apply what is pending.
        clearTimeout(this.restartTimer);
        this.restartTimer = undefined;
        this.spawn();
      }
      if (!this.ready) await new Promise<void>((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
      await new Promise<void>((resolve) => {
        this.stoppedResolve = resolve;
        this.post({ type: 'stop' });
      });
    })();
    return this.stopping;
  }

  private spawn(): void {
    const fromSources = import.meta.url.endsWith('.ts');
    const entry = new URL(fromSources ? './worker-thread-main.ts' : './worker-thread-main.js', import.meta.url);
    const data: WorkerThreadData = { ...this.options.thread, forwardCommands: this.options.onCommands !== undefined, ...(fromSources ? { entry: entry.href } : {}) };
    const thread = new Thread(fromSources ? new URL('./boot-typescript.mjs', import.meta.url) : entry, {
      workerData: data,
      name: 'pathwise-worker',
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    this.thread = thread;
    thread.on('message', (message: ThreadMessage) => this.receive(message));
    thread.on('error', (err) => this.options.onFailure?.('worker thread', err));
    thread.once('exit', (code) => this.exited(thread, code));
  }

  private receive(message: ThreadMessage): void {
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        this.osThreadId = message.osThreadId;
        this.crashesInARow = 0;
        for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
        for (const pending of this.waitingForThread.splice(0)) this.send(pending);
        return;
      }
      case 'appended': {
        const pending = this.inFlight.get(message.id);
        this.inFlight.delete(message.id);
        pending?.resolve({ duplicateIds: message.duplicateIds });
        return;
      }
      case 'appendFailed': {
        const pending = this.inFlight.get(message.id);
        this.inFlight.delete(message.id);
        pending?.reject(new Error(message.message));
        return;
      }
      case 'committed':
        this.applied += message.rows.length;
        this.options.onCommitted?.(message.rows, message.committedAt, message.batchSeconds);
        return;
      case 'commands':
        this.options.onCommands?.(message.commands);
        return;
      case 'poison':
        this.options.onPoison?.({ source: message.source, messageId: message.messageId }, message.message);
        return;
      case 'failure': {
        const err = new Error(message.message);
        if (message.stack !== undefined) err.stack = message.stack;
        this.options.onFailure?.(message.what, err);
        return;
      }
      case 'stopped':
        this.stoppedResolve?.();
        return;
    }
  }

  private exited(thread: Thread, code: number): void {
    if (this.thread !== thread) return;
    this.thread = undefined;
    const wasReady = this.ready;
    this.ready = false;
    if (this.stoppedResolve) {
      // A clean stop, or a death during it: what it had not applied is applied at the next start.
      if (code !== 0) this.options.onFailure?.('worker thread', new Error(`worker thread exited with code ${code} while stopping`));
      this.stoppedResolve();
      return;
    }
    const err = new Error(`worker thread exited with code ${code}${wasReady ? '' : ' before it was ready'}`);
    // Whether these committed is unknown: the clients were not answered and send them again.
    for (const pending of this.inFlight.values()) pending.reject(err);
    this.inFlight.clear();
    if (!wasReady && this.restarts === 0 && this.crashesInARow === 0 && this.readyWaiters.length > 0) {
      // It never started (a bad path, a schema it cannot open): a startup error, not a crash to retry.
      for (const waiter of this.readyWaiters.splice(0)) waiter.reject(err);
      for (const pending of this.waitingForThread.splice(0)) pending.reject(err);
      return;
    }
    this.options.onFailure?.('worker thread', err);
    this.crashesInARow++;
    this.restarts++;
    const delay = Math.min(5000, (this.options.restartDelayMs ?? 100) * 2 ** (this.crashesInARow - 1));
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.spawn();
    }, delay);
  }

  private send(pending: PendingAppend): void {
    const id = this.nextId++;
    this.inFlight.set(id, pending);
    this.post({ type: 'append', id, messages: pending.messages });
  }

  private post(message: HostMessage): void {
    this.thread?.postMessage(message);
  }
}
