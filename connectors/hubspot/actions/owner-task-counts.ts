import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/tasks/index.js';
import type { ConnectorContext } from '../../sdk/define-connector.ts';
import { hubspotApi } from '../client.ts';
import { PATHWISE_KEY_PROPERTY } from '../record-event.ts';
import type { HubspotSettings } from '../settings.ts';

type Ctx = ConnectorContext<HubspotSettings>;

/** Search pages stop here: HubSpot answers 400 when paging past 10,000 results. */
const SEARCH_RESULT_CEILING = 10_000;
const PAGE_SIZE = 200;

/**
 * Ids of the Pathwise tasks (those with a `pathwise_key`) each owner received since `dayStart`,
 * by one search for the whole team (`hubspot_owner_id IN …`) rather than one per rep, since
 * search allows only a few requests a second. Paging stops once every owner has reached
 * `capacity`: beyond that the exact count does not change the choice.
 */
export async function pathwiseTasksToday(ctx: Ctx, owners: readonly string[], dayStart: number, capacity: number): Promise<Map<string, Set<string>>> {
  const byOwner = new Map(owners.map((o) => [o, new Set<string>()]));
  const ownerFilter =
    owners.length === 1
      ? { propertyName: 'hubspot_owner_id', operator: FilterOperatorEnum.Eq, value: owners[0] ?? '' }
      : { propertyName: 'hubspot_owner_id', operator: FilterOperatorEnum.In, values: [...owners] };
  const filters = [
    { propertyName: PATHWISE_KEY_PROPERTY, operator: FilterOperatorEnum.HasProperty },
    ownerFilter,
    { propertyName: 'hs_createdate', operator: FilterOperatorEnum.Gte, value: String(dayStart) },
  ];
  let after: string | undefined;
  do {
    const page = await hubspotApi(ctx).search('count the Pathwise tasks of reps today', (client) =>
      client.crm.objects.tasks.searchApi.doSearch({ filterGroups: [{ filters }], properties: ['hubspot_owner_id'], limit: PAGE_SIZE, ...(after === undefined ? {} : { after }) }),
    );
    for (const task of page.results) byOwner.get(task.properties['hubspot_owner_id'] ?? '')?.add(task.id);
    after = page.paging?.next?.after;
  } while (after !== undefined && Number(after) < SEARCH_RESULT_CEILING && [...byOwner.values()].some((ids) => ids.size < capacity));
  return byOwner;
}
