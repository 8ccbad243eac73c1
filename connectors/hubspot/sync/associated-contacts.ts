import type { ConnectorContext } from '../../sdk/define-connector.ts';
import { hubspotApi } from '../client.ts';
import type { HubspotSettings } from '../settings.ts';

/** Inputs HubSpot takes per association batch read; a search page (100) fits in one request. */
const BATCH_SIZE = 100;

/**
 * The contact ids associated with each deal or task, in one batch request per 100 records.
 * A record with no contact is absent from the map: HubSpot reports it as a per-input error of a
 * 207 answer, which is not a failure of the read.
 */
export async function associatedContacts(ctx: ConnectorContext<HubspotSettings>, fromType: 'deals' | 'tasks', ids: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (let i = 0; i < ids.length; i += BATCH_SIZE) {
    const inputs = ids.slice(i, i + BATCH_SIZE).map((id) => ({ id }));
    const page = await hubspotApi(ctx).call(`read ${fromType} → contacts associations`, (client) => client.crm.associations.batchApi.read(fromType, 'contacts', { inputs }));
    for (const result of page.results) found.set(result._from.id, [...new Set(result.to.map((to) => to.id))]);
  }
  return found;
}
