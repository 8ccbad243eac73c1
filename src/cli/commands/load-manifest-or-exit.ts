import { loadManifest } from '../../manifest/load-manifest.ts';
import type { Manifest } from '../../manifest/schema/manifest.ts';

/** Loads and checks a manifest for a command that runs it; prints every problem and exits 1 if it cannot. */
export async function loadManifestOrExit(path: string, serving: boolean): Promise<Manifest> {
  const result = await loadManifest(path, { env: process.env, serving });
  if (!result.ok) {
    for (const issue of result.issues) process.stderr.write(`${issue.path}: ${issue.message}\n`);
    process.exit(1);
  }
  // Off the serving path the only warnings are unset secrets, which a backtest or demo does not need.
  if (serving) for (const warning of result.warnings) process.stderr.write(`warning: ${warning.path}: ${warning.message}\n`);
  return result.manifest;
}
