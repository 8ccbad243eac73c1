import type { Command } from 'commander';
import { z } from 'zod';
import { DESTINATION_ACTIONS } from '../../../connectors/catalog.ts';
import { CONNECTORS } from '../../runtime/connectors/connector-registry.ts';
import { Connections } from '../../manifest/schema/connections.ts';

interface ConnectorInfo {
  id: string;
  name: string;
  built: boolean;
  settings: { key: string; description: string }[];
  webhooks: string[];
  actions: { id: string; implemented: boolean; description: string }[];
}

function describeConnectors(): ConnectorInfo[] {
  const schemas = Connections.shape as Record<string, z.ZodType>;
  return Object.entries(DESTINATION_ACTIONS).map(([id, actions]) => {
    const definition = CONNECTORS.find((c) => c.id === id);
    const schema = schemas[id];
    const json = schema ? (z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { description?: string }>; anyOf?: { properties?: Record<string, { description?: string }> }[] }) : {};
    const properties = json.properties ?? json.anyOf?.find((a) => a.properties)?.properties ?? {};
    return {
      id,
      name: definition?.name ?? id,
      built: definition !== undefined,
      settings: Object.entries(properties).map(([key, p]) => ({ key, description: p.description ?? '' })),
      webhooks: (definition?.source?.webhooks ?? []).map((w) => `POST /webhooks/${w.path}`),
      actions: actions.map((a) => {
        const implemented = definition?.destination?.actions[a];
        return { id: `${id}.${a}`, implemented: implemented !== undefined, description: implemented?.description ?? 'dry-run only until the connector ships' };
      }),
    };
  });
}

export function registerConnectors(program: Command): void {
  program
    .command('connectors')
    .description('List every connector with its settings, webhooks and destination actions.')
    .option('--json', 'one JSON array on stdout', false)
    .action((opts: { json: boolean }) => {
      const info = describeConnectors();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(info)}\n`);
        return;
      }
      for (const c of info) {
        process.stdout.write(`${c.id} — ${c.name}${c.built ? '' : ' (planned)'}\n`);
        if (c.settings.length > 0) process.stdout.write(`  settings: ${c.settings.map((s) => s.key).join(', ')}\n`);
        if (c.webhooks.length > 0) process.stdout.write(`  webhooks: ${c.webhooks.join(', ')}\n`);
        process.stdout.write(`  actions: ${c.actions.map((a) => `${a.id}${a.implemented ? '' : '*'}`).join(', ')}\n`);
      }
      process.stdout.write('* not implemented yet: runs in dry-run only\n');
    });
}
