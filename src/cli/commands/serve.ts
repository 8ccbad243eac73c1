import type { Command } from 'commander';
import pino from 'pino';
import { startApp } from '../../runtime/app.ts';
import { hasSemiSpaceFlag, WORKER_SEMI_SPACE_FLAG } from '../../runtime/worker/young-generation.ts';
import { systemClock } from '../../runtime/clock/clock.ts';
import { DURATION_HINT, durationMs, isDurationText } from '../../core/time/duration.ts';
import { loadManifestOrExit } from './load-manifest-or-exit.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run Pathwise: tracking API, webhooks, worker, scheduler and dispatcher in one process.')
    .option('--manifest <path>', 'manifest file', 'manifest.json')
    .option('--db <url>', 'store: sqlite:PATH or sqlite::memory:', 'sqlite:.pathwise/pathwise.db')
    .option('--port <n>', 'HTTP port (0 picks a free one)', '8080')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--dry-run', 'send nothing to any platform; record what would be sent', false)
    .option('--inbox-retention <duration>', 'how long applied messages are kept: the dedupe window for re-deliveries', '7d')
    .option('--worker-thread', 'run the worker on a thread of its own (default from 3 cores; see bench/README.md, "Over HTTP")')
    .option('--no-worker-thread', 'run the worker on the main event loop')
    .action(async (opts: { manifest: string; db: string; port: string; host: string; dryRun: boolean; inboxRetention: string; workerThread?: boolean }) => {
      if (!isDurationText(opts.inboxRetention)) {
        process.stderr.write(`--inbox-retention: expected ${DURATION_HINT}, got "${opts.inboxRetention}"\n`);
        process.exit(2);
      }
      const logger = pino({ level: process.env['PATHWISE_LOG_LEVEL'] ?? 'info', redact: ['*.accessToken', '*.writeKey', '*.secret', '*.authorization'] });
      const manifest = await loadManifestOrExit(opts.manifest, true);
      const app = await startApp({
        manifest,
        db: opts.db,
        port: Number(opts.port),
        host: opts.host,
        clock: systemClock,
        env: process.env,
        logger,
        dryRun: opts.dryRun,
        inboxRetentionMs: durationMs(opts.inboxRetention),
        // Left out, the app decides: a thread for a SQLite file on three cores or more (see AppOptions.workerThread).
        ...(opts.workerThread !== undefined ? { workerThread: opts.workerThread } : {}),
      });
      if (!app.worker.inThread && !hasSemiSpaceFlag()) {
        logger.warn(`the worker runs on the main thread with V8's default young generation: start node with ${WORKER_SEMI_SPACE_FLAG} (bin/pathwise.js does; NODE_OPTIONS allows it) for fewer, shorter scavenges`);
      }
      // Printed for scripts (and the durability test) that start serve on port 0.
      process.stdout.write(`listening ${app.url}\n`);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        app.stop().then(
          () => process.exit(0),
          (err: unknown) => {
            logger.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}
