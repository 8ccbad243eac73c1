import type { Command } from 'commander';
import { registerConnectors } from './connectors.ts';
import { registerDeadletters } from './deadletters.ts';
import { registerDemo } from './demo.ts';
import { registerGenerate } from './generate.ts';
import { registerInstall } from './install.ts';
import { registerReplay } from './replay.ts';
import { registerServe } from './serve.ts';
import { registerSync } from './sync.ts';
import { registerValidate } from './validate.ts';

/** Each command lives in its own file and adds itself to the program here. */
export function registerCommands(program: Command): void {
  registerValidate(program);
  registerServe(program);
  registerDeadletters(program);
  registerConnectors(program);
  registerInstall(program);
  registerSync(program);
  registerDemo(program);
  registerReplay(program);
  registerGenerate(program);
}
