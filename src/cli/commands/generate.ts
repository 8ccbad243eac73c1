import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { generateStory } from '../../runtime/generate/b2b-story.ts';

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('Write a realistic B2B event stream for the example manifest as NDJSON (deterministic for a seed).')
    .option('--profiles <n>', 'people in the story', '1000')
    .option('--days <n>', 'days the story spans', '14')
    .option('--seed <n>', 'seed of the story', '7')
    .option('--start <iso>', 'first possible event time', '2026-03-02T00:00:00Z')
    .option('--duplicates <rate>', 'fraction of events sent twice with the same messageId', '0.005')
    .option('--out <file>', 'output file (default: stdout)')
    .action(async (opts: { profiles: string; days: string; seed: string; start: string; duplicates: string; out?: string }) => {
      const out = opts.out ? createWriteStream(opts.out) : process.stdout;
      let count = 0;
      for (const event of generateStory({ people: Number(opts.profiles), days: Number(opts.days), seed: Number(opts.seed), start: Date.parse(opts.start), duplicateRate: Number(opts.duplicates) })) {
        count++;
        if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, 'drain');
      }
      if (opts.out) {
        out.end();
        await once(out, 'finish');
        process.stderr.write(`wrote ${count} events for ${opts.profiles} people to ${opts.out}\n`);
      }
    });
}
