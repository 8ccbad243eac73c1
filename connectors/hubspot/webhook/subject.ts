import type { RecordChangeType } from '../../../src/core/events/event.ts';
import type { HubspotObjectName } from '../record-event.ts';
import type { HubspotWebhookEvent } from './payload.ts';

/** What one webhook event is about, or why Pathwise does not read it. */
export type WebhookSubject = { read: true; object: Exclude<HubspotObjectName, 'company'>; changeType: RecordChangeType } | { read: false; reason: string };

/** Object type ids of generic `object.*` subscriptions [HubSpot object type ids]. */
const OBJECT_BY_TYPE_ID: ReadonlyMap<string, HubspotObjectName> = new Map([
  ['0-1', 'contact'],
  ['0-2', 'company'],
  ['0-3', 'deal'],
  ['0-27', 'task'],
]);
const OBJECT_BY_PREFIX: ReadonlyMap<string, HubspotObjectName> = new Map([
  ['contact', 'contact'],
  ['company', 'company'],
  ['deal', 'deal'],
]);

/**
 * The change each subscription suffix reports. A restore brings a deleted record back, with no
 * values: to Pathwise it exists again, as when it was created. A privacy deletion is a deletion.
 */
const CHANGE_BY_SUFFIX: ReadonlyMap<string, RecordChangeType> = new Map([
  ['creation', 'created'],
  ['restore', 'created'],
  ['propertyChange', 'updated'],
  ['deletion', 'deleted'],
  ['privacyDeletion', 'deleted'],
  ['merge', 'merged'],
]);

/**
 * Classifies an event by its subscription type (`contact.propertyChange`, or `object.creation`
 * with an `objectTypeId`). Contacts, deals and tasks are read; companies are not, because a
 * company change would have to fan out to every contact of the company; association changes
 * are not either (the associations are read when a deal or task changes).
 */
export function webhookSubject(event: HubspotWebhookEvent): WebhookSubject {
  const [prefix = '', suffix = ''] = event.subscriptionType.split('.');
  // Maps, not object literals: a subscription type like "constructor.x" must not find a prototype member.
  const object = prefix === 'object' ? OBJECT_BY_TYPE_ID.get(event.objectTypeId ?? '') : OBJECT_BY_PREFIX.get(prefix);
  if (object === undefined) {
    const what = prefix === 'object' ? `objects of type ${event.objectTypeId ?? '(no objectTypeId)'}` : `${prefix} events`;
    return { read: false, reason: `${what} are not read by Pathwise` };
  }
  if (object === 'company') return { read: false, reason: 'company events are not read by Pathwise' };
  const changeType = CHANGE_BY_SUFFIX.get(suffix);
  if (changeType === undefined) return { read: false, reason: `${event.subscriptionType} events are not read by Pathwise` };
  return { read: true, object, changeType };
}
