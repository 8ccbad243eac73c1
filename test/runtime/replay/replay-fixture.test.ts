import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileManifest } from '../../../src/core/engine/compile-manifest.ts';
import { loadManifest } from '../../../src/manifest/load-manifest.ts';
import { replayEvents, type ReplayProgress } from '../../../src/runtime/replay/replay-events.ts';
import type { ReplaySummary } from '../../../src/runtime/replay/replay-summary.ts';

const FIXTURE = 'test/fixtures/replay/small.ndjson';

function cli(...args: string[]): string {
  return execFileSync(process.execPath, ['bin/pathwise.js', ...args], { encoding: 'utf8' });
}

function replayJson(...args: string[]): ReplaySummary {
  // Typed for reading only: the assertions below check the actual shape, field by field.
  return JSON.parse(cli('replay', FIXTURE, '--json', ...args)) as ReplaySummary;
}

async function exampleManifest() {
  const loaded = await loadManifest('manifest.json', { env: {}, serving: false });
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return compileManifest(loaded.manifest);
}

/*
 * The fixture, line by line:
 *  1 u1 identifies (plan trial, opted in)         2 u1 starts a trial: held out of trial-onboarding
 *  3 not JSON                                     4 no userId nor anonymousId
 *  5 line 2 again (same messageId)                6 anonymous a9 views pricing on Mar 1
 *  7 u2 identifies (plan pro)                     8 u2 on a9's device: a9's older profile absorbs u2's;
 *                                                   usage dropped 45% → churn-save, treated: task + list
 *  9 u2 renews on Mar 20: converted               10 blank (still counted in line numbers)
 * 11 a JSON array                                 12 no timestamp
 * 13 u3 on a9's device: a9 already has a userId (limit 1), so the link is refused; u3 is a new profile
 * 14 u3 attends a webinar: treated               15 u3 views pricing on Mar 6, while waiting for it:
 *    Mar 5: the 1-day wait fires; no pricing views → recording email, refused (no opt-in), wait for pricing
 *    → choose: demo-task sent, the email refused again; publish sent; then the goal window runs to Mar 25.
 * The holdout hashes the profile id, which begins with the time of the profile's first event: line 1
 * is at 10:00:07 so that u1's lands in trial-onboarding's 10 % holdout.
 */
