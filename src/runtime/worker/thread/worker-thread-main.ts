import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { compileManifest } from '../../../core/engine/compile-manifest.ts';
import { openStore } from '../../store/open-store.ts';
import type { InboxRow } from '../../store/store.ts';
import { createApplyLoop } from '../apply-loop.ts';
import { osThreadId } from './os-thread-id.ts';
import type { HostMessage, ThreadMessage, WorkerThreadData } from './protocol.ts';

/**
 * The worker thread: its own connection to the store, the engine and the worker loop. The host
 * (WorkerHost, on the main thread) sends it the HTTP edge's group commits to append and pokes;
 * it answers with what each commit applied. Messages are handled one at a time, in order, so a
 * `stop` comes after every append sent before it.
 */
if (!parentPort) throw new Error('worker-thread-main runs only as a worker thread (see WorkerHost)');
const port: MessagePort = parentPort;
// WorkerHost is the only one that starts this module, and it passes a WorkerThreadData.
const data = workerData as WorkerThreadData;
const post = (message: ThreadMessage) => port.postMessage(message);
const describe = (err: unknown) => (err instanceof Error ? { message: err.message, ...(err.stack !== undefined ? { stack: err.stack } : {}) } : { message: String(err) });

const store = await openStore(data.db);
await store.migrate();
const compiled = compileManifest(data.manifest, { previousJourneys: data.previousJourneys });
const { worker, loop } = createApplyLoop({
  worker: {
    store,
    compiled,
    now: () => Date.now(),
    ...(data.batchSize !== undefined ? { batchSize: data.batchSize } : {}),
    ...(data.batchBudgetMs !== undefined ? { batchBudgetMs: data.batchBudgetMs } : {}),
  },
  idleMs: data.idleMs,
  events: {
    onCommitted: (rows, committedAt, batchSeconds) => post({ type: 'committed', rows: rows.map(withoutPayload), committedAt, batchSeconds, eventsApplied: worker.eventsApplied }),
    ...(data.forwardCommands ? { onCommands: (commands) => post({ type: 'commands', commands: [...commands] }) } : {}),
    onPoison: (row, message) => post({ type: 'poison', source: row.source, messageId: row.messageId, message }),
    onFailure: (what, err) => post({ type: 'failure', what, ...describe(err) }),
  },
});

function withoutPayload(row: InboxRow) {
  return { seq: row.seq, source: row.source, messageId: row.messageId, receivedAt: row.receivedAt };
}

async function handle(message: HostMessage): Promise<void> {
  switch (message.type) {
    case 'append':
      try {
        const { duplicateIds } = await store.appendInbox(message.messages);
        post({ type: 'appended', id: message.id, duplicateIds });
        loop.poke();
      } catch (err) {
        post({ type: 'appendFailed', id: message.id, message: describe(err).message });
      }
      return;
    case 'poke':
      loop.poke();
      return;
    case 'stop':
      await loop.stop();
      while ((await worker.runOnce()) > 0);
      await store.close();
      post({ type: 'stopped' });
      port.close();
      return;
  }
}

let queue = Promise.resolve();
port.on('message', (message: HostMessage) => {
  // A poke need not wait its turn; appends and stop keep their order.
  if (message.type === 'poke') return loop.poke();
  queue = queue.then(() => handle(message)).catch((err: unknown) => post({ type: 'failure', what: message.type, ...describe(err) }));
});
loop.start();
const tid = osThreadId();
post({ type: 'ready', ...(tid !== undefined ? { osThreadId: tid } : {}) });
