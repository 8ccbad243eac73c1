import type { ApplyAttempt } from '../store/store.ts';

/**
 * Times a worker may die applying one inbox row on its own before the next one sets the row
 * aside (dead letters) instead of trying again. Two: one death alone can be bad luck (a deploy's
 * SIGKILL landing on a one-row batch); a second in a row, on that row alone, is the row.
 */
export const SOLO_DEATHS_BEFORE_SET_ASIDE = 2;

/**
 * How a worker applies the next inbox rows, from the attempt record its predecessor left.
 *
 * An event that throws is dead-lettered by the worker that applies it. One that kills the worker
 * instead — a crash of the process or thread, or a hang that gets it killed (a liveness probe
 * after `/healthz` fails, a supervisor) — would kill every successor on the same batch, and
 * nothing behind it would ever be applied. So before applying rows the worker records them
 * (`Store.recordApplyAttempt`), and the commit clears the record. A worker that finds a record
 * at start knows its predecessor died on those rows: it applies them one at a time, each recorded
 * alone, and a row that has killed a worker {@link SOLO_DEATHS_BEFORE_SET_ASIDE} times on its own
 * is set aside, so that the rest go on.
 */
export class AttemptPlan {
  /** Rows up to this seq are applied one at a time. */
  private readonly isolateThrough: number;
  /** The row found alone in the record, and the try its next attempt is. */
  private readonly soloSeq: number | undefined;
  private readonly soloTry: number;
  /** The row to dead-letter instead of applying. */
  private readonly setAsideSeq: number | undefined;

  /** @param found the record at start; @param cursor the inbox cursor at start. */
  constructor(found: ApplyAttempt | undefined, cursor: number) {
    const live = found !== undefined && found.toSeq > cursor ? found : undefined;
    const alone = live !== undefined && live.fromSeq === live.toSeq;
    this.setAsideSeq = alone && live.tries >= SOLO_DEATHS_BEFORE_SET_ASIDE ? live.fromSeq : undefined;
    this.soloSeq = alone && this.setAsideSeq === undefined ? live.fromSeq : undefined;
    this.soloTry = alone ? live.tries + 1 : 1;
    this.isolateThrough = live?.toSeq ?? 0;
  }

  /** Rows to read after `cursor`: one while among the rows a worker died on, else `normal`. */
  limit(cursor: number, normal: number): number {
    return cursor < this.isolateThrough ? 1 : normal;
  }

  /** Whether the row at `seq` killed workers on its own often enough to be set aside. */
  setsAside(seq: number): boolean {
    return seq === this.setAsideSeq;
  }

  /** The record to write before applying rows `fromSeq`..`toSeq`. */
  attemptFor(fromSeq: number, toSeq: number): ApplyAttempt {
    return { fromSeq, toSeq, tries: fromSeq === toSeq && fromSeq === this.soloSeq ? this.soloTry : 1 };
  }
}

/** The dead letter's error for a row set aside. */
export function setAsideReason(tries: number): string {
  return `set aside: a worker died (crashed, or hung and was stopped) applying this message on its own ${tries} times in a row; the messages after it are applied without it`;
}
