/**
 * Where the worker's time goes: every store statement and the worker's phases timed through
 * wrappers (which add ≈ 20 µs an event of their own), per event.
 *
 *   node --import tsx bench/probes/worker-phases.ts [events, default 500000] [batch, default 1000]
 *
 * A probe, not a benchmark: it reaches into the SQLite store's prepared statements and the
 * worker's private methods, so it may need adjusting when they change.
 */
import { openStore } from '../../src/runtime/store/open-store.ts';
import { Worker } from '../../src/runtime/worker/worker.ts';
import { appendAll, probeStory } from './probe-story.ts';
import { movingClock } from '../moving-clock.ts';

type Timed = Record<string, (...args: unknown[]) => unknown>;

const events = Number(process.argv[2] ?? 500_000);
const batch = Number(process.argv[3] ?? 1000);
const story = probeStory(events);
const { compiled, payloads, lastAt } = story;
const store = await openStore(`sqlite:${story.dbPath}`);
await store.migrate();
await appendAll(store, story);

const totals = new Map<string, { ms: number; calls: number }>();
const record = (name: string, ms: number) => {
  const t = totals.get(name) ?? { ms: 0, calls: 0 };
  t.ms += ms;
  t.calls++;
  totals.set(name, t);
};
const time = <F extends (...args: never[]) => unknown>(name: string, f: F): F =>
  function (this: unknown, ...args: Parameters<F>) {
    const started = performance.now();
    const result = f.apply(this, args);
    if (result instanceof Promise) return result.finally(() => record(name, performance.now() - started));
    record(name, performance.now() - started);
    return result;
  } as F;

// The store's prepared statements (private: `s`) and its transaction (private: `db`).
const internals = store as unknown as { s: Record<string, Timed>; db: { transaction: (fn: () => void) => { immediate: () => void } } };
for (const [name, statement] of Object.entries(internals.s)) {
  internals.s[name] = { run: time(name, statement['run']!.bind(statement)), get: time(name, statement['get']!.bind(statement)), all: time(name, statement['all']!.bind(statement)) };
}
const transaction = internals.db.transaction.bind(internals.db);
internals.db.transaction = (fn) => {
  const tx = transaction(fn);
  return { immediate: time('(commit transaction, statements included)', () => tx.immediate()) };
};
const proto = Worker.prototype as unknown as Timed;
for (const phase of ['applyEvent', 'applyTimer', 'parse', 'load', 'collect']) proto[phase] = time(`worker.${phase}`, proto[phase]!);

const worker = new Worker({ store, compiled, now: movingClock(lastAt), batchSize: batch });
const started = performance.now();
while ((await worker.runOnce()) > 0);
const perEvent = (ms: number) => ((ms * 1000) / payloads.length).toFixed(1).padStart(6);
console.log(`${perEvent(performance.now() - started)} µs an event in all (${payloads.length} events, batches of ${batch})`);
for (const [name, t] of [...totals].sort((a, b) => b[1].ms - a[1].ms)) console.log(`${perEvent(t.ms)}  ${name} (${t.calls} calls)`);
await store.close();
