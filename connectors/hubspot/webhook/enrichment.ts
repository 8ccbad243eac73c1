import { asConnectorError, ConnectorError } from '../../sdk/connector-error.ts';
import type { ConnectorContext } from '../../sdk/define-connector.ts';
import { hubspotApi } from '../client.ts';
import { PATHWISE_ACTION_PROPERTY, PATHWISE_KEY_PROPERTY } from '../record-event.ts';
import type { HubspotSettings } from '../settings.ts';
import { associatedContacts } from '../sync/associated-contacts.ts';

/** Records of a delivery that name no person: what must be read to find their contacts. */
export interface EnrichmentRequest {
  deals: ReadonlySet<string>;
  tasks: ReadonlySet<string>;
}

export type TaskProperties = Readonly<Record<string, string | null | undefined>>;

/** What HubSpot said about the records of one delivery, read once for all its events. */
export interface Enrichment {
  /** Contact ids associated with the deal or task; empty when none (or the record is gone). */
  contactsOf(object: 'deal' | 'task', id: string): readonly string[];
  /** The task's current Pathwise properties and status; undefined when HubSpot has no such task now. */
  task(id: string): TaskProperties | undefined;
}

/** Inputs per task batch read [HubSpot batch limit]. A delivery holds at most 100 events, so this is one request in practice. */
const BATCH_SIZE = 100;

/** Task properties the outcome mapping reads. */
const TASK_PROPERTIES = [PATHWISE_KEY_PROPERTY, PATHWISE_ACTION_PROPERTY, 'hs_task_status'];

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH_SIZE) out.push(items.slice(i, i + BATCH_SIZE));
  return out;
}

/**
 * HubSpot redelivers on 429, 5xx and timeouts only, so a failed read must be answered with one of
 * those: a 401 or 400 would make HubSpot drop the delivery for good. Our own token being refused
 * or a missing scope is `config` (503: the admin fixes it while HubSpot keeps retrying).
 */
function redeliverable(err: unknown): ConnectorError {
  const e = asConnectorError(err);
  const message = `enrichment: ${e.message}; HubSpot will redeliver`;
  const options = { cause: err, ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}), ...(e.status !== undefined ? { status: e.status } : {}) };
  if (e.kind === 'rate_limit' || e.kind === 'transient') return new ConnectorError(e.kind, message, options);
  return new ConnectorError(e.kind === 'auth' || e.kind === 'config' ? 'config' : 'transient', message, options);
}

async function taskProperties(ctx: ConnectorContext<HubspotSettings>, ids: ReadonlySet<string>): Promise<Map<string, TaskProperties>> {
  const found = new Map<string, TaskProperties>();
  for (const chunk of chunks([...ids])) {
    const page = await hubspotApi(ctx).call('read tasks', (client) =>
      client.crm.objects.tasks.batchApi.read({ inputs: chunk.map((id) => ({ id })), properties: TASK_PROPERTIES, propertiesWithHistory: [] }),
    );
    for (const task of page.results) found.set(task.id, task.properties);
  }
  return found;
}

/**
 * Reads, in one batch request each, the contacts of the delivery's deals and tasks and the
 * tasks' properties. Any failure rejects with a retryable ConnectorError, so the delivery is
 * answered 429/503 and nothing of it is committed.
 */
export async function enrichDelivery(ctx: ConnectorContext<HubspotSettings>, request: EnrichmentRequest): Promise<Enrichment> {
  const none = new Map<string, never>();
  try {
    const [dealContacts, taskContacts, tasks] = await Promise.all([
      request.deals.size > 0 ? associatedContacts(ctx, 'deals', [...request.deals]) : none,
      request.tasks.size > 0 ? associatedContacts(ctx, 'tasks', [...request.tasks]) : none,
      request.tasks.size > 0 ? taskProperties(ctx, request.tasks) : none,
    ]);
    return {
      contactsOf: (object, id) => (object === 'deal' ? dealContacts : taskContacts).get(id) ?? [],
      task: (id) => tasks.get(id),
    };
  } catch (err) {
    throw redeliverable(err);
  }
}
