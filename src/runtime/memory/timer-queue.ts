import { StringMap } from './string-map.ts';

export interface QueuedTimer {
  timerId: string;
  profileId: string;
  enrollmentId: string;
  dueAt: number;
}

const INITIAL_CAPACITY = 1_024;
/** Cancelled entries tolerated in the heap before it is rebuilt without them (and at least half of it). */
const MIN_DEAD_TO_COMPACT = 4_096;

/**
 * A binary min-heap of timers by due time, ties by scheduling order (so replays are stable).
 *
 * The heap holds only numbers, in parallel typed arrays: the due time and sequence it compares,
 * and the slot of the timer. A heap of objects made every comparison dereference two objects
 * scattered over a large heap, which was a quarter of the engine's time on a long replay.
 * Cancelling (or re-scheduling an id) empties the timer's slot and leaves its heap entry to be
 * dropped when it surfaces; when dead entries outnumber live ones, the heap is rebuilt without
 * them, so goal timers cancelled weeks ahead do not pile up.
 */
export class TimerQueue {
  private dueAt = new Float64Array(INITIAL_CAPACITY);
  private seqOf = new Float64Array(INITIAL_CAPACITY);
  private slotOf = new Int32Array(INITIAL_CAPACITY);
  private length = 0;
  /** Slot → the scheduled timer, or undefined once cancelled (its heap entry is then dead). */
  private readonly entries: (QueuedTimer | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  /** Slot of each live timer by id: a `StringMap`, as every timer is looked up when scheduled and again when it leaves. */
  private readonly live = new StringMap<number>();
  private dead = 0;
  private seq = 0;

  get size(): number {
    return this.live.size;
  }

  /** Schedules `timer`, replacing a live timer with the same id. The queue keeps the object: do not mutate it. */
  schedule(timer: QueuedTimer): void {
    const slot = this.freeSlots.length > 0 ? (this.freeSlots.pop() as number) : this.entries.length;
    this.entries[slot] = timer;
    // The id's earlier timer, if any, is replaced in the same lookup, and its heap entry dies.
    const replaced = this.live.swap(timer.timerId, slot);
    if (replaced !== undefined) this.kill(replaced);
    if (this.length === this.dueAt.length) this.grow();
    this.siftUp(this.length++, timer.dueAt, this.seq++, slot);
  }

  cancel(timerId: string): void {
    const slot = this.live.take(timerId);
    if (slot !== undefined) this.kill(slot);
  }

  /** Empties a cancelled timer's slot; its heap entry is dropped when it surfaces, or by a compaction. */
  private kill(slot: number): void {
    this.entries[slot] = undefined;
    this.dead++;
    if (this.dead >= MIN_DEAD_TO_COMPACT && this.dead * 2 > this.length) this.compact();
  }

  /** Earliest live due time, if any. */
  peekDueAt(): number | undefined {
    this.dropDead();
    return this.length > 0 ? this.dueAt[0] : undefined;
  }

  /** Removes and returns the earliest live timer due at or before `now`. */
  popDue(now: number): QueuedTimer | undefined {
    this.dropDead();
    if (this.length === 0 || (this.dueAt[0] as number) > now) return undefined;
    const slot = this.slotOf[0] as number;
    const timer = this.entries[slot] as QueuedTimer;
    this.removeTop();
    this.release(slot);
    this.live.delete(timer.timerId);
    return timer;
  }

  private release(slot: number): void {
    this.entries[slot] = undefined;
    this.freeSlots.push(slot);
  }

  private dropDead(): void {
    while (this.length > 0) {
      const slot = this.slotOf[0] as number;
      if (this.entries[slot] !== undefined) return;
      this.removeTop();
      this.freeSlots.push(slot);
      this.dead--;
    }
  }

  private removeTop(): void {
    const last = --this.length;
    if (last > 0) this.siftDown(0, this.dueAt[last] as number, this.seqOf[last] as number, this.slotOf[last] as number);
  }

  /** Places (due, seq, slot) at hole `i` or above it, moving parents down into the hole. */
  private siftUp(i: number, due: number, seq: number, slot: number): void {
    const { dueAt, seqOf, slotOf } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pd = dueAt[parent] as number;
      if (pd < due || (pd === due && (seqOf[parent] as number) < seq)) break;
      dueAt[i] = pd;
      seqOf[i] = seqOf[parent] as number;
      slotOf[i] = slotOf[parent] as number;
      i = parent;
    }
    dueAt[i] = due;
    seqOf[i] = seq;
    slotOf[i] = slot;
  }

  /** Places (due, seq, slot) at hole `i` or below it, moving the smaller child up into the hole. */
  private siftDown(i: number, due: number, seq: number, slot: number): void {
    const { dueAt, seqOf, slotOf, length: n } = this;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let cd = dueAt[child] as number;
      let cs = seqOf[child] as number;
      const right = child + 1;
      if (right < n) {
        const rd = dueAt[right] as number;
        const rs = seqOf[right] as number;
        if (rd < cd || (rd === cd && rs < cs)) {
          child = right;
          cd = rd;
          cs = rs;
        }
      }
      if (due < cd || (due === cd && seq < cs)) break;
      dueAt[i] = cd;
      seqOf[i] = cs;
      slotOf[i] = slotOf[child] as number;
      i = child;
    }
    dueAt[i] = due;
    seqOf[i] = seq;
    slotOf[i] = slot;
  }

  private grow(): void {
    const capacity = this.dueAt.length * 2;
    const dueAt = new Float64Array(capacity);
    const seqOf = new Float64Array(capacity);
    const slotOf = new Int32Array(capacity);
    dueAt.set(this.dueAt);
    seqOf.set(this.seqOf);
    slotOf.set(this.slotOf);
    this.dueAt = dueAt;
    this.seqOf = seqOf;
    this.slotOf = slotOf;
  }

  /** Drops every dead entry and re-heapifies: (due, seq) is a total order, so the pop order is unchanged. */
  private compact(): void {
    const { dueAt, seqOf, slotOf } = this;
    let kept = 0;
    for (let i = 0; i < this.length; i++) {
      const slot = slotOf[i] as number;
      if (this.entries[slot] === undefined) {
        this.freeSlots.push(slot);
        continue;
      }
      dueAt[kept] = dueAt[i] as number;
      seqOf[kept] = seqOf[i] as number;
      slotOf[kept] = slot;
      kept++;
    }
    this.length = kept;
    this.dead = 0;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftDown(i, dueAt[i] as number, seqOf[i] as number, slotOf[i] as number);
  }
}
