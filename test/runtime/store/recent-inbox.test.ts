import { describe, expect, it } from 'vitest';
import { RecentInbox } from '../../../src/runtime/store/sqlite/recent-inbox.ts';
import type { InboxRow } from '../../../src/runtime/store/store.ts';

const row = (seq: number): InboxRow => ({ seq, source: 'segment', messageId: `m${seq}`, receivedAt: 0, payload: '{}' });
const seqs = (rows: readonly InboxRow[] | undefined) => rows?.map((r) => r.seq);

describe('RecentInbox', () => {
  it('reads across transactions that follow each other, skipping the seqs an ignored duplicate used up', () => {
    const recent = new RecentInbox();
    recent.add(0, 3, [row(1), row(3)]); // seq 2 went to a duplicate
    recent.add(3, 5, [row(4), row(5)]);
    expect(seqs(recent.take(0, 10))).toEqual([1, 3, 4, 5]);
    expect(seqs(recent.take(1, 10))).toEqual([3, 4, 5]);
    expect(seqs(recent.take(2, 2))).toEqual([3, 4]);
  });

  it('stops at a hole between transactions, where another writer may have rows', () => {
    const recent = new RecentInbox();
    recent.add(0, 2, [row(1), row(2)]);
    recent.add(4, 5, [row(5)]); // 3 and 4 are someone else's
    expect(seqs(recent.take(0, 10))).toEqual([1, 2]);
    expect(recent.take(2, 10)).toBeUndefined();
    expect(seqs(recent.take(4, 10))).toEqual([5]);
  });

  it('cannot answer for a cursor before what it holds, nor past the last row it holds', () => {
    const recent = new RecentInbox();
    recent.add(10, 12, [row(11), row(12)]);
    expect(recent.take(9, 10)).toBeUndefined();
    // A transaction whose rows were all duplicates holds no row but still chains.
    recent.add(12, 13, []);
    recent.add(13, 14, [row(14)]);
    expect(seqs(recent.take(11, 10))).toEqual([12, 14]);
    expect(recent.take(14, 10)).toBeUndefined();
  });

  it('forgets what the reader has passed, keeps at most its capacity (the oldest go), and forgets pruned rows', () => {
    const recent = new RecentInbox(4);
    recent.add(0, 2, [row(1), row(2)]);
    recent.add(2, 4, [row(3), row(4)]);
    recent.add(4, 6, [row(5), row(6)]);
    expect(recent.size).toBe(4);
    expect(recent.take(0, 10)).toBeUndefined();
    expect(seqs(recent.take(2, 10))).toEqual([3, 4, 5, 6]);
    expect(seqs(recent.take(4, 10))).toEqual([5, 6]);
    expect(recent.size).toBe(2);
    recent.add(6, 8, [row(7), row(8)]);
    // Pruning through 6 leaves 7 and 8 in the database: kept. Through 7, the transaction is gone.
    recent.forgetThrough(6);
    expect(seqs(recent.take(6, 10))).toEqual([7, 8]);
    recent.forgetThrough(7);
    expect(recent.take(6, 10)).toBeUndefined();
    expect(recent.size).toBe(0);
  });
});
