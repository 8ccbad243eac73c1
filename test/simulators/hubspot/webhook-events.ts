import type { CrmChange } from './change-log.ts';
import type { ObjectTypeDefinition, ObjectTypeName } from './object-types.ts';
import { findAssociationType } from './association-types.ts';
import type { WebhookSubscription } from './webhook-config.ts';

/** One event of a webhook batch [wire-formats.md C1; DOC webhooks v3]. Object ids are numbers on the wire. */
export interface HubspotWebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  changeSource: string;
  sourceId?: string;
  objectTypeId?: string;
  propertyName?: string;
  propertyValue?: string;
  changeFlag?: 'CREATED' | 'DELETED' | 'RESTORED' | 'MERGED';
  primaryObjectId?: number;
  mergedObjectIds?: number[];
  newObjectId?: number;
  numberOfPropertiesMoved?: number;
  associationType?: string;
  fromObjectId?: number;
  toObjectId?: number;
  associationRemoved?: boolean;
  isPrimaryAssociation?: boolean;
}

export interface BuildEventsOptions {
  portalId: number;
  appId: number;
  types: ReadonlyMap<ObjectTypeName, ObjectTypeDefinition>;
  /** The app's subscriptions. When `only` is `registered`, changes no active subscription covers are dropped. */
  subscriptions: readonly WebhookSubscription[];
  /**
   * `registered`: only what an active subscription covers (HubSpot's behaviour).
   * `all`: every change, with a stable made-up subscriptionId where none matches.
   * Default: `registered` when the app has any subscription, else `all`.
   */
  only?: 'registered' | 'all';
  /** Hands out event ids; HubSpot's are increasing numbers. */
  nextEventId: () => number;
}

function subscriptionTypeOf(type: ObjectTypeDefinition, change: CrmChange): string {
  return `${type.webhookPrefix ?? 'object'}.${change.kind}`;
}

/** A made-up but stable id per subscription type, so events without a registered subscription still group. */
function syntheticSubscriptionId(subscriptionType: string, propertyName: string | undefined): number {
  let h = 0;
  for (const ch of `${subscriptionType}/${propertyName ?? ''}`) h = (h * 31 + ch.charCodeAt(0)) % 900_000;
  return 100_000 + h;
}

function matchingSubscription(subs: readonly WebhookSubscription[], subscriptionType: string, type: ObjectTypeDefinition, change: CrmChange) {
  return subs.find(
    (s) =>
      s.active &&
      s.eventType === subscriptionType &&
      (!subscriptionType.endsWith('.propertyChange') || s.propertyName === change.propertyName) &&
      (!subscriptionType.startsWith('object.') || s.objectTypeId === undefined || s.objectTypeId === type.objectTypeId),
  );
}

/** Turns recorded CRM changes into the events HubSpot would deliver for them, in order. */
export function buildWebhookEvents(changes: readonly CrmChange[], options: BuildEventsOptions): HubspotWebhookEvent[] {
  const only = options.only ?? (options.subscriptions.length > 0 ? 'registered' : 'all');
  const out: HubspotWebhookEvent[] = [];
  for (const change of changes) {
    const type = options.types.get(change.objectType);
    if (!type) continue;
    const subscriptionType = subscriptionTypeOf(type, change);
    const sub = matchingSubscription(options.subscriptions, subscriptionType, type, change);
    if (!sub && only === 'registered') continue;
    const event: HubspotWebhookEvent = {
      eventId: options.nextEventId(),
      subscriptionId: sub ? Number(sub.id) : syntheticSubscriptionId(subscriptionType, change.propertyName),
      portalId: options.portalId,
      appId: options.appId,
      occurredAt: change.occurredAt,
      subscriptionType,
      attemptNumber: 0,
      objectId: Number(change.objectId),
      changeSource: change.source,
    };
    if (change.source === 'CRM_UI') event.sourceId = 'userId:45678';
    if (!type.webhookPrefix) event.objectTypeId = type.objectTypeId;
    switch (change.kind) {
      case 'creation':
        event.changeFlag = 'CREATED';
        break;
      case 'deletion':
        event.changeFlag = 'DELETED';
        break;
      case 'restore':
        event.changeFlag = 'RESTORED';
        break;
      case 'propertyChange':
        event.propertyName = change.propertyName ?? '';
        event.propertyValue = change.propertyValue ?? '';
        break;
      case 'merge':
        if (change.merge) {
          event.changeFlag = 'MERGED';
          event.primaryObjectId = Number(change.merge.primaryObjectId);
          event.mergedObjectIds = change.merge.mergedObjectIds.map(Number);
          event.newObjectId = Number(change.merge.newObjectId);
          event.numberOfPropertiesMoved = change.merge.numberOfPropertiesMoved;
        }
        break;
      case 'associationChange':
        if (change.association) {
          const assocType = findAssociationType(change.objectType, change.association.toObjectType, change.association.typeId);
          event.associationType = (assocType?.name ?? String(change.association.typeId)).replace(/_unlabeled$/, '').toUpperCase();
          event.fromObjectId = Number(change.objectId);
          event.toObjectId = Number(change.association.toObjectId);
          event.associationRemoved = change.association.removed;
          event.isPrimaryAssociation = change.association.isPrimary;
        }
        break;
    }
    out.push(event);
  }
  return out;
}
