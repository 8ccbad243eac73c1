import { availableParallelism } from 'node:os';
import { systemClock, type Clock } from '../../clock/clock.ts';
import { isSqliteFile } from '../../store/open-store.ts';

/**
 * Cores from which the worker gets a thread by default. With two, the thread shares them with
 * the HTTP edge, the WAL checkpointer and the collector: measured on a two-core machine it gained
 * ~8 % throughput but added ~10 ms to the accept-to-commit p99 (bench/README.md, "Over HTTP").
 * From three, it can have a core of its own.
 */
export const MIN_CORES_FOR_WORKER_THREAD = 3;

export interface PlacementInput {
  db: string;
  clock: Clock;
  /** `serve --worker-thread` / `--no-worker-thread`; undefined lets the machine decide. */
  requested: boolean | undefined;
  cores?: number;
}

/**
 * Whether the worker (engine and its own SQLite connection) runs on a thread. Only possible for
 * a SQLite file with the system clock: a thread cannot share a `:memory:` database, and a manual
 * clock is moved on the main thread. Asking for a thread where it cannot work throws.
 */
export function workerOnThread({ db, clock, requested, cores = availableParallelism() }: PlacementInput): boolean {
  const possible = isSqliteFile(db) && clock === systemClock;
  if (requested === true && !possible) throw new Error('workerThread needs a sqlite:PATH store (not :memory:) and the system clock');
  return requested ?? (possible && cores >= MIN_CORES_FOR_WORKER_THREAD);
}
