import { describe, expect, it } from 'vitest';
import { WorkerProgress } from '../../../src/runtime/worker/worker-progress.ts';

const S = 1000;

describe('worker progress (is the worker stuck?)', () => {
  it.each([
    ['nothing pending, long after the last commit', [{ commitAt: 0 }], [{ at: 600 * S, pending: 0 }], undefined],
    ['rows waiting just under the threshold', [{ commitAt: 0 }], [{ at: 10 * S, pending: 5 }, { at: 69 * S, pending: 5 }], undefined],
    ['rows waiting the threshold with no commit', [{ commitAt: 0 }], [{ at: 10 * S, pending: 5 }, { at: 70 * S, pending: 7 }], 'worker: nothing committed for 70 s while 7 inbox rows wait, and no failure reported: it hangs'],
    ['the first event after an idle hour, seen at once', [{ commitAt: 0 }], [{ at: 3600 * S, pending: 1 }], undefined],
    ['the first event after an idle hour, still waiting a minute later', [{ commitAt: 0 }], [{ at: 3600 * S, pending: 1 }, { at: 3660 * S, pending: 1 }], 'worker: nothing committed for 3660 s while 1 inbox rows wait, and no failure reported: it hangs'],
  ] as const)('%s', (_name, commits, looks, expected) => {
    const progress = new WorkerProgress(60 * S, 0);
    for (const c of commits) progress.committed(c.commitAt);
    let verdict: string | undefined;
    for (const look of looks) verdict = progress.observe(look.pending, look.at);
    expect(verdict).toBe(expected);
  });

  it('counts a worker that commits while behind as alive, and one that stopped as stuck', () => {
    const progress = new WorkerProgress(60 * S, 0);
    // Behind: rows pending at every look, but a commit every 10 s.
    for (let t = 10; t <= 300; t += 10) {
      progress.committed(t * S);
      expect(progress.observe(1000 + t, t * S + 500)).toBeUndefined();
    }
    // Then no commit: stuck a minute after the last one, not before.
    expect(progress.observe(5000, 359 * S)).toBeUndefined();
    expect(progress.observe(5000, 360 * S)).toMatch(/^worker: nothing committed for 60 s while 5000 inbox rows wait/);
    // Waiting rows gone (applied, or pruned): alive again.
    expect(progress.observe(0, 361 * S)).toBeUndefined();
  });

  it('counts a worker whose tries keep failing as alive, says what fails, and as stuck once the failures stop too', () => {
    const progress = new WorkerProgress(60 * S, 0);
    expect(progress.observe(3, 1 * S)).toBeUndefined();
    for (let t = 2; t <= 120; t += 2) progress.failed(t * S, 'SQLITE_FULL: database or disk is full');
    expect(progress.observe(3, 120 * S)).toBeUndefined();
    expect(progress.failing(120 * S)).toBe('worker: nothing committed for 120 s, its tries fail: SQLITE_FULL: database or disk is full');
    // No failure for a whole threshold either: it hangs.
    expect(progress.failing(180 * S)).toBeUndefined();
    expect(progress.observe(3, 180 * S)).toMatch(/^worker: nothing committed for 180 s while 3 inbox rows wait, and no failure reported: it hangs$/);
    // A commit ends both.
    progress.committed(181 * S);
    expect(progress.failing(181 * S)).toBeUndefined();
    expect(progress.observe(3, 182 * S)).toBeUndefined();
  });

  it('refuses a threshold that is not positive', () => {
    expect(() => new WorkerProgress(0, 0)).toThrow(/must be > 0 ms, got 0/);
  });
});
