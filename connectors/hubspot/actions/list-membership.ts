import { z } from 'zod';
import { asConnectorError, ConnectorError } from '../../sdk/connector-error.ts';
import { batchedAction } from '../../sdk/batched-action.ts';
import type { ActionResult, BatchItem, ConnectorContext, DestinationAction } from '../../sdk/define-connector.ts';
import { hubspotApi } from '../client.ts';
import type { HubspotSettings } from '../settings.ts';
import { contactIdsFor } from './contact-id.ts';
import { listIdOf } from './list-id.ts';

type Ctx = ConnectorContext<HubspotSettings>;
type Change = 'add' | 'remove';

export const ListMembershipInput = z
  .object({
    listId: z.union([z.number().int().positive(), z.string().trim().min(1)]).describe('HubSpot list id, or the name of a contact list (resolved once).'),
  })
  .strict();
export type ListMembershipInput = z.infer<typeof ListMembershipInput>;

interface Target {
  index: number;
  contactId: string;
}

/**
 * One membership request per list for all the batch's contacts of that list, one result per item.
 * Add: a contact HubSpot reports missing (`recordIdsMissing`) fails alone; one already in the
 * list is fine. Remove: a contact that was not in the list is fine too.
 */
async function changeMemberships(ctx: Ctx, change: Change, items: BatchItem<ListMembershipInput>[]): Promise<ActionResult[]> {
  const results = new Array<ActionResult>(items.length);
  const contactIds = await contactIdsFor(
    ctx,
    items.map((i) => i.meta),
  );
  const byList = new Map<string, Target[]>();
  await Promise.all(
    items.map(async (item, index) => {
      const contactId = contactIds[index];
      if (typeof contactId !== 'string') {
        results[index] = { ok: false, error: contactId ?? new ConnectorError('internal', 'no contact id for a list item') };
        return;
      }
      try {
        const listId = await listIdOf(ctx, item.input.listId);
        byList.set(listId, [...(byList.get(listId) ?? []), { index, contactId }]);
      } catch (err) {
        results[index] = { ok: false, error: asConnectorError(err) };
      }
    }),
  );
  await Promise.all([...byList].map(([listId, targets]) => changeList(ctx, change, listId, targets, results)));
  return results;
}

async function changeList(ctx: Ctx, change: Change, listId: string, targets: Target[], results: ActionResult[]): Promise<void> {
  const ids = [...new Set(targets.map((t) => t.contactId))];
  try {
    const answer = await hubspotApi(ctx).call(`${change} list ${listId} members`, (client) =>
      change === 'add' ? client.crm.lists.membershipsApi.add(listId, ids) : client.crm.lists.membershipsApi.remove(listId, ids),
    );
    // `recordsIdsAdded` (sic) is HubSpot's spelling, in the API and the SDK model.
    const changed = new Set(change === 'add' ? answer.recordsIdsAdded : answer.recordIdsRemoved);
    const missing = new Set(answer.recordIdsMissing);
    for (const { index, contactId } of targets) {
      results[index] =
        change === 'add' && missing.has(contactId)
          ? { ok: false, error: new ConnectorError('payload', `HubSpot has no contact ${contactId} to add to list ${listId}`) }
          : { ok: true, ref: listId, detail: { listId, contactId, [change === 'add' ? 'added' : 'removed']: changed.has(contactId) } };
    }
  } catch (err) {
    const error = asConnectorError(err);
    for (const { index } of targets) results[index] = { ok: false, error };
  }
}

function membershipAction(change: Change, title: string, description: string): DestinationAction<HubspotSettings, unknown> {
  return batchedAction<HubspotSettings, ListMembershipInput>(title, description, ListMembershipInput, async (ctx, items) => {
    try {
      return await changeMemberships(ctx, change, items);
    } catch (err) {
      // Only the shared look-up by email can fail for everyone at once.
      const error = asConnectorError(err);
      return items.map(() => ({ ok: false, error }));
    }
  });
}

export const addToList = membershipAction('add', 'Add to list', 'Add the contact to a static HubSpot contact list (by id or name); contacts of one batch go in one request per list.');
export const removeFromList = membershipAction('remove', 'Remove from list', 'Remove the contact from a static HubSpot contact list (by id or name); contacts of one batch go in one request per list.');
