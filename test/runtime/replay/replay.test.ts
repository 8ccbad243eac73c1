import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReplaySummary } from '../../../src/runtime/replay/replay-summary.ts';

const DAY = 86_400_000;

function cli(...args: string[]): string {
  return execFileSync(process.execPath, ['bin/pathwise.js', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

type Raw = { type: string; userId?: string; anonymousId?: string; event?: string; messageId: string; timestamp: string; properties?: Record<string, unknown> };

/** Counts computed straight from the file, without the engine, to check the replay against. */
function independentCounts(lines: string[]) {
  const ids = new Set<string>();
  const unique: Raw[] = [];
  for (const line of lines) {
    const e = JSON.parse(line) as Raw;
    if (ids.has(e.messageId)) continue;
    ids.add(e.messageId);
    unique.push(e);
  }
  const byUser = new Map<string, { event: string; at: number; props?: Record<string, unknown> }[]>();
  const users = new Set<string>();
  const mergedDevices = new Set<string>();
  for (const e of unique) {
    if (e.userId) users.add(e.userId);
    if (e.type === 'identify' && e.userId && e.anonymousId?.startsWith('anon2-')) mergedDevices.add(e.anonymousId);
    if (e.type === 'track' && e.userId && e.event) {
      const list = byUser.get(e.userId) ?? [];
      list.push({ event: e.event, at: Date.parse(e.timestamp), ...(e.properties ? { props: e.properties } : {}) });
      byUser.set(e.userId, list);
    }
  }
  const entered = (trigger: (ev: { event: string; props?: Record<string, unknown> }) => boolean) => [...byUser.values()].filter((evs) => evs.some(trigger)).length;
  /** Goal reached strictly inside the window after the (single) trigger, with no exit event before it. */
  const converted = (trigger: string, goal: string, windowMs: number, exit?: string, where: (p?: Record<string, unknown>) => boolean = () => true) =>
    [...byUser.values()].filter((evs) => {
      const start = evs.find((e) => e.event === trigger && where(e.props));
      if (!start) return false;
      const hit = evs.find((e) => e.event === goal && e.at >= start.at && e.at < start.at + windowMs);
      if (!hit) return false;
      return !evs.some((e) => e.event === exit && e.at >= start.at && e.at <= hit.at);
    }).length;
  const dropped = (p?: Record<string, unknown>) => Number(p?.['drop_percent']) >= 30;
  return {
    lines: lines.length,
    duplicates: lines.length - unique.length,
    applied: unique.length,
    profiles: users.size,
    merges: mergedDevices.size,
    entered: {
      'webinar-to-demo': entered((e) => e.event === 'Webinar Attended'),
      'trial-onboarding': entered((e) => e.event === 'Trial Started'),
      'churn-save': entered((e) => e.event === 'Usage Dropped' && dropped(e.props)),
    },
    converted: {
      'trial-onboarding': converted('Trial Started', 'Subscription Started', 30 * DAY, 'Cancellation Requested'),
      'churn-save': converted('Usage Dropped', 'Renewal Signed', 45 * DAY, undefined, dropped),
    },
  };
}

describe('pathwise replay', () => {
  it('on 10,000 generated profiles, counts what an independent count of the file says', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pathwise-replay-'));
    const file = join(dir, 'events.ndjson');
    cli('generate', '--profiles', '10000', '--days', '30', '--seed', '11', '--out', file);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const expected = independentCounts(lines);
    const summary = JSON.parse(cli('replay', file, '--json')) as ReplaySummary;

    expect(expected.profiles).toBe(10_000);
    expect(expected.duplicates).toBeGreaterThan(0);
    expect(summary.lines).toBe(expected.lines);
    expect(summary.duplicates).toBe(expected.duplicates);
    expect(summary.eventsApplied).toBe(expected.applied);
    expect(summary.rejected.count).toBe(0);
    expect(summary.profiles).toBe(expected.profiles);
    expect(summary.merges).toBe(expected.merges);
    for (const [id, n] of Object.entries(expected.entered)) expect(summary.journeys[id]?.entered, id).toBe(n);
    for (const [id, n] of Object.entries(expected.converted)) {
      const j = summary.journeys[id];
      expect((j?.converted.treatment ?? 0) + (j?.converted.holdout ?? 0), id).toBe(n);
    }
    for (const j of Object.values(summary.journeys)) {
      expect(j.activeNow).toBe(0);
      expect(j.heldOut / j.entered).toBeGreaterThan(0.06);
      expect(j.heldOut / j.entered).toBeLessThan(0.14);
      expect(j.completed + j.exited + j.failed + j.converted.treatment + j.converted.holdout).toBeGreaterThanOrEqual(j.entered);
    }
    expect(summary.actions.total).toBe(Object.values(summary.actions.byDestination).reduce((a, b) => a + b, 0));
  }, 60_000);

  it('reports a hand-written file exactly, with bad lines named by number', () => {
    const summary = JSON.parse(cli('replay', 'test/fixtures/replay/small.ndjson', '--json')) as ReplaySummary;
    expect(summary).toMatchObject({
      lines: 9,
      eventsApplied: 6,
      duplicates: 1,
      profiles: 2,
      merges: 1,
      timersFired: 1,
      rejected: { count: 2, first: [{ line: 3, errors: [expect.stringMatching(/^malformed JSON: /)] }, { line: 4, errors: ['userId: every message needs userId or anonymousId'] }] },
      actions: { total: 2, byDestination: { 'hubspot.createTask': 1, 'hubspot.addToList': 1 }, byChannel: { task: 1, audience: 1 } },
    });
    expect(summary.journeys['churn-save']).toMatchObject({ entered: 1, heldOut: 0, steps: { save: 1, list: 1 }, converted: { treatment: 1, holdout: 0 } });
    expect(summary.journeys['trial-onboarding']).toMatchObject({ entered: 1, heldOut: 1, completed: 1, converted: { treatment: 0, holdout: 0 } });
  });

  it('prints a readable report without --json', () => {
    const out = cli('replay', 'test/fixtures/replay/small.ndjson');
    expect(out.split('\n')[0]).toBe('events: 9 read, 6 applied, 1 duplicates, 2 rejected');
    expect(out).toMatch(/^churn-save\s+1\s+0\s+0\s+0\s+0\s+0\s+1 \(100\.0%\)/m);
  });
});
