import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { generateStory } from '../../runtime/generate/b2b-story.ts';

function integer(min: number, max: number): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return n;
  };
}

function fraction(text: string): number {
  const x = Number(text);
  if (!(x >= 0 && x < 1)) throw new InvalidArgumentError('expected a fraction from 0 (included) to 1 (excluded), e.g. 0.005');
  return x;
}

function instant(text: string): number {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new InvalidArgumentError('expected an ISO-8601 date, e.g. 2026-03-02T00:00:00Z');
  return ms;
}

/** A fixed date, not the wall clock: the same options must give the same file on any day. */
const DEFAULT_START = '2026-03-02T00:00:00Z';

/** Lines per write: one write per line would make the stream, not the story, the cost. */
const LINES_PER_WRITE = 1_000;

interface GenerateOptions {
  profiles: number;
  days: number;
  seed: number;
  start: number;
  duplicates: number;
  out?: string;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('Write a realistic B2B event stream for the example manifest as NDJSON; the same options give the same bytes.')
    .requiredOption('--profiles <n>', 'people in the story (1 to 10,000,000)', integer(1, 10_000_000))
    .requiredOption('--days <n>', 'days the story spans (1 to 3,650)', integer(1, 3_650))
    .option('--seed <n>', 'seed of the story (0 to 2^32 - 1)', integer(0, 2 ** 32 - 1), 7)
    .addOption(new Option('--start <iso>', 'first possible event time; the story ends --days later').argParser(instant).default(Date.parse(DEFAULT_START), DEFAULT_START))
    .option('--duplicates <fraction>', 'fraction of events sent twice with the same messageId, in [0, 1)', fraction, 0.005)
    .option('--out <file>', 'output file (default: stdout)')
    .action(async (opts: GenerateOptions) => {
      const out = opts.out ? createWriteStream(opts.out) : process.stdout;
      let count = 0;
      let chunk: string[] = [];
      const flush = async () => {
        if (!out.write(chunk.join(''))) await once(out, 'drain');
        chunk = [];
      };
      for (const event of generateStory({ people: opts.profiles, days: opts.days, seed: opts.seed, start: opts.start, duplicateRate: opts.duplicates })) {
        count++;
        chunk.push(`${JSON.stringify(event)}\n`);
        if (chunk.length === LINES_PER_WRITE) await flush();
      }
      await flush();
      if (opts.out) {
        out.end();
        await once(out, 'finish');
        process.stderr.write(`wrote ${count} events for ${opts.profiles} people to ${opts.out}\n`);
      }
    });
}
