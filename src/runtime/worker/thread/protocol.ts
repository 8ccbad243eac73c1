import type { Command } from '../../../core/commands.ts';
import type { Journey } from '../../../manifest/schema/journeys.ts';
import type { Manifest } from '../../../manifest/schema/manifest.ts';
import type { InboxMessage } from '../../store/store.ts';
import type { CommittedRow } from '../inbox-applier.ts';

/** What the worker thread starts from (its `workerData`): everything it needs to build its own worker. */
export interface WorkerThreadData {
  /** The store URL; the thread opens its own connection to the same file. */
  db: string;
  manifest: Manifest;
  /** Journey versions still running from earlier manifests (the host read them from the store). */
  previousJourneys: Journey[];
  batchSize?: number;
  batchBudgetMs?: number;
  idleMs: number;
  /** Whether to send the commands of each batch back (only when someone listens: they are cloned). */
  forwardCommands: boolean;
  /** The module to load after the TypeScript loader, when the thread runs from the sources. */
  entry?: string;
}

/** Host → thread. */
export type HostMessage =
  | { type: 'append'; id: number; messages: InboxMessage[] }
  | { type: 'poke' }
  /** Apply everything in the inbox, close the connection, answer `stopped`. */
  | { type: 'stop' };

/** Thread → host. */
export type ThreadMessage =
  /** `osThreadId`: the thread's id in the OS (Linux), to read its own CPU time from /proc. */
  | { type: 'ready'; osThreadId?: number }
  | { type: 'appended'; id: number; duplicateIds: string[] }
  | { type: 'appendFailed'; id: number; message: string }
  | { type: 'committed'; rows: CommittedRow[]; committedAt: number; batchSeconds: number; eventsApplied: number }
  | { type: 'commands'; commands: Command[] }
  | { type: 'poison'; source: string; messageId: string; message: string }
  | { type: 'failure'; what: string; message: string; stack?: string }
  | { type: 'stopped' };