describe('pathwise replay on a hand-written file', () => {
  it('reports every count exactly, with bad lines named by their line number', async () => {
    const summary = replayJson();
    expect(summary).toEqual({
      eventsRead: 14,
      eventsApplied: 9,
      duplicates: 1,
      rejected: {
        count: 4,
        first: [
          { line: 3, errors: [expect.stringMatching(/^malformed JSON: Unexpected token/)] },
          { line: 4, errors: ['userId: every message needs userId or anonymousId'] },
          { line: 11, errors: ['message: expected a JSON object'] },
          { line: 12, errors: ['timestamp: a replayed message needs its event time (timestamp or originalTimestamp)'] },
        ],
      },
      firstEventAt: '2026-03-01T09:00:00.000Z',
      lastEventAt: '2026-03-20T09:00:00.000Z',
      drained: true,
      profiles: 3,
      merges: 1,
      identityRefusals: 1,
      // The trial holdout's 30-day goal window, u3's 1-day wait, u3's 21-day goal window.
      timersFired: 3,
      journeys: {
        'webinar-to-demo': {
          entered: 1,
          treated: 1,
          heldOut: 0,
          steps: { 'let-it-sink-in': 1, engaged: 1, recording: 1, 'wait-for-pricing': 1, choose: 1, publish: 1 },
          activeNow: 0,
          completed: 1,
          exited: 0,
          exitedBy: {},
          failed: 0,
          converted: { treatment: 0, holdout: 0 },
          conversionRate: { treatment: 0, holdout: 0 },
          liftPoints: 0,
        },
        'trial-onboarding': {
          entered: 1,
          treated: 0,
          heldOut: 1,
          steps: {},
          activeNow: 0,
          completed: 1,
          exited: 0,
          exitedBy: {},
          failed: 0,
          converted: { treatment: 0, holdout: 0 },
          conversionRate: { treatment: 0, holdout: 0 },
          liftPoints: 0,
        },
        'churn-save': {
          entered: 1,
          treated: 1,
          heldOut: 0,
          steps: { save: 1, list: 1 },
          activeNow: 0,
          completed: 0,
          exited: 0,
          exitedBy: {},
          failed: 0,
          converted: { treatment: 1, holdout: 0 },
          conversionRate: { treatment: 1, holdout: 0 },
          liftPoints: 100,
        },
      },
      actions: {
        total: 4,
        deferred: 0,
        byDestination: { 'hubspot.createTask': 2, 'hubspot.addToList': 1, 'segment.identify': 1 },
        byChannel: { task: 2, audience: 1, event: 1 },
        byAction: { 'churn-save-task': 1, 'add-to-at-risk-list': 1, 'demo-task': 1, 'publish-next-best-action': 1 },
      },
      decisions: { total: 5, withAction: 4, filteredBy: { consent: 2 } },
    });
  });

  it('with --no-drain stops at the last event, leaving the open goal windows active', () => {
    const summary = replayJson('--no-drain');
    expect(summary.drained).toBe(false);
    expect(summary.timersFired).toBe(1);
    expect(summary.journeys['webinar-to-demo']).toMatchObject({ activeNow: 1, completed: 0 });
    expect(summary.journeys['trial-onboarding']).toMatchObject({ activeNow: 1, completed: 0 });
    expect(summary.journeys['churn-save']).toMatchObject({ activeNow: 0, converted: { treatment: 1, holdout: 0 } });
  });

  it('prints one JSON object and nothing else on stdout with --json', () => {
    const out = cli('replay', FIXTURE, '--json');
    expect(out.endsWith('}\n')).toBe(true);
    expect(out.trimEnd().split('\n')).toHaveLength(1);
  });

  it('prints an aligned, readable report without --json', () => {
    const lines = cli('replay', FIXTURE).split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'replay: 2026-03-01 → 2026-03-20, remaining timers drained',
      'events    14 read · 9 applied · 1 duplicates · 4 rejected',
      'profiles  3 · 1 merges · 1 identity links refused',
      'timers    3 fired',
    ]);
    const header = lines.find((l) => l.startsWith('journey '));
    const churn = lines.find((l) => l.startsWith('churn-save '));
    expect(churn).toMatch(/^churn-save\s+1\s+1\s+0\s+0\s+0\s+0\s+0\s+1\s+100\.0%\s+0\s+0\.0%\s+\+100\.00 pts$/);
    // Counts are right-aligned: the entered count ends where its header ends.
    expect((header?.indexOf('entered') ?? 0) + 'entered'.length).toBe((churn?.search(/\d/) ?? 0) + 1);
    expect(lines).toContain('  line 12: timestamp: a replayed message needs its event time (timestamp or originalTimestamp)');
    expect(lines).toContain('decisions: 5, 4 with an action; candidates filtered by consent 2');
  });

  it('takes already-parsed messages as well as lines, and reports progress by phase', async () => {
    const compiled = await exampleManifest();
    const text = readFileSync(FIXTURE, 'utf8').split('\n');
    const parsed = text.map((line): unknown => {
      try {
        return line.trim() === '' ? '' : JSON.parse(line);
      } catch {
        return line;
      }
    });
    const progress: ReplayProgress[] = [];
    const fromLines = await replayEvents(compiled, text.slice(0, -1));
    const fromObjects = await replayEvents(compiled, parsed.slice(0, -1), { progressEvery: 5, onProgress: (p) => progress.push(p) });
    expect(fromObjects).toEqual(fromLines);
    expect(fromObjects.eventsApplied).toBe(9);
    expect(progress).toEqual([
      { phase: 'reading', lines: 5 },
      { phase: 'reading', lines: 10 },
      { phase: 'reading', lines: 15 },
      { phase: 'reading', lines: 15 },
      { phase: 'applying', applied: 5, total: 10 },
      { phase: 'applying', applied: 10, total: 10 },
      { phase: 'applying', applied: 10, total: 10 },
    ]);
  });

  it('applies events in event-time order whatever their order in the file', async () => {
    const compiled = await exampleManifest();
    const text = readFileSync(FIXTURE, 'utf8').split('\n').filter((l) => l.startsWith('{') && l.includes('timestamp'));
    const forward = await replayEvents(compiled, text);
    const backward = await replayEvents(compiled, [...text].reverse());
    expect(backward.journeys).toEqual(forward.journeys);
    expect(backward.actions).toEqual(forward.actions);
    expect(backward.merges).toBe(1);
  });
});
