export interface QueuedTimer {
  timerId: string;
  profileId: string;
  enrollmentId: string;
  dueAt: number;
}

/**
 * A binary min-heap of timers by due time (ties by insertion order, so replays are stable).
 * Cancellation is lazy: cancelled ids are skipped when popped.
 */
export class TimerQueue {
  private heap: (QueuedTimer & { seq: number })[] = [];
  private live = new Map<string, QueuedTimer>();
  private seq = 0;

  get size(): number {
    return this.live.size;
  }

  schedule(timer: QueuedTimer): void {
    const entry = { ...timer, seq: this.seq++ };
    this.live.set(timer.timerId, entry);
    this.heap.push(entry);
    this.up(this.heap.length - 1);
  }

  cancel(timerId: string): void {
    this.live.delete(timerId);
  }

  /** Earliest live due time, if any. */
  peekDueAt(): number | undefined {
    this.dropDead();
    return this.heap[0]?.dueAt;
  }

  /** Removes and returns the earliest live timer due at or before `now`. */
  popDue(now: number): QueuedTimer | undefined {
    this.dropDead();
    const top = this.heap[0];
    if (!top || top.dueAt > now) return undefined;
    this.removeTop();
    this.live.delete(top.timerId);
    return top;
  }

  private dropDead(): void {
    while (this.heap.length > 0) {
      const top = this.heap[0] as QueuedTimer & { seq: number };
      if (this.live.get(top.timerId) === top) return;
      this.removeTop();
    }
  }

  private removeTop(): void {
    const last = this.heap.pop();
    if (last && this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
  }

  private less(a: number, b: number): boolean {
    const x = this.heap[a] as QueuedTimer & { seq: number };
    const y = this.heap[b] as QueuedTimer & { seq: number };
    return x.dueAt < y.dueAt || (x.dueAt === y.dueAt && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const t = this.heap[a] as QueuedTimer & { seq: number };
    this.heap[a] = this.heap[b] as QueuedTimer & { seq: number };
    this.heap[b] = t;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
