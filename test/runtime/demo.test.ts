import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('pathwise demo (npm start)', () => {
  it('runs the example manifest over HTTP on the embedded store and prints each rep\'s queue', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'pathwise-demo-')), 'demo.db');
    const out = execFileSync(process.execPath, ['bin/pathwise.js', 'demo', '--exit', '--port', '0', '--people', '120', '--db', db], {
      encoding: 'utf8',
      env: { ...process.env, PATHWISE_WRITE_KEY: '' },
    });
    const lines = out.split('\n');
    expect(lines[0]).toBe('Pathwise demo — Acme Analytics — B2B demo');
    expect(lines[2]).toMatch(/^profiles: 120, actions decided: \d+ \(.*hubspot\.createTask \d+.*\), dead letters: 0$/);
    const reps = lines.filter((l) => /^Rep \d+: \d+ tasks?$/.test(l));
    expect(reps.length).toBeGreaterThanOrEqual(3);
    const taskCount = reps.reduce((n, l) => n + Number(/: (\d+) task/.exec(l)?.[1]), 0);
    expect(taskCount).toBe(Number(/hubspot\.createTask (\d+)/.exec(lines[2] ?? '')?.[1]));
    expect(out).toMatch(/Why now: Webinar Attended on 2026-03-0\d/);
  });
});
