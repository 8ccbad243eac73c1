import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/tasks/index.js';
import { ConnectorError } from '../../sdk/connector-error.ts';
import type { ConnectorContext } from '../../sdk/define-connector.ts';
import { hubspotApi } from '../client.ts';
import { PATHWISE_ACTION_PROPERTY, PATHWISE_KEY_PROPERTY } from '../record-event.ts';
import type { HubspotSettings } from '../settings.ts';
import { perContext } from './per-context.ts';

type Ctx = ConnectorContext<HubspotSettings>;

export interface ExistingTask {
  id: string;
  ownerId: string | undefined;
}

const TASK_PROPERTIES = ['hubspot_owner_id', PATHWISE_KEY_PROPERTY];

/** Whether `pathwise_key` answers `idProperty` reads in this portal; learnt on the first refusal. */
const keyReads = perContext(() => ({ unique: true }));

function existing(task: { id: string; properties: Record<string, string | null> }): ExistingTask {
  return { id: task.id, ownerId: task.properties['hubspot_owner_id'] ?? undefined };
}

/**
 * The task created for this idempotency key, if any. A read by `idProperty=pathwise_key` needs
 * the property to have unique values, and it sees a task created a moment ago; search would miss
 * it for a few seconds (HubSpot indexes writes late), which is exactly the window of a crash
 * between create and acknowledgement. Portals whose property is not unique fall back to search.
 */
export async function taskByKey(ctx: Ctx, key: string): Promise<ExistingTask | undefined> {
  const api = hubspotApi(ctx);
  const reads = keyReads(ctx);
  if (reads.unique) {
    try {
      return existing(await api.call('find the task by its Pathwise key', (client) => client.crm.objects.tasks.basicApi.getById(key, TASK_PROPERTIES, undefined, undefined, false, PATHWISE_KEY_PROPERTY)));
    } catch (err) {
      if (err instanceof ConnectorError && err.status === 404) return undefined;
      if (!(err instanceof ConnectorError && err.status === 400)) throw err;
      reads.unique = false;
      ctx.log.warn(
        { connector: 'hubspot', property: PATHWISE_KEY_PROPERTY, error: err.message },
        `HubSpot refused tasks by ${PATHWISE_KEY_PROPERTY}: give that task property unique values, or a task retried within seconds of a crash may be created twice`,
      );
    }
  }
  const found = await api.search('search the task by its Pathwise key', (client) =>
    client.crm.objects.tasks.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: PATHWISE_KEY_PROPERTY, operator: FilterOperatorEnum.Eq, value: key }] }], properties: TASK_PROPERTIES, limit: 1 }),
  );
  const task = found.results[0];
  return task ? existing(task) : undefined;
}

/**
 * An open task (not COMPLETED) that the same manifest action created for the same contact, so a
 * journey that decides the same action again does not give the rep a second one to do. Search
 * only: a task created seconds ago may be missed, which `taskByKey` covers for retries.
 */
export async function openTaskFor(ctx: Ctx, actionId: string, contactId: string): Promise<ExistingTask | undefined> {
  const found = await hubspotApi(ctx).search('search an open task for the same action and contact', (client) =>
    client.crm.objects.tasks.searchApi.doSearch({
      filterGroups: [
        {
          filters: [
            { propertyName: PATHWISE_ACTION_PROPERTY, operator: FilterOperatorEnum.Eq, value: actionId },
            { propertyName: 'associations.contact', operator: FilterOperatorEnum.Eq, value: contactId },
            { propertyName: 'hs_task_status', operator: FilterOperatorEnum.Neq, value: 'COMPLETED' },
          ],
        },
      ],
      properties: TASK_PROPERTIES,
      limit: 1,
    }),
  );
  const task = found.results[0];
  return task ? existing(task) : undefined;
}
