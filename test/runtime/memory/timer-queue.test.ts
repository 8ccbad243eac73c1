import { describe, expect, it } from 'vitest';
import { TimerQueue, type QueuedTimer } from '../../../src/runtime/memory/timer-queue.ts';
import { seededRandom } from '../../../src/runtime/generate/seeded-random.ts';

function timer(timerId: string, dueAt: number): QueuedTimer {
  return { timerId, profileId: `p-${timerId}`, enrollmentId: `e-${timerId}`, dueAt };
}

function popAll(queue: TimerQueue, now = Number.POSITIVE_INFINITY): string[] {
  const ids: string[] = [];
  for (let t = queue.popDue(now); t; t = queue.popDue(now)) ids.push(t.timerId);
  return ids;
}

describe('TimerQueue', () => {
  it('pops timers in due order, whatever the scheduling order', () => {
    const q = new TimerQueue();
    for (const [id, due] of [['c', 30], ['a', 10], ['d', 40], ['b', 20]] as const) q.schedule(timer(id, due));
    expect(popAll(q)).toEqual(['a', 'b', 'c', 'd']);
    expect(q.size).toBe(0);
  });

  it('pops timers due at the same time in the order they were scheduled', () => {
    const q = new TimerQueue();
    for (const id of ['x', 'y', 'z', 'w']) q.schedule(timer(id, 100));
    q.schedule(timer('early', 50));
    expect(popAll(q)).toEqual(['early', 'x', 'y', 'z', 'w']);
  });

  it('pops only what is due at or before now and tells when the next one is due', () => {
    const q = new TimerQueue();
    q.schedule(timer('a', 10));
    q.schedule(timer('b', 20));
    expect(q.popDue(9)).toBeUndefined();
    expect(q.popDue(10)?.timerId).toBe('a');
    expect(q.popDue(19)).toBeUndefined();
    expect(q.peekDueAt()).toBe(20);
    expect(q.popDue(20)).toEqual(timer('b', 20));
    expect(q.peekDueAt()).toBeUndefined();
  });

  it('never pops a cancelled timer, even once it is due, and does not count it', () => {
    const q = new TimerQueue();
    q.schedule(timer('a', 10));
    q.schedule(timer('b', 20));
    q.schedule(timer('c', 30));
    q.cancel('a');
    q.cancel('c');
    q.cancel('unknown');
    expect(q.size).toBe(1);
    expect(q.peekDueAt()).toBe(20);
    expect(popAll(q)).toEqual(['b']);
  });

  it('re-scheduling an id replaces the earlier timer: only the new due time fires', () => {
    const q = new TimerQueue();
    q.schedule(timer('a', 10));
    q.schedule(timer('b', 15));
    q.schedule({ ...timer('a', 20), enrollmentId: 'second' });
    expect(q.size).toBe(2);
    const fired = [];
    for (let t = q.popDue(100); t; t = q.popDue(100)) fired.push(`${t.timerId}@${t.dueAt}:${t.enrollmentId}`);
    expect(fired).toEqual(['b@15:e-b', 'a@20:second']);
  });

  it('a cancelled id can be scheduled again and fires at its new time', () => {
    const q = new TimerQueue();
    q.schedule(timer('a', 10));
    q.cancel('a');
    q.schedule(timer('a', 30));
    q.schedule(timer('b', 20));
    expect(popAll(q)).toEqual(['b', 'a']);
  });

  it('fires exactly what a sorted list would over many schedules, cancels and re-schedules', () => {
    const next = seededRandom(42);
    const q = new TimerQueue();
    /** id → [dueAt, scheduling sequence] of the live timers: the model. */
    const model = new Map<string, [number, number]>();
    let seq = 0;
    let now = 0;
    const fired: string[] = [];
    const expected: string[] = [];
    for (let step = 0; step < 60_000; step++) {
      const r = next();
      const id = `t${Math.floor(next() * 20_000)}`;
      if (r < 0.55) {
        // Coarse due times make many ties.
        const due = now + Math.floor(next() * 500) * 10;
        q.schedule(timer(id, due));
        model.set(id, [due, seq++]);
      } else if (r < 0.85) {
        q.cancel(id);
        model.delete(id);
      } else {
        now += Math.floor(next() * 200);
        const due = [...model].filter(([, [d]]) => d <= now).sort((a, b) => a[1][0] - b[1][0] || a[1][1] - b[1][1]);
        for (const [dueId] of due) {
          expected.push(dueId);
          model.delete(dueId);
        }
        for (let t = q.popDue(now); t; t = q.popDue(now)) fired.push(t.timerId);
        expect(q.size).toBe(model.size);
      }
    }
    expect(fired.length).toBeGreaterThan(5_000);
    expect(fired).toEqual(expected);
    const rest = [...model].sort((a, b) => a[1][0] - b[1][0] || a[1][1] - b[1][1]).map(([id]) => id);
    expect(popAll(q)).toEqual(rest);
  });

  it('keeps its order after cancelling most of a large queue (the heap is rebuilt without them)', () => {
    const q = new TimerQueue();
    const n = 20_000;
    // Scheduled in a scrambled order; every third one survives.
    for (let i = 0; i < n; i++) {
      const k = (i * 7_919) % n;
      q.schedule(timer(`t${k}`, 1_000 + Math.floor(k / 2)));
    }
    for (let k = 0; k < n; k++) if (k % 3 !== 0) q.cancel(`t${k}`);
    expect(q.size).toBe(Math.ceil(n / 3));
    // Of two timers due together (k = 2m, 2m + 1) at most one is a multiple of 3: survivors pop by k.
    const survivors = Array.from({ length: n }, (_, k) => k).filter((k) => k % 3 === 0);
    expect(popAll(q)).toEqual(survivors.map((k) => `t${k}`));
  });
});
