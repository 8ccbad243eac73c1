import { describe, expect, it } from 'vitest';
import { AttemptPlan } from '../../../src/runtime/worker/attempt-plan.ts';

describe('attempt plan (what a worker does after a predecessor died on rows)', () => {
  it('with no record, reads full batches and records them as first tries', () => {
    const plan = new AttemptPlan(undefined, 10);
    expect(plan.limit(10, 1000)).toBe(1000);
    expect(plan.attemptFor(11, 400)).toEqual({ fromSeq: 11, toSeq: 400, tries: 1 });
    expect(plan.setsAside(11)).toBe(false);
  });

  it('applies the rows of a batch a worker died on one at a time, then full batches again', () => {
    const plan = new AttemptPlan({ fromSeq: 11, toSeq: 15, tries: 1 }, 10);
    expect([10, 12, 14].map((cursor) => plan.limit(cursor, 1000))).toEqual([1, 1, 1]);
    expect(plan.limit(15, 1000)).toBe(1000);
    expect(plan.attemptFor(12, 12)).toEqual({ fromSeq: 12, toSeq: 12, tries: 1 });
    expect(plan.setsAside(12)).toBe(false);
  });

  it('tries a row a worker died on alone once more, as a second try', () => {
    const plan = new AttemptPlan({ fromSeq: 11, toSeq: 11, tries: 1 }, 10);
    expect(plan.limit(10, 1000)).toBe(1);
    expect(plan.setsAside(11)).toBe(false);
    expect(plan.attemptFor(11, 11)).toEqual({ fromSeq: 11, toSeq: 11, tries: 2 });
    expect(plan.attemptFor(12, 12)).toEqual({ fromSeq: 12, toSeq: 12, tries: 1 });
  });

  it('sets aside a row that workers died on alone twice', () => {
    const plan = new AttemptPlan({ fromSeq: 11, toSeq: 11, tries: 2 }, 10);
    expect(plan.setsAside(11)).toBe(true);
    expect(plan.setsAside(12)).toBe(false);
  });

  it('ignores a record of rows already acknowledged', () => {
    const plan = new AttemptPlan({ fromSeq: 11, toSeq: 11, tries: 2 }, 11);
    expect(plan.setsAside(11)).toBe(false);
    expect(plan.limit(11, 1000)).toBe(1000);
  });
});
