import { describe, expect, it } from 'vitest';
import { BatchSizer } from '../../src/runtime/worker/batch-sizer.ts';

describe('worker batch sizer', () => {
  it('starts at the maximum and scales a batch that overran the budget down in proportion, never below the minimum', () => {
    const sizer = new BatchSizer({ max: 1000, min: 20, budgetMs: 10 });
    expect(sizer.next()).toBe(1000);
    sizer.record(1000, 40);
    expect(sizer.next()).toBe(250);
    sizer.record(100, 1000);
    expect(sizer.next()).toBe(20);
  });

  it('grows a full batch that finished early, at most doubling and up to the maximum', () => {
    const sizer = new BatchSizer({ max: 1000, budgetMs: 10 });
    sizer.record(1000, 50);
    expect(sizer.next()).toBe(200);
    sizer.record(200, 8);
    expect(sizer.next()).toBe(250);
    sizer.record(250, 1);
    expect(sizer.next()).toBe(500);
  });

  it('keeps the limit when a batch was not full: the inbox held less than it', () => {
    const sizer = new BatchSizer({ max: 1000, budgetMs: 10 });
    sizer.record(1000, 20);
    sizer.record(120, 2);
    expect(sizer.next()).toBe(500);
  });

  it('doubles the limit up to the maximum, whatever the budget, once full batches show a backlog', () => {
    const sizer = new BatchSizer({ max: 1000, budgetMs: 10, behindAfter: 3 });
    sizer.record(1000, 100);
    expect(sizer.next()).toBe(100);
    sizer.record(100, 20);
    expect(sizer.next()).toBe(50);
    sizer.record(50, 20);
    expect(sizer.next()).toBe(100);
    sizer.record(100, 40);
    expect(sizer.next()).toBe(200);
    sizer.record(200, 80);
    expect(sizer.next()).toBe(400);
    // Caught up: the batch was not full, and the budget applies again.
    sizer.record(300, 60);
    expect(sizer.next()).toBe(50);
  });

  it('refuses sizes and budgets that cannot work', () => {
    expect(() => new BatchSizer({ max: 0 })).toThrow('batch sizes must be whole numbers ≥ 1, got min 0, max 0');
    expect(() => new BatchSizer({ budgetMs: 0 })).toThrow('batch budget must be > 0 ms, got 0');
  });
});
