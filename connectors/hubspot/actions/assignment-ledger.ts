import { perContext } from './per-context.ts';

/** A place held for one task being created; confirm it with the task id, or release it on failure. */
export interface Reservation {
  confirm(taskId: string): void;
  release(): void;
}

/**
 * Tasks this process assigned today, per owner, including the ones being created right now.
 * Search sees a new task only seconds later, and the dispatcher creates several tasks at once:
 * counting from search alone would give one rep a burst of tasks, past capacity. Counts are the
 * union of search hits and this ledger by task id, so nothing is counted twice.
 */
export class AssignmentLedger {
  #day = Number.NaN;
  readonly #byOwner = new Map<string, Set<string>>();
  #nextHold = 1;

  /** Task ids (and held places) of `owner` on `day` (start of the team's day, epoch ms). */
  tasksOf(owner: string, day: number): ReadonlySet<string> {
    this.#rollTo(day);
    return this.#byOwner.get(owner) ?? new Set();
  }

  /** Holds a place for `owner` now, before the create request, so a concurrent choice sees it. */
  reserve(owner: string, day: number): Reservation {
    this.#rollTo(day);
    const hold = `held:${this.#nextHold}`;
    this.#nextHold += 1;
    const tasks = this.#byOwner.get(owner) ?? new Set<string>();
    tasks.add(hold);
    this.#byOwner.set(owner, tasks);
    return {
      confirm: (taskId) => {
        tasks.delete(hold);
        tasks.add(taskId);
      },
      release: () => {
        tasks.delete(hold);
      },
    };
  }

  #rollTo(day: number): void {
    if (day === this.#day) return;
    this.#day = day;
    this.#byOwner.clear();
  }
}

export const assignmentLedger = perContext(() => new AssignmentLedger());
