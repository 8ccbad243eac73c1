import os from 'node:os';
import { engineBench } from './engine-bench.ts';

/** `npm run bench -- <name> [key=value…]`: runs one benchmark (or all) and prints its figures as JSON. */
const BENCHES: Record<string, (args: Record<string, number>) => Promise<Record<string, number>>> = {
  engine: (a) => engineBench({ people: a['people'] ?? 220_000, days: a['days'] ?? 30 }),
  runtime: async (a) => (await import('./runtime-bench.ts')).runtimeBench({ events: a['events'] ?? 200_000 }),
  sdk: async (a) => (await import('./sdk-bench.ts')).sdkBench({ events: a['events'] ?? 50_000 }),
  http: async (a) => (await import('./http-bench.ts')).httpBench({ events: a['events'] ?? 200_000, concurrency: a['concurrency'] ?? 8 }),
};

const [name = 'all', ...rest] = process.argv.slice(2);
const args = Object.fromEntries(rest.map((kv) => kv.split('=')).map(([k, v]) => [k as string, Number(v)]));
const names = name === 'all' ? Object.keys(BENCHES) : [name];
process.stdout.write(`# ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, node ${process.version}\n`);
for (const n of names) {
  const bench = BENCHES[n];
  if (!bench) throw new Error(`unknown bench "${n}"; expected one of ${Object.keys(BENCHES).join(', ')}`);
  const result = await bench(args);
  process.stdout.write(`${n}: ${JSON.stringify(result)}\n`);
}
