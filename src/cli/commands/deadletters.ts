import type { Command } from 'commander';
import { openStore } from '../../runtime/store/open-store.ts';

const DB_DEFAULT = 'sqlite:.pathwise/pathwise.db';
const RETRY_PAGE = 500;

export function registerDeadletters(program: Command): void {
  const group = program.command('deadletters').description('Inspect and replay messages and actions that could not be processed.');
  group
    .command('list')
    .option('--db <url>', 'store URL', DB_DEFAULT)
    .option('--limit <n>', 'most rows', '100')
    .option('--destination <name>', 'only what one connector (hubspot) or one action (hubspot.createTask) failed to send')
    .option('--json', 'one JSON array on stdout', false)
    .action(async (opts: { db: string; limit: string; destination?: string; json: boolean }) => {
      const store = await openStore(opts.db);
      await store.migrate();
      const letters = await store.listDeadLetters(Number(opts.limit), opts.destination !== undefined ? { destination: opts.destination } : {});
      await store.close();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(letters)}\n`);
        return;
      }
      if (letters.length === 0) {
        process.stdout.write('no dead letters\n');
        return;
      }
      for (const l of letters) {
        process.stdout.write(`${l.id}\t${l.destination ?? l.kind}\t${new Date(l.at).toISOString()}\t${l.ref}\t${l.error.split('\n')[0] ?? ''}\n`);
      }
    });
  group
    .command('retry')
    .description('queue dead letters again: by id, or --all (of one --destination) once the cause is fixed')
    .argument('[ids...]', 'dead letter ids (see `deadletters list`)')
    .option('--all', 'every dead letter (with --destination: every one of that connector or action)', false)
    .option('--destination <name>', 'with --all: only what one connector (hubspot) or action (hubspot.createTask) failed to send')
    .option('--db <url>', 'store URL', DB_DEFAULT)
    .action(async (ids: string[], opts: { all: boolean; destination?: string; db: string }) => {
      if (opts.all === (ids.length > 0)) {
        process.stderr.write('deadletters retry: give dead letter ids, or --all, not both\n');
        process.exitCode = 2;
        return;
      }
      if (opts.destination !== undefined && !opts.all) {
        process.stderr.write('deadletters retry: --destination goes with --all\n');
        process.exitCode = 2;
        return;
      }
      const store = await openStore(opts.db);
      await store.migrate();
      let failed = 0;
      if (opts.all) {
        let queued = 0;
        // In pages: a retried letter leaves the list; one that cannot be retried (its outbox row
        // is gone) stays, so it is remembered and the next page reaches past it.
        const kept = new Set<number>();
        for (;;) {
          const page = await store.listDeadLetters(RETRY_PAGE + kept.size, opts.destination !== undefined ? { destination: opts.destination } : {});
          const fresh = page.filter((letter) => !kept.has(letter.id));
          if (fresh.length === 0) break;
          for (const letter of fresh) {
            if (await store.retryDeadLetter(letter.id)) queued++;
            else kept.add(letter.id);
          }
        }
        failed = kept.size;
        process.stdout.write(`${queued} dead letter${queued === 1 ? '' : 's'} queued again${failed > 0 ? `, ${failed} whose outbox row no longer exists kept` : ''}\n`);
      } else {
        for (const id of ids) {
          const ok = await store.retryDeadLetter(Number(id));
          process.stdout.write(ok ? `${id}: queued again\n` : `${id}: no such dead letter\n`);
          if (!ok) failed++;
        }
      }
      await store.close();
      if (failed > 0) process.exitCode = 1;
    });
}
