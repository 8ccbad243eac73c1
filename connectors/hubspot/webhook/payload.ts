import { z } from 'zod';
import { ConnectorError } from '../../sdk/connector-error.ts';

/** HubSpot sends ids as JSON numbers; a numeric string is taken too, and both become the string ids the CRM API uses. */
const Id = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);

/** Property values are strings on the wire; a scalar of another type is kept as its text rather than refused. */
const Scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

/**
 * One event of a webhook delivery [wire-formats.md C1; HubSpot webhooks docs]. Only what
 * Pathwise reads is checked; fields HubSpot adds later pass through untouched.
 */
export const HubspotWebhookEvent = z.looseObject({
  eventId: Id,
  subscriptionId: Id,
  portalId: z.number().int().positive(),
  occurredAt: z.number().int().nonnegative(),
  subscriptionType: z.string().regex(/^[a-z_]+\.[A-Za-z]+$/, { error: 'expected "<object>.<change>", like "contact.creation"' }),
  attemptNumber: z.number().int().nonnegative().optional(),
  objectId: Id,
  /** Set on generic `object.*` subscriptions: "0-1" contacts, "0-3" deals, "0-27" tasks. */
  objectTypeId: z.string().optional(),
  propertyName: z.string().optional(),
  propertyValue: Scalar.optional(),
  changeFlag: z.string().optional(),
  /** contact.merge: the record that absorbed the others. */
  primaryObjectId: Id.optional(),
  mergedObjectIds: z.array(Id).optional(),
  /** contact.merge: the id the merged record has from now on (the primary's, for contacts). */
  newObjectId: Id.optional(),
});
export type HubspotWebhookEvent = z.infer<typeof HubspotWebhookEvent>;

const Delivery = z.array(HubspotWebhookEvent).min(1, { error: 'expected at least one event' });

/** The raw body of a delivery: a JSON array of events. Anything else is a `payload` error naming the first problem. */
export function parseHubspotDelivery(rawBody: Buffer): HubspotWebhookEvent[] {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch (err) {
    throw new ConnectorError('payload', `body: malformed JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(body)) throw new ConnectorError('payload', 'body: expected a JSON array of HubSpot webhook events');
  const parsed = Delivery.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
    throw new ConnectorError('payload', `body${path}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/**
 * The inbox key of one HubSpot event: the same on every redelivery (attemptNumber excluded).
 * HubSpot says eventId alone "is not guaranteed to be unique" and names these four fields
 * together as the event's identity [wire-formats.md C1], so all four are in the key: a key on
 * eventId alone could drop a different event as a duplicate.
 */
export function hubspotEventKey(event: HubspotWebhookEvent): string {
  return `webhook:${event.eventId}:${event.subscriptionId}:${event.occurredAt}:${event.objectId}`;
}
