import type { Command } from 'commander';
import { loadManifest } from '../../manifest/load-manifest.ts';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('Check a manifest: schema, references between sections, journey graphs, templates, time zones and secrets.')
    .argument('[manifest]', 'manifest file', 'manifest.json')
    .option('--serving', 'treat unset environment variables as errors, as `serve` does', false)
    .option('--json', 'print the result as one JSON object', false)
    .action(async (path: string, opts: { serving: boolean; json: boolean }) => {
      const result = await loadManifest(path, { env: process.env, serving: opts.serving });
      const issues = result.ok ? result.warnings : result.issues;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ ok: result.ok, issues })}\n`);
      } else {
        const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
        if (result.ok) process.stdout.write(`✓ ${result.manifest.name}: ${count(result.manifest.journeys.length, 'journey')}, ${count(result.manifest.actions.length, 'action')}\n`);
        for (const issue of issues) process.stdout.write(`${issue.severity === 'warning' ? 'warning: ' : ''}${issue.path}: ${issue.message}\n`);
      }
      process.exitCode = result.ok ? 0 : 1;
    });
}
