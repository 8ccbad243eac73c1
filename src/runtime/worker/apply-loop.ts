import { Loop } from '../loop.ts';
import type { InboxRow } from '../store/store.ts';
import type { InboxApplierEvents } from './inbox-applier.ts';
import { Worker, type WorkerOptions } from './worker.ts';

export interface ApplyLoopOptions {
  worker: Omit<WorkerOptions, 'onCommitted' | 'onCommands' | 'onError'>;
  /** How often the idle worker looks at the inbox, in ms. */
  idleMs: number;
  /** As the applier's events, except that the committed rows still carry their payloads (the thread drops them before posting). */
  events: Omit<InboxApplierEvents, 'onCommitted'> & { onCommitted?: (rows: readonly InboxRow[], committedAt: number, batchSeconds: number) => void };
}

/**
 * The worker and the loop that runs it, timing each batch from its read to its commit: the same
 * wherever the worker runs (on the app's event loop, or on its thread).
 */
export function createApplyLoop({ worker: options, idleMs, events }: ApplyLoopOptions): { worker: Worker; loop: Loop } {
  let batchStarted = 0;
  const worker = new Worker({
    ...options,
    ...(events.onCommands ? { onCommands: events.onCommands } : {}),
    onCommitted: (rows, at) => events.onCommitted?.(rows, at, (performance.now() - batchStarted) / 1000),
    onError: (row, error) => events.onPoison?.(row, error.message),
  });
  const loop = new Loop(
    'worker',
    () => {
      batchStarted = performance.now();
      return worker.runOnce();
    },
    idleMs,
    (name, err) => events.onFailure?.(name, err),
  );
  return { worker, loop };
}
