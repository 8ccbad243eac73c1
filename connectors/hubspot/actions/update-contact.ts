import { z } from 'zod';
import { asConnectorError, ConnectorError } from '../../sdk/connector-error.ts';
import { batchedAction } from '../../sdk/batched-action.ts';
import type { ActionResult, BatchItem, ConnectorContext } from '../../sdk/define-connector.ts';
import { hubspotApi } from '../client.ts';
import type { HubspotSettings } from '../settings.ts';
import { contactIdsFor } from './contact-id.ts';

type Ctx = ConnectorContext<HubspotSettings>;

export const UpdateContactInput = z
  .object({
    properties: z
      .record(z.string().min(1), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .refine((p) => Object.keys(p).length > 0, { error: 'name at least one property' })
      .describe('Contact properties to write (next best action, propensity…); null clears one. The properties must exist in HubSpot.'),
  })
  .strict();
export type UpdateContactInput = z.infer<typeof UpdateContactInput>;

interface Write {
  index: number;
  contactId: string;
  properties: Record<string, string>;
}

/** HubSpot takes every property value as a string; an empty string clears it. */
function asHubspotValues(properties: UpdateContactInput['properties']): Record<string, string> {
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** HubSpot refuses a batch that names one record twice: later writes to a contact go in later rounds, in order. */
function rounds(writes: readonly Write[]): Write[][] {
  const out: Write[][] = [];
  for (const write of writes) {
    const round = out.find((r) => !r.some((w) => w.contactId === write.contactId));
    if (round) round.push(write);
    else out.push([write]);
  }
  return out;
}

function unknownContact(contactId: string): ActionResult {
  return { ok: false, error: new ConnectorError('payload', `HubSpot has no contact ${contactId}`, { status: 404 }) };
}

/** One write on its own, to find which item of a refused batch is at fault. */
async function updateOne(ctx: Ctx, write: Write): Promise<ActionResult> {
  try {
    await hubspotApi(ctx).call(`update contact ${write.contactId}`, (client) => client.crm.contacts.basicApi.update(write.contactId, { properties: write.properties }));
    return { ok: true, ref: write.contactId, detail: { contactId: write.contactId } };
  } catch (err) {
    return { ok: false, error: asConnectorError(err) };
  }
}

/**
 * One batch update for a round. HubSpot reports unknown ids per record (207), so those items
 * fail alone. A 400 refuses the whole batch for one bad value without saying which: then each
 * write is retried on its own, so only the bad item fails.
 */
async function updateRound(ctx: Ctx, round: Write[]): Promise<ActionResult[]> {
  try {
    const answer = await hubspotApi(ctx).call('update contacts', (client) => client.crm.contacts.batchApi.update({ inputs: round.map((w) => ({ id: w.contactId, properties: w.properties })) }));
    const missing = new Set('errors' in answer ? (answer.errors ?? []).flatMap((e) => e.context?.['ids'] ?? []) : []);
    return round.map((w) => (missing.has(w.contactId) ? unknownContact(w.contactId) : { ok: true, ref: w.contactId, detail: { contactId: w.contactId } }));
  } catch (err) {
    const error = asConnectorError(err);
    if (error.kind === 'payload' && round.length > 1) return Promise.all(round.map((w) => updateOne(ctx, w)));
    return round.map(() => ({ ok: false, error }));
  }
}

async function updateContacts(ctx: Ctx, items: BatchItem<UpdateContactInput>[]): Promise<ActionResult[]> {
  let contactIds: Array<string | ConnectorError>;
  try {
    contactIds = await contactIdsFor(
      ctx,
      items.map((i) => i.meta),
    );
  } catch (err) {
    const error = asConnectorError(err);
    return items.map(() => ({ ok: false, error }));
  }
  const results: ActionResult[] = [];
  const writes: Write[] = [];
  items.forEach((item, index) => {
    const contactId = contactIds[index];
    if (typeof contactId === 'string') writes.push({ index, contactId, properties: asHubspotValues(item.input.properties) });
    else results[index] = { ok: false, error: contactId ?? new ConnectorError('internal', 'no contact id') };
  });
  // Rounds run one after another, so a later write to the same contact lands last.
  for (const round of rounds(writes)) {
    const outcomes = await updateRound(ctx, round);
    round.forEach((w, i) => {
      results[w.index] = outcomes[i] ?? { ok: false, error: new ConnectorError('internal', 'no result for a contact update') };
    });
  }
  return results;
}

export const updateContact = batchedAction<HubspotSettings, UpdateContactInput>(
  'Update contact',
  'Write computed properties (next best action, propensity…) to the contact; a batch goes in one request, an unknown contact fails alone.',
  UpdateContactInput,
  updateContacts,
);
