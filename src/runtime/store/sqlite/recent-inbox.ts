import type { InboxRow } from '../store.ts';

/** Rows kept at most: a backlog larger than this is read back from the database. */
const DEFAULT_CAPACITY = 20_000;

/**
 * Every inbox row with `after < seq ≤ through`, in seq order. One committed transaction of this
 * connection: it held the write lock from `after` (the sequence when it began) to `through` (when
 * it ended), so no other writer has a row in between. The rows may leave gaps in the seqs (an
 * ignored duplicate consumes one), never a row out.
 */
interface Segment {
  after: number;
  through: number;
  rows: readonly InboxRow[];
}

/**
 * The inbox rows this connection appended and committed lately, so that the worker reads them
 * back from memory instead of from the database: on the HTTP path every accepted event was read
 * back by SQL a few milliseconds after its append (≈ 5 % of the event loop's time).
 *
 * It answers only while its segments chain from the reader's cursor without a hole between them:
 * a hole is where another connection (another process, or this one's writes that were not
 * recorded) may have rows, and the read goes to the database. What it answers is then exactly
 * what the database holds there, in the same order.
 */
export class RecentInbox {
  /** In seq order, each starting at or after the previous one's `through`. */
  private segments: Segment[] = [];
  private rowCount = 0;

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** Records a committed transaction's rows; the oldest segments go when over capacity. */
  add(after: number, through: number, rows: readonly InboxRow[]): void {
    if (through <= after) return;
    const last = this.segments[this.segments.length - 1];
    // Out of order would mean another writer's sequence went backwards: trust nothing held.
    if (last !== undefined && after < last.through) this.clear();
    this.segments.push({ after, through, rows });
    this.rowCount += rows.length;
    this.dropOldestWhile(() => this.rowCount > this.capacity);
  }

  /**
   * Up to `limit` rows with seq > `afterSeq`, in seq order, as the database holds them; undefined
   * when this cannot tell (the caller reads the database). Segments wholly at or before `afterSeq`
   * are forgotten: the reader has moved past them.
   */
  take(afterSeq: number, limit: number): InboxRow[] | undefined {
    this.dropOldestWhile((oldest) => oldest.through <= afterSeq);
    const rows: InboxRow[] = [];
    let chainedTo = afterSeq;
    for (const segment of this.segments) {
      if (segment.after > chainedTo || rows.length >= limit) break;
      for (const row of segment.rows) {
        if (row.seq <= afterSeq) continue;
        if (rows.length >= limit) break;
        rows.push(row);
      }
      chainedTo = segment.through;
    }
    // None: either a hole right at the cursor, or the end of what was recorded, where another
    // writer's rows may follow. Only the database knows.
    return rows.length > 0 ? rows : undefined;
  }

  /** Forgets rows at or before `seq`, which the database may no longer hold (pruned). */
  forgetThrough(seq: number): void {
    // Segments are in seq order: those that begin before `seq` come first.
    this.dropOldestWhile((oldest) => oldest.after < seq);
  }

  /** Drops segments from the oldest on while `drop` says so (it sees each oldest in turn). */
  private dropOldestWhile(drop: (oldest: Segment) => boolean): void {
    let count = 0;
    while (count < this.segments.length && drop(this.segments[count] as Segment)) this.rowCount -= (this.segments[count++] as Segment).rows.length;
    if (count > 0) this.segments.splice(0, count);
  }

  clear(): void {
    this.segments = [];
    this.rowCount = 0;
  }

  /** Rows held. */
  get size(): number {
    return this.rowCount;
  }
}
