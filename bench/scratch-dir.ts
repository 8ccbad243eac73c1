import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh temporary folder for a bench's database, removed when the process exits: each run
 * writes 0.5 GB or so (database and WAL), and runs left behind filled the disk by the dozen.
 * Keep one for inspection with `PATHWISE_BENCH_KEEP=1`.
 */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (process.env['PATHWISE_BENCH_KEEP'] !== '1') process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
