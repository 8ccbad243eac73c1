import { closeSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The thread's code, as plain CommonJS: it runs the same from the TypeScript sources (tsx hooks
 * are not inherited by worker threads) and from a build.
 *
 * Each round is a PASSIVE checkpoint: it copies committed WAL frames into the database file and
 * fsyncs both files, and never blocks the writer. A round that could not copy everything (the
 * writer committed meanwhile) is followed by another after `catchUpMs`. Copying is not enough, though: the
 * WAL only starts over from its beginning when a write transaction begins while every frame is
 * copied, and with a commit every few ms a round (two fsyncs) never fits between two commits.
 * So once the WAL is long enough to be worth restarting, the thread asks the writer to pause;
 * the writer answers `paused` when it next wants to write (its event loop stays free), the
 * thread copies the last frames and says `resume`, and the writer's next commit restarts the WAL.
 */
const THREAD_SOURCE = `
const { fsyncSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('synchronous = ' + workerData.synchronous);
db.pragma('busy_timeout = 0');
let timer;
let stopped = false;
let asked = false;
const checkpoint = () => {
  try {
    return db.pragma('wal_checkpoint(PASSIVE)')[0];
  } catch (err) {
    parentPort.postMessage({ type: 'error', message: String((err && err.message) || err) });
    return { log: 0, checkpointed: 0 };
  }
};
const round = () => {
  if (stopped) return;
  let { log, checkpointed } = checkpoint();
  if (!asked && log >= workerData.restartFrames) {
    // A checkpoint that cannot copy the whole WAL skips its fsync of the database: the pages of
    // every round since the last complete one are still to be written. Written now, the fsync
    // in the writer's pause finds only the last round's pages.
    try {
      fsyncSync(workerData.dbFd);
    } catch (err) {
      parentPort.postMessage({ type: 'error', message: String((err && err.message) || err) });
    }
    ({ log, checkpointed } = checkpoint());
    asked = true;
    parentPort.postMessage({ type: 'pause' });
  } else if (asked && log < workerData.restartFrames) {
    asked = false;
  }
  timer = setTimeout(round, checkpointed < log ? workerData.catchUpMs : workerData.intervalMs);
};
parentPort.on('message', (message) => {
  if (message === 'paused') {
    const { log, checkpointed } = checkpoint();
    // Asked again by a later round if the WAL is still long then: another connection, which is
    // never paused, may commit between this copy and the paused writer's commit, and then the WAL
    // does not start over. Without asking again it never would, and the file grew to the writer's
    // autocheckpoint bound.
    asked = false;
    parentPort.postMessage({ type: 'resume', complete: checkpointed === log });
  } else if (message === 'stop') {
    stopped = true;
    clearTimeout(timer);
    db.close();
    parentPort.postMessage({ type: 'stopped' });
  }
});
round();
`;

type ThreadMessage = { type: 'pause' } | { type: 'resume'; complete: boolean } | { type: 'stopped' } | { type: 'error'; message: string };

export interface WalCheckpointerOptions {
  path: string;
  synchronous: 'normal' | 'full';
  /** Pause between rounds that found nothing left to copy, in ms. Default 20. */
  intervalMs?: number;
  /**
   * Pause after a round that could not copy everything because the writer committed meanwhile,
   * in ms. Default 10. Back to back (0), such rounds ran without end under steady commits and
   * competed for the two cores with the worker thread they serve: 10 ms measured +10 % events/s
   * over HTTP (median of 5 interleaved pairs, bench/README.md), with the same WAL size.
   */
  catchUpMs?: number;
  /**
   * WAL length, in frames (pages), from which the writer is asked to pause for a restart.
   * Default 65,536 (256 MiB of 4 KiB pages; the WAL file stays that large on disk). Each pause
   * holds every write for 30–100 ms (the last frames copied, two fsyncs, two thread hops): at
   * 4,096 frames the writer was paused 4–8 times a second, ~20 % of the time, at 100,000
   * profiles over HTTP; at 65,536 it measured +25–35 % events/s and p99 38–52 ms instead of
   * 67–77 ms (bench/README.md, "Over HTTP").
   */
  restartFrames?: number;
  /** Longest the writer waits for the last frames to be copied, in ms. Default 250: a slow disk delays writes, never stops them. */
  maxPauseMs?: number;
  onError?: (message: string) => void;
}

