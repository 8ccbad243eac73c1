import type { Command } from 'commander';
import { eventsTheManifestNeeds } from '../../../connectors/sdk/manifest-events.ts';
import type { Manifest } from '../../manifest/schema/manifest.ts';
import { buildRegistry, CONNECTORS } from '../../runtime/connectors/connector-registry.ts';
import { loadManifestOrExit } from './load-manifest-or-exit.ts';

interface Step {
  ok: boolean;
  text: string;
}

function envStep(ref: { env: string } | undefined, what: string): Step {
  if (!ref) return { ok: false, text: `${what}: not configured in the manifest` };
  const set = (process.env[ref.env] ?? '') !== '';
  return { ok: set, text: `${what}: $${ref.env} ${set ? 'is set' : 'is NOT set'}` };
}

function segmentSteps(manifest: Manifest, url: string): Step[] {
  const s = manifest.connections.segment;
  if (!s) return [{ ok: false, text: 'connections.segment is missing from the manifest' }];
  return [
    ...s.inboundWriteKeys.map((ref, i) => envStep(ref, `Inbound write key #${i + 1} (sources send to ${url}/v1/batch with it as Basic auth user)`)),
    envStep(s.webhookSharedSecret, `In Segment, add a "Webhooks (Actions)" destination to your source: URL ${url}/webhooks/segment, method POST, shared secret = the value of`),
    envStep(s.writeKey, 'Write-back: Pathwise sends identify/track/audience to your Segment source with the write key in'),
    { ok: true, text: `Write-back host: ${s.host}${s.dryRun ? ' (dryRun: nothing is sent)' : ''}` },
  ];
}

function rudderstackSteps(manifest: Manifest, url: string): Step[] {
  const r = manifest.connections.rudderstack;
  if (!r) return [{ ok: false, text: 'connections.rudderstack is missing from the manifest' }];
  return [
    ...r.inboundWriteKeys.map((ref, i) => envStep(ref, `Inbound write key #${i + 1} (SDKs use dataPlaneUrl ${url})`)),
    envStep(r.webhookSecret, `In RudderStack, add a "Webhook" destination: URL ${url}/webhooks/rudderstack, method POST, header ${r.webhookHeader} = the value of`),
    envStep(r.writeKey, 'Write-back: Pathwise sends to your RudderStack source with the write key in'),
    { ok: r.dataPlaneUrl !== undefined, text: `Write-back data plane: ${r.dataPlaneUrl ?? 'NOT set (connections.rudderstack.dataPlaneUrl)'}` },
  ];
}

const PLATFORMS: Record<string, (manifest: Manifest, url: string) => Step[]> = { segment: segmentSteps, rudderstack: rudderstackSteps };

/** Platforms Pathwise configures itself through their API (the connector's `install`). */
async function connectorSteps(platform: string, manifest: Manifest, url: string): Promise<Step[] | undefined> {
  const definition = CONNECTORS.find((c) => c.id === platform);
  if (!definition?.install) return undefined;
  const registry = buildRegistry(manifest, { env: process.env, now: Date.now, log: { info() {}, warn() {}, error() {} } });
  const connector = registry.get(platform);
  if (!connector) return [{ ok: false, text: `connections.${platform} is missing from the manifest` }];
  const report = await definition.install(connector.context, { publicUrl: url, manifest });
  return report.steps.map((s) => ({ ok: s.done, text: s.what }));
}

const INSTALLABLE = [...Object.keys(PLATFORMS), ...CONNECTORS.filter((c) => c.install).map((c) => c.id)];

export function registerInstall(program: Command): void {
  program
    .command('install')
    .description('Print exactly what to configure in a platform for this manifest, and check that its settings work.')
    .argument('<platform>', `one of ${INSTALLABLE.join(', ')}`)
    .option('--manifest <path>', 'manifest file', 'manifest.json')
    .option('--public-url <url>', 'where the platform reaches Pathwise', 'https://pathwise.example.com')
    .action(async (platform: string, opts: { manifest: string; publicUrl: string }) => {
      if (!INSTALLABLE.includes(platform)) {
        process.stderr.write(`install: unknown platform "${platform}"; expected one of ${INSTALLABLE.join(', ')}\n`);
        process.exit(1);
      }
      const manifest = await loadManifestOrExit(opts.manifest, false);
      const url = opts.publicUrl.replace(/\/$/, '');
      const result = (await connectorSteps(platform, manifest, url)) ?? (PLATFORMS[platform] as (m: Manifest, u: string) => Step[])(manifest, url);
      process.stdout.write(`Install ${platform} for "${manifest.name}"\n`);
      for (const step of result) process.stdout.write(`  ${step.ok ? '✓' : '✗'} ${step.text}\n`);
      if (platform in PLATFORMS) {
        process.stdout.write(`  Forward these events (the journeys listen to them): ${eventsTheManifestNeeds(manifest).join(', ')}\n`);
        process.stdout.write('  Also forward identify calls (traits, email) and Engage audience events if you use audience triggers.\n');
      }
      process.exitCode = result.every((s) => s.ok) ? 0 : 1;
    });
}
