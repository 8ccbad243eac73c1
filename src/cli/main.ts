import { Command } from 'commander';
import { registerCommands } from './commands/index.ts';

const program = new Command()
  .name('pathwise')
  .description('Customer-journey orchestration and next-best-action engine.')
  .showHelpAfterError();

registerCommands(program);

await program.parseAsync(process.argv);
