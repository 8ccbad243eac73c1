import { ConnectorError } from '../../sdk/connector-error.ts';
import type { ConnectorContext } from '../../sdk/define-connector.ts';
import { hubspotApi } from '../client.ts';
import type { HubspotSettings } from '../settings.ts';
import { perContext } from './per-context.ts';

type Ctx = ConnectorContext<HubspotSettings>;

/** Lists of contacts; list names are unique per object type. */
const CONTACTS_OBJECT_TYPE_ID = '0-1';

/** List ids by name, looked up once per connection (lists are rarely renamed; a failed look-up is not kept). */
const listIdsByName = perContext(() => new Map<string, Promise<string>>());

async function lookUp(ctx: Ctx, name: string): Promise<string> {
  try {
    const found = await hubspotApi(ctx).call('find a list by name', (client) => client.crm.lists.listsApi.getByName(name, CONTACTS_OBJECT_TYPE_ID));
    return found.list.listId;
  } catch (err) {
    if (err instanceof ConnectorError && err.status === 404) throw new ConnectorError('config', `HubSpot has no contact list named "${name}"`, { status: 404, cause: err });
    throw err;
  }
}

/** A list's id from an action's `listId`: digits as they are, a name resolved through HubSpot. */
export function listIdOf(ctx: Ctx, listId: number | string): Promise<string> {
  const text = String(listId).trim();
  if (/^\d+$/.test(text)) return Promise.resolve(text);
  const cache = listIdsByName(ctx);
  let id = cache.get(text);
  if (id === undefined) {
    id = lookUp(ctx, text);
    cache.set(text, id);
    id.catch(() => cache.delete(text));
  }
  return id;
}
