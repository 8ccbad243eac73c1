import { Command } from 'commander';
import { registerCommands } from './commands/index.ts';

// `pathwise replay … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const program = new Command()
  .name('pathwise')
  .description('Customer-journey orchestration and next-best-action engine.')
  .showHelpAfterError();

registerCommands(program);

await program.parseAsync(process.argv);
