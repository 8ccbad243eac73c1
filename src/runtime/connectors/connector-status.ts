import type { DestinationHealth, DestinationStatus } from '../dispatch/destination-health.ts';
import type { Store } from '../store/store.ts';
import type { SyncStreamStatus } from '../sync/sync-status.ts';
import type { ConnectorRegistry } from './connector-registry.ts';

/**
 * One connector as the admin sees it at `GET /api/connectors`: what it is configured to do, how
 * its sends and syncs are going, and what it failed to send (dead letters by action, from the
 * store, so they survive a restart), with `attention` naming what needs the admin.
 */
export interface ConnectorStatus {
  id: string;
  name: string;
  dryRun: boolean;
  /** Configured in the manifest but not built yet: its actions are only rehearsed. */
  built: boolean;
  webhooks: string[];
  destination?: DestinationStatus;
  sync: SyncStreamStatus[];
  deadLetters: Record<string, number>;
  /** Why the admin should look, one line each; empty when all is well. */
  attention: string[];
}

export interface ConnectorStatusSources {
  registry: ConnectorRegistry;
  health: DestinationHealth;
  sync: { status(): SyncStreamStatus[] };
  store: Store;
}

/** What needs the admin, across connectors: the lines `/healthz` shows under `attention`. */
export function attentionLines(destinations: readonly DestinationStatus[], sync: readonly SyncStreamStatus[]): string[] {
  const lines: string[] = [];
  for (const d of destinations) {
    if (d.state === 'failing') lines.push(`${d.connector}: sends failing since ${d.failingSince ?? '?'}: ${d.lastError ? `${d.lastError.kind}: ${d.lastError.message}` : 'see dead letters'}`);
  }
  for (const s of sync) {
    if (s.state === 'stopped') lines.push(`${s.connector}: sync of ${s.stream} stopped: ${s.lastError ? `${s.lastError.kind}: ${s.lastError.message}` : 'see logs'}`);
  }
  return lines;
}

export async function connectorStatuses(sources: ConnectorStatusSources): Promise<ConnectorStatus[]> {
  const [counts, streams] = await Promise.all([sources.store.deadLettersByDestination(), Promise.resolve(sources.sync.status())]);
  const destinations = new Map(sources.health.statuses().map((d) => [d.connector, d]));
  return [...sources.registry.values()].map((connector) => {
    const deadLetters: Record<string, number> = {};
    for (const [destination, n] of Object.entries(counts)) if (destination.startsWith(`${connector.id}.`)) deadLetters[destination] = n;
    const destination = destinations.get(connector.id);
    const sync = streams.filter((s) => s.connector === connector.id);
    // The lines without the "<connector>: " they start with: this object is the connector's.
    const attention = attentionLines(destination ? [destination] : [], sync).map((line) => line.slice(connector.id.length + 2));
    const letters = Object.values(deadLetters).reduce((a, b) => a + b, 0);
    if (letters > 0) attention.push(`${letters} action${letters === 1 ? '' : 's'} dead-lettered: \`pathwise deadletters list --destination ${connector.id}\`, then \`retry --all --destination ${connector.id}\` once the cause is fixed`);
    return {
      id: connector.id,
      name: connector.definition?.name ?? connector.id,
      dryRun: connector.dryRun,
      built: connector.definition !== undefined,
      webhooks: (connector.definition?.source?.webhooks ?? []).map((w) => `POST /webhooks/${w.path}`),
      ...(destination ? { destination } : {}),
      sync,
      deadLetters,
      attention,
    };
  });
}
