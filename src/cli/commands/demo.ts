import { rmSync } from 'node:fs';
import type { Command } from 'commander';
import pino from 'pino';
import { startApp } from '../../runtime/app.ts';
import { ManualClock } from '../../runtime/clock/clock.ts';
import { generateStory } from '../../runtime/generate/b2b-story.ts';
import { formatRepQueues, repQueues, repQueuesHtml } from '../../runtime/demo/rep-queues.ts';
import { loadManifestOrExit } from './load-manifest-or-exit.ts';

const DAY = 86_400_000;
const DEMO_KEY = 'demo-write-key';

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 5));
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Run the example manifest on the embedded store with a generated event stream fed over HTTP, and show what each rep would receive.')
    .option('--manifest <path>', 'manifest file', 'manifest.json')
    .option('--db <path>', 'SQLite file (recreated)', '.pathwise/demo.db')
    .option('--people <n>', 'prospects in the story', '300')
    .option('--port <n>', 'HTTP port for the rep view (0 picks one)', '8080')
    .option('--exit', 'stop after printing instead of serving the rep view', false)
    .action(async (opts: { manifest: string; db: string; people: string; port: string; exit: boolean }) => {
      // The demo feeds itself over HTTP, so it supplies its own write key when none is set.
      const env = { ...process.env, PATHWISE_WRITE_KEY: process.env['PATHWISE_WRITE_KEY'] || DEMO_KEY };
      const manifest = await loadManifestOrExit(opts.manifest, false);
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${opts.db}${suffix}`, { force: true });
      const start = Date.parse('2026-03-02T13:00:00Z');
      const clock = new ManualClock(start);
      const app = await startApp({
        manifest,
        db: `sqlite:${opts.db}`,
        port: Number(opts.port),
        host: '127.0.0.1',
        clock,
        env,
        logger: pino({ level: 'warn' }),
        dryRun: true,
        idleMs: { worker: 1, scheduler: 5, dispatcher: 5 },
        extendServer: (server, { store }) => {
          server.get('/', async (_req, reply) => reply.type('text/html').send(repQueuesHtml(repQueues(await store.allOutbox(100_000)))));
        },
      });
      const events = [...generateStory({ people: Number(opts.people), start })].sort((a, b) => Date.parse(String(a['timestamp'])) - Date.parse(String(b['timestamp'])));
      const auth = `Basic ${Buffer.from(`${env.PATHWISE_WRITE_KEY}:`).toString('base64')}`;
      const started = performance.now();
      // Event time drives the clock, like a replay: waits of days pass in seconds.
      for (let i = 0; i < events.length; i += 20) {
        const batch = events.slice(i, i + 20);
        const last = batch[batch.length - 1];
        clock.set(Date.parse(String(last?.['timestamp'])));
        const res = await fetch(`${app.url}/v1/batch`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ batch }) });
        if (res.status !== 200) throw new Error(`demo batch refused: ${res.status} ${await res.text()}`);
        await waitFor(async () => (await app.store.stats()).inboxPending === 0);
      }
      const end = clock.now() + 30 * DAY;
      while (clock.now() < end) {
        clock.advance(6 * 3_600_000);
        await waitFor(async () => (await app.store.nextTimerDueAt()) === undefined || ((await app.store.nextTimerDueAt()) ?? 0) > clock.now());
        await waitFor(async () => (await app.store.stats()).inboxPending === 0);
      }
      await waitFor(async () => (await app.store.stats()).outboxPending === 0);
      const seconds = (performance.now() - started) / 1000;
      const rows = await app.store.allOutbox(100_000);
      const stats = await app.store.stats();
      const byDestination = new Map<string, number>();
      for (const r of rows) byDestination.set(r.destination, (byDestination.get(r.destination) ?? 0) + 1);
      const out = process.stdout;
      out.write(`Pathwise demo — ${manifest.name}\n`);
      const days = Math.round((clock.now() - start) / DAY);
      out.write(`${events.length} events from ${opts.people} prospects sent over HTTP in batches of 20; ${days} days of journeys ran in ${seconds.toFixed(1)} s\n`);
      out.write(`profiles: ${stats.profiles}, actions decided: ${rows.length} (${[...byDestination].map(([d, n]) => `${d} ${n}`).join(', ')}), dead letters: ${stats.deadLetters}\n`);
      out.write(formatRepQueues(repQueues(rows)));
      out.write('\n');
      if (opts.exit) {
        await app.stop();
        return;
      }
      out.write(`\nRep queues at ${app.url}/ — press Ctrl-C to stop.\n`);
      const stop = () => void app.stop().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
