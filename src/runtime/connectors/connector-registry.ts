import { hubspotConnector } from '../../../connectors/hubspot/index.ts';
import { logConnector } from '../../../connectors/log/index.ts';
import { rudderstackConnector } from '../../../connectors/rudderstack/index.ts';
import { segmentConnector } from '../../../connectors/segment/index.ts';
import type { ConnectorContext, ConnectorDefinition } from '../../../connectors/sdk/define-connector.ts';
import type { Manifest } from '../../manifest/schema/manifest.ts';
import { resolveSecret } from '../../manifest/secrets.ts';
import type { SecretRef } from '../../manifest/schema/primitives.ts';

/** A connector with its settings from the manifest and secrets from the environment. */
export interface ResolvedConnector {
  id: string;
  /** Absent for a platform the manifest configures whose connector is not built yet: dry-run only. */
  definition?: ConnectorDefinition<unknown>;
  context: ConnectorContext<unknown>;
  dryRun: boolean;
}

export type ConnectorRegistry = Map<string, ResolvedConnector>;

/** Every connector Pathwise ships, by id. */
// Definitions differ in their settings type; the registry works with the shared shape.
export const CONNECTORS: ConnectorDefinition<unknown>[] = [logConnector, segmentConnector, rudderstackConnector, hubspotConnector] as ConnectorDefinition<unknown>[];

function isSecretRef(value: unknown): value is SecretRef {
  return typeof value === 'object' && value !== null && 'env' in value && Object.keys(value).length === 1;
}

export interface RegistryOptions {
  env: Readonly<Record<string, string | undefined>>;
  now: () => number;
  log: ConnectorContext<unknown>['log'];
  /** Force every destination into dry-run (no platform is called). */
  dryRun?: boolean;
}

/**
 * Resolves the connectors the manifest configures (plus `log`, which needs no settings).
 * A secret whose variable is unset is left out; the connector's `check` reports it.
 */
export function buildRegistry(manifest: Manifest, options: RegistryOptions): ConnectorRegistry {
  const registry: ConnectorRegistry = new Map();
  const connections = manifest.connections as Record<string, Record<string, unknown> | undefined>;
  const ids = new Set(['log', ...Object.keys(connections).filter((id) => connections[id] !== undefined)]);
  for (const id of ids) {
    const definition = CONNECTORS.find((c) => c.id === id);
    const settings = id === 'log' ? {} : (connections[id] ?? {});
    const secrets: Record<string, string> = {};
    for (const [key, value] of Object.entries(settings)) {
      if (!isSecretRef(value)) continue;
      try {
        secrets[key] = resolveSecret(value, options.env);
      } catch {
        // Missing secrets surface through `check` and `validate --serving`, not here.
      }
    }
    registry.set(id, {
      id,
      ...(definition ? { definition } : {}),
      context: { settings, secrets, now: options.now, log: options.log },
      dryRun: options.dryRun === true || settings['dryRun'] === true,
    });
  }
  return registry;
}
