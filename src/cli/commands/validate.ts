import type { Command } from 'commander';
import type { ManifestIssue } from '../../manifest/format-issues.ts';
import { loadManifest } from '../../manifest/load-manifest.ts';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function formatIssueLine(issue: ManifestIssue): string {
  return `${issue.severity === 'warning' ? 'warning: ' : ''}${issue.path}: ${issue.message}`;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('Check a manifest: schema, references between sections, journey graphs, templates, time zones and secrets. Exits 1 on any error.')
    .argument('[manifest]', 'manifest file', 'manifest.json')
    .option('--serving', 'treat unset environment variables as errors, as `serve` does', false)
    .option('--json', 'print the result as one JSON object: { ok, manifest?, issues }', false)
    .action(async (path: string, opts: { serving: boolean; json: boolean }) => {
      const result = await loadManifest(path, { env: process.env, serving: opts.serving });
      const issues = result.ok ? result.warnings : result.issues;
      if (opts.json) {
        const summary = result.ok ? { manifest: { name: result.manifest.name, journeys: result.manifest.journeys.length, actions: result.manifest.actions.length } } : {};
        process.stdout.write(`${JSON.stringify({ ok: result.ok, ...summary, issues })}\n`);
      } else {
        if (result.ok) process.stdout.write(`✓ ${result.manifest.name}: ${plural(result.manifest.journeys.length, 'journey')}, ${plural(result.manifest.actions.length, 'action')}\n`);
        for (const issue of issues) process.stdout.write(`${formatIssueLine(issue)}\n`);
      }
      process.exitCode = result.ok ? 0 : 1;
    });
}
