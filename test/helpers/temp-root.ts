import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: every temporary file of the run (databases of 300 MB and more, WAL files,
 * replay outputs, those of the child processes the tests start) goes under one folder, removed
 * when the run ends. Tests create their folders with `mkdtempSync(join(tmpdir(), …))` and most
 * leave them behind; on a machine that runs the suite again and again, as CI's does, they added up
 * to gigabytes. Setting TMPDIR here, before the test processes start, is inherited by all of them.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'pathwise-test-run-'));
  process.env['TMPDIR'] = root;
  return () => rmSync(root, { recursive: true, force: true });
}
