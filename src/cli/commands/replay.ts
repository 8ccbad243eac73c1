import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { compileManifest } from '../../core/engine/compile-manifest.ts';
import { formatSummary } from '../../runtime/replay/format-summary.ts';
import { replayEvents } from '../../runtime/replay/replay-events.ts';
import { loadManifestOrExit } from './load-manifest-or-exit.ts';

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('Backtest a manifest on an NDJSON event file with a virtual clock; in memory, nothing is sent.')
    .argument('<file>', 'NDJSON events, one per line (Segment spec, plus `record` for CRM changes)')
    .option('--manifest <path>', 'manifest file', 'manifest.json')
    .option('--json', 'print the summary as one JSON object', false)
    .option('--no-drain', 'stop at the last event instead of running the remaining waits')
    .action(async (file: string, opts: { manifest: string; json: boolean; drain: boolean }) => {
      const manifest = await loadManifestOrExit(opts.manifest, false);
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        process.stderr.write(`${file}: no such file\n`);
        process.exit(1);
      }
      const bar = process.stderr.isTTY ? new SingleBar({ format: 'replay [{bar}] {percentage}% | {value}/{total} bytes', stream: process.stderr }, Presets.shades_classic) : undefined;
      bar?.start(size, 0);
      const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
      const summary = await replayEvents(compileManifest(manifest), lines, { drain: opts.drain, onProgress: (bytes) => bar?.update(Math.min(bytes, size)) });
      bar?.stop();
      process.stdout.write(opts.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
    });
}