/**
 * Checkpoints a WAL database from a thread of its own, on a second connection. A checkpoint run
 * by the writer's own commit (SQLite's autocheckpoint) copies tens of MB and fsyncs inside that
 * commit: 100–200 ms on the event loop that also answers HTTP, which was the accept-to-outbox p99.
 * Here the copying and the fsyncs happen off the event loop; the writer only waits — without
 * blocking its event loop — for the last few frames before each restart of the WAL (see
 * THREAD_SOURCE). The writer keeps its autocheckpoint, set higher, as the bound on the WAL if
 * this thread falls behind or dies.
 */
export class WalCheckpointer {
  private readonly thread: Worker;
  private readonly maxPauseMs: number;
  /** The database file, opened for the thread's fsyncs; closed only after every connection (see {@link close}). */
  private dbFd: number | undefined;
  private exited = false;
  private pauseWanted = false;
  private pause: Promise<void> | undefined;
  private resume: (() => void) | undefined;
  private stopping: Promise<void> | undefined;
  /** Restarts of the WAL prepared (all frames copied during a pause), and pauses in all. */
  readonly counts = { pauses: 0, complete: 0 };

  constructor(options: WalCheckpointerOptions) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.maxPauseMs = options.maxPauseMs ?? 250;
    this.dbFd = openSync(options.path, 'r');
    this.thread = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: {
        path: options.path,
        synchronous: options.synchronous === 'full' ? 'FULL' : 'NORMAL',
        intervalMs: options.intervalMs ?? 20,
        catchUpMs: options.catchUpMs ?? 10,
        restartFrames: options.restartFrames ?? 65_536,
        dbFd: this.dbFd,
        driver,
      },
    });
    this.thread.on('message', (message: ThreadMessage) => {
      if (message.type === 'pause') this.pauseWanted = true;
      else if (message.type === 'resume') {
        if (message.complete) this.counts.complete++;
        this.resume?.();
      } else if (message.type === 'error') options.onError?.(message.message);
    });
    this.thread.on('error', (err) => options.onError?.(err.message));
    this.thread.once('exit', () => {
      this.exited = true;
      this.resume?.();
    });
    // A store nobody closed must not keep the process alive for its checkpoints.
    this.thread.unref();
  }

  /**
   * Called before every write transaction: undefined to go ahead at once, or a promise to wait
   * for while the thread copies the last frames of a WAL about to restart.
   */
  beforeWrite(): Promise<void> | undefined {
    if (this.pause || !this.pauseWanted || this.exited) return this.pause;
    this.pauseWanted = false;
    this.counts.pauses++;
    this.pause = new Promise<void>((resolve) => {
      const timeout = setTimeout(() => this.resume?.(), this.maxPauseMs);
      this.resume = () => {
        clearTimeout(timeout);
        this.pause = undefined;
        this.resume = undefined;
        resolve();
      };
      this.thread.postMessage('paused');
    });
    return this.pause;
  }

  /**
   * Closes the file the thread fsyncs through. Only after every connection to the database in
   * this process is closed: closing any descriptor of a file drops the process's POSIX locks on
   * it, SQLite's included. Idempotent.
   */
  closeFile(): void {
    if (this.dbFd === undefined) return;
    closeSync(this.dbFd);
    this.dbFd = undefined;
  }

  /** Finishes the round in progress and closes the thread's connection. Idempotent. */
  stop(): Promise<void> {
    if (this.exited) return Promise.resolve();
    this.stopping ??= new Promise<void>((resolve) => {
      this.thread.once('exit', () => resolve());
      this.thread.on('message', (message: ThreadMessage) => {
        if (message.type === 'stopped') void this.thread.terminate();
      });
      // Held again while it stops: otherwise a process with nothing else to do exits before the answer.
      this.thread.ref();
      this.thread.postMessage('stop');
    });
    return this.stopping;
  }
}
