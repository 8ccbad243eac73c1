import os from 'node:os';
import { engineBench } from './engine-bench.ts';

type Bench = (args: Record<string, number>) => Promise<Record<string, number>>;

/**
 * `npm run bench -- <name|all> [key=value …]`: runs one benchmark (or all) and prints its
 * figures as one JSON line. Keys are numbers; each bench documents its own and their defaults.
 */
/** The runtime and HTTP benches' default: ≈ 100,000 profiles (5 events a person), the floor the runtime's targets are set on. */
const RUNTIME_EVENTS = 500_000;

const BENCHES: Record<string, Bench> = {
  engine: (a) => engineBench({ people: a['people'] ?? 130_000, days: a['days'] ?? 200, warmup: a['warmup'] ?? 200_000, withParse: (a['parse'] ?? 1) !== 0, chunk: a['chunk'] ?? 1_000, runs: a['runs'] ?? 3 }),
  runtime: async (a) => (await import('./runtime-bench.ts')).runtimeBench({ events: a['events'] ?? RUNTIME_EVENTS, inlineCheckpoint: a['inlineCheckpoint'] === 1 }),
  sdk: async (a) => (await import('./sdk-bench.ts')).sdkBench({ events: a['events'] ?? 50_000 }),
  http: async (a) =>
    (await import('./http-bench.ts')).httpBench({
      events: a['events'] ?? RUNTIME_EVENTS,
      concurrency: a['concurrency'] ?? 8,
      inlineCheckpoint: a['inlineCheckpoint'] === 1,
      ...(a['clientCpu'] !== undefined ? { clientCpu: a['clientCpu'] } : {}),
      ...(a['budgetMs'] !== undefined ? { budgetMs: a['budgetMs'] } : {}),
      ...(a['thread'] !== undefined ? { workerThread: a['thread'] !== 0 } : {}),
    }),
};

const [name = 'all', ...rest] = process.argv.slice(2);
const args: Record<string, number> = {};
for (const kv of rest) {
  const [key, value] = kv.split('=');
  if (key === undefined || value === undefined || !Number.isFinite(Number(value))) throw new Error(`expected key=number, got "${kv}"`);
  args[key] = Number(value);
}
const names = name === 'all' ? Object.keys(BENCHES) : [name];
process.stdout.write(`# ${os.cpus()[0]?.model ?? 'cpu'} × ${os.availableParallelism()}, node ${process.version}\n`);
for (const n of names) {
  const bench = BENCHES[n];
  if (!bench) throw new Error(`unknown bench "${n}"; expected one of ${Object.keys(BENCHES).join(', ')}, or all`);
  const result = await bench(args);
  process.stdout.write(`${n}: ${JSON.stringify(result)}\n`);
}
