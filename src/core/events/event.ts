/**
 * The canonical event: the Segment spec (which RudderStack shares) plus `record` for CRM changes.
 * Times are epoch milliseconds inside Pathwise; the wire's ISO strings are converted at the edge.
 */
export type EventType = 'track' | 'identify' | 'page' | 'screen' | 'group' | 'alias' | 'record';

export type JsonObject = Record<string, unknown>;

export type RecordChangeType = 'created' | 'updated' | 'deleted' | 'merged';

/** A CRM change (HubSpot, Salesforce): which record, how it changed, and the new field values. */
export interface RecordChange {
  object: string;
  id: string;
  changeType: RecordChangeType;
  changed: JsonObject;
  /** For `merged`: ids of the records that were merged into `id`. */
  mergedIds?: string[];
}

export interface PathwiseEvent {
  /** Idempotency key within `source` (HubSpot: eventId; Salesforce: replayId + transactionKey). */
  messageId: string;
  type: EventType;
  /** Track event name, or page/screen name. */
  event?: string;
  userId?: string;
  anonymousId?: string;
  /** alias: the id being linked to userId. */
  previousId?: string;
  groupId?: string;
  traits?: JsonObject;
  properties?: JsonObject;
  context?: JsonObject;
  record?: RecordChange;
  /**
   * Identifiers a connector knows beyond userId/anonymousId, by identifier type:
   * `{ hubspot: "551" }` for a HubSpot contact, `{ salesforce: "003xx" }`.
   */
  identifiers?: Record<string, string>;
  /** When it happened (event time), epoch ms. */
  timestamp: number;
  /** When Pathwise accepted it, epoch ms. */
  receivedAt: number;
  /** Where it came from: segment, rudderstack, hubspot, salesforce, http, replay, pathwise. */
  source: string;
}

/**
 * The event with every field present, `undefined` where absent, in one order: every event the
 * engine reads then has one hidden class, and its reads of event fields stay monomorphic. Events
 * built with their optional fields added as needed had a class per combination of fields, which
 * sent every such read through V8's megamorphic lookup (≈ 4 % of the engine's instructions).
 * `JSON.stringify` leaves the `undefined` fields out, so stored and logged events are unchanged.
 */
export function eventInOneShape(e: PathwiseEvent): PathwiseEvent {
  return {
    messageId: e.messageId,
    type: e.type,
    event: e.event,
    userId: e.userId,
    anonymousId: e.anonymousId,
    previousId: e.previousId,
    groupId: e.groupId,
    traits: e.traits,
    properties: e.properties,
    context: e.context,
    record: e.record,
    identifiers: e.identifiers,
    timestamp: e.timestamp,
    receivedAt: e.receivedAt,
    source: e.source,
  };
}
