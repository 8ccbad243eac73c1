import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { compileManifest } from '../../../src/core/engine/compile-manifest.ts';
import { loadManifest } from '../../../src/manifest/load-manifest.ts';
import { generateStory } from '../../../src/runtime/generate/b2b-story.ts';
import { replayEvents } from '../../../src/runtime/replay/replay-events.ts';
import type { ReplaySummary } from '../../../src/runtime/replay/replay-summary.ts';
import { model, type ModelCounts } from './example-manifest-model.ts';

function cli(...args: string[]): string {
  return execFileSync(process.execPath, ['bin/pathwise.js', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Every count the model can make must equal the replay's, journey by journey. */
function expectSummaryToMatch(summary: ReplaySummary, expected: ModelCounts): void {
  expect({
    eventsRead: summary.eventsRead,
    duplicates: summary.duplicates,
    eventsApplied: summary.eventsApplied,
    profiles: summary.profiles,
    merges: summary.merges,
    timersFired: summary.timersFired,
  }).toEqual({
    eventsRead: expected.eventsRead,
    duplicates: expected.duplicates,
    eventsApplied: expected.eventsApplied,
    profiles: expected.profiles,
    merges: expected.merges,
    timersFired: expected.timersFired,
  });
  expect(summary.rejected.count).toBe(0);
  expect(summary.identityRefusals).toBe(0);
  for (const [id, j] of Object.entries(expected.journeys)) {
    const s = summary.journeys[id];
    expect(s, id).toBeDefined();
    expect({ ...j, activeNow: 0, failed: 0 }, id).toEqual({
      entered: s?.entered,
      treated: s?.treated,
      heldOut: s?.heldOut,
      steps: s?.steps,
      completed: s?.completed,
      exited: s?.exited,
      exitedBy: s?.exitedBy,
      converted: s?.converted,
      activeNow: s?.activeNow,
      failed: s?.failed,
    });
  }
  expect(summary.actions).toEqual(expected.actions);
  expect(summary.decisions).toEqual(expected.decisions);
}

describe('pathwise replay on a generated story', () => {
  it('on 10,000 people over 200 days counts exactly what an independent model of the manifest counts from the file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pathwise-replay-')), 'events.ndjson');
    const lines: string[] = [];
    for (const event of generateStory({ people: 10_000, days: 200, seed: 11, start: Date.parse('2026-03-02T00:00:00Z'), duplicateRate: 0.005 })) lines.push(JSON.stringify(event));
    writeFileSync(file, `${lines.join('\n')}\n`);

    const loaded = await loadManifest('manifest.json', { env: {}, serving: false });
    if (!loaded.ok) throw new Error('the example manifest does not load');
    const input = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
    const summary = await replayEvents(compileManifest(loaded.manifest), input);
    const expected = model(lines);

    // The story exercises what is being checked: duplicates, merges, re-entries, both groups converting, every policy.
    expect(expected.duplicates).toBeGreaterThan(100);
    expect(expected.profiles).toBe(10_000);
    expect(expected.merges).toBeGreaterThan(1_000);
    const webinar = expected.journeys['webinar-to-demo'];
    const attendees = new Set(lines.filter((l) => l.includes('"Webinar Attended"')).map((l) => /"userId":"([^"]+)"/.exec(l)?.[1])).size;
    expect(webinar?.entered).toBeGreaterThan(attendees);
    for (const [rule, n] of Object.entries(expected.reentryBlocked)) expect(n, rule).toBeGreaterThan(0);
    for (const j of Object.values(expected.journeys)) {
      expect(j.converted.treatment).toBeGreaterThan(0);
      expect(j.converted.holdout).toBeGreaterThan(0);
    }
    expect(Object.keys(expected.decisions.filteredBy).sort()).toEqual(['applicability', 'consent', 'eligibility', 'frequency', 'suppressed']);

    expectSummaryToMatch(summary, expected);
    for (const j of Object.values(summary.journeys)) expect(j.treated + j.heldOut).toBe(j.entered);
  });

  it('end to end through the CLI: generate writes the same bytes for the same seed, replay --json prints the model\'s counts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pathwise-cli-'));
    const file = join(dir, 'events.ndjson');
    cli('generate', '--profiles', '2000', '--days', '90', '--seed', '5', '--out', file);
    const again = cli('generate', '--profiles', '2000', '--days', '90', '--seed', '5');
    const text = readFileSync(file, 'utf8');
    expect(again).toBe(text);

    const out = cli('replay', file, '--json', '--manifest', 'manifest.json');
    expect(out.trimEnd().split('\n')).toHaveLength(1);
    // Typed for reading only: expectSummaryToMatch checks every field.
    expectSummaryToMatch(JSON.parse(out) as ReplaySummary, model(text.trimEnd().split('\n')));
  });
});
