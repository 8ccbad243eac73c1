import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { compileManifest } from '../../core/engine/compile-manifest.ts';
import { formatSummary } from '../../runtime/replay/format-summary.ts';
import { replayEvents, type ReplayProgress } from '../../runtime/replay/replay-events.ts';
import { loadManifestOrExit } from './load-manifest-or-exit.ts';

const megabytes = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** A progress bar on stderr, by bytes while reading, then by events while applying. */
function progressBar(stream: { bytesRead: number }, size: number): { onProgress: (p: ReplayProgress) => void; stop: () => void } {
  const bar = new SingleBar(
    { format: '{phase} [{bar}] {percentage}% | {done} / {all}', stream: process.stderr, hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  bar.start(size, 0, { phase: 'reading ', done: megabytes(0), all: megabytes(size) });
  let applying = false;
  return {
    onProgress: (p) => {
      if (p.phase === 'reading') {
        const bytes = Math.min(stream.bytesRead, size);
        bar.update(bytes, { done: megabytes(bytes) });
        return;
      }
      if (!applying) {
        applying = true;
        bar.setTotal(p.total);
      }
      bar.update(p.applied, { phase: 'applying', done: p.applied.toLocaleString('en-US'), all: `${p.total.toLocaleString('en-US')} events` });
    },
    stop: () => bar.stop(),
  };
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('Backtest a manifest on an NDJSON event file with a virtual clock, in memory: nothing is sent.')
    .argument('<file>', 'NDJSON, one message per line (Segment spec, plus `record` for CRM changes), each with its timestamp')
    .option('--manifest <path>', 'manifest file', 'manifest.json')
    .option('--json', 'print the summary as one JSON object on stdout', false)
    .option('--no-drain', 'stop at the last event instead of firing the timers still pending')
    .action(async (file: string, opts: { manifest: string; json: boolean; drain: boolean }) => {
      const manifest = await loadManifestOrExit(opts.manifest, false);
      let size: number;
      try {
        const stat = statSync(file);
        if (!stat.isFile()) throw new Error('not a file');
        size = stat.size;
      } catch (err) {
        process.stderr.write(`${file}: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      }
      const stream = createReadStream(file);
      stream.on('error', (err) => {
        process.stderr.write(`${file}: ${err.message}\n`);
        process.exit(1);
      });
      const bar = process.stderr.isTTY ? progressBar(stream, size) : undefined;
      // Line by line: the text is never held whole, only the validated events (they must be sorted).
      const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
      const summary = await replayEvents(compileManifest(manifest), lines, { drain: opts.drain, ...(bar ? { onProgress: bar.onProgress } : {}) });
      bar?.stop();
      process.stdout.write(opts.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
    });
}
