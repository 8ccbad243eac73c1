import type { Command } from 'commander';
import { openStore } from '../../runtime/store/open-store.ts';

const DB_DEFAULT = 'sqlite:.pathwise/pathwise.db';

export function registerDeadletters(program: Command): void {
  const group = program.command('deadletters').description('Inspect and replay messages and actions that could not be processed.');
  group
    .command('list')
    .option('--db <url>', 'store URL', DB_DEFAULT)
    .option('--limit <n>', 'most rows', '100')
    .option('--json', 'one JSON array on stdout', false)
    .action(async (opts: { db: string; limit: string; json: boolean }) => {
      const store = await openStore(opts.db);
      await store.migrate();
      const letters = await store.listDeadLetters(Number(opts.limit));
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
        process.stdout.write(`${l.id}\t${l.kind}\t${new Date(l.at).toISOString()}\t${l.ref}\t${l.error.split('\n')[0] ?? ''}\n`);
      }
    });
  group
    .command('retry')
    .argument('<ids...>', 'dead letter ids (see `deadletters list`)')
    .option('--db <url>', 'store URL', DB_DEFAULT)
    .action(async (ids: string[], opts: { db: string }) => {
      const store = await openStore(opts.db);
      await store.migrate();
      let failed = 0;
      for (const id of ids) {
        const ok = await store.retryDeadLetter(Number(id));
        process.stdout.write(ok ? `${id}: queued again\n` : `${id}: no such dead letter\n`);
        if (!ok) failed++;
      }
      await store.close();
      if (failed > 0) process.exitCode = 1;
    });
}
