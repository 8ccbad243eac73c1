import { epochMsOf } from '../time/iso-time.ts';
import { eventInOneShape, type EventType, type JsonObject, type PathwiseEvent, type RecordChange } from './event.ts';

const TYPES: ReadonlySet<string> = new Set<EventType>(['track', 'identify', 'page', 'screen', 'group', 'alias', 'record']);
const CHANGE_TYPES: ReadonlySet<string> = new Set(['created', 'updated', 'deleted', 'merged']);

export type EventValidation = { ok: true; event: PathwiseEvent } | { ok: false; errors: string[] };

export interface EventDefaults {
  source: string;
  /** Epoch ms the event was accepted; also its timestamp when the message carries none. */
  receivedAt: number;
  /** Minted when the message has no messageId (e.g. a hand-written curl); must be stable for retries to dedupe. */
  messageId?: string;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(raw: JsonObject, key: string, errors: string[]): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value); // Segment accepts numeric ids
  if (typeof value !== 'string') {
    errors.push(`${key}: expected a string, got ${typeof value}`);
    return undefined;
  }
  return value === '' ? undefined : value;
}

function optionalObject(raw: JsonObject, key: string, errors: string[]): JsonObject | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    errors.push(`${key}: expected an object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
    return undefined;
  }
  return value;
}

function parseTime(raw: JsonObject, key: string, errors: string[]): number | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  const ms = epochMsOf(value);
  if (!Number.isFinite(ms)) {
    errors.push(`${key}: expected an ISO-8601 date, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return ms;
}

function parseRecord(raw: unknown, errors: string[]): RecordChange | undefined {
  if (!isObject(raw)) {
    errors.push('record: a record event needs `record: { object, id, changeType, changed }`');
    return undefined;
  }
  const object = raw['object'];
  const id = raw['id'];
  const changeType = raw['changeType'];
  if (typeof object !== 'string' || object === '') errors.push('record.object: expected a string like "contact"');
  if (typeof id !== 'string' && typeof id !== 'number') errors.push('record.id: expected a string');
  if (typeof changeType !== 'string' || !CHANGE_TYPES.has(changeType)) {
    errors.push(`record.changeType: expected one of created, updated, deleted, merged, got ${JSON.stringify(changeType)}`);
  }
  const changed = raw['changed'] ?? {};
  if (!isObject(changed)) errors.push('record.changed: expected an object of field values');
  const mergedIds = raw['mergedIds'];
  if (mergedIds !== undefined && !(Array.isArray(mergedIds) && mergedIds.every((m) => typeof m === 'string'))) {
    errors.push('record.mergedIds: expected an array of strings');
  }
  if (errors.length > 0) return undefined;
  return {
    object: object as string,
    id: String(id),
    changeType: changeType as RecordChange['changeType'],
    changed: changed as JsonObject,
    ...(mergedIds !== undefined ? { mergedIds: mergedIds as string[] } : {}),
  };
}

/**
 * Turns one wire message (Segment/RudderStack JSON, or our replay format) into a canonical event,
 * or says every reason it cannot. Hand-written rather than zod: it runs once per event on the
 * hot path, and its messages name the field in the sender's vocabulary.
 */
export function validateEvent(raw: unknown, defaults: EventDefaults): EventValidation {
  if (!isObject(raw)) return { ok: false, errors: ['message: expected a JSON object'] };
  const errors: string[] = [];
  const type = raw['type'];
  if (typeof type !== 'string' || !TYPES.has(type)) {
    errors.push(`type: expected one of track, identify, page, screen, group, alias, record, got ${JSON.stringify(type)}`);
  }
  const messageId = optionalString(raw, 'messageId', errors) ?? defaults.messageId;
  if (messageId === undefined) errors.push('messageId: required');
  const userId = optionalString(raw, 'userId', errors);
  const anonymousId = optionalString(raw, 'anonymousId', errors);
  const previousId = optionalString(raw, 'previousId', errors);
  const groupId = optionalString(raw, 'groupId', errors);
  const name = optionalString(raw, 'event', errors) ?? optionalString(raw, 'name', errors);
  const traits = optionalObject(raw, 'traits', errors);
  const properties = optionalObject(raw, 'properties', errors);
  const context = optionalObject(raw, 'context', errors);
  const timestamp =
    parseTime(raw, 'timestamp', errors) ?? parseTime(raw, 'originalTimestamp', errors) ?? defaults.receivedAt;

  const identifiers = optionalObject(raw, 'identifiers', errors);
  if (identifiers !== undefined && !Object.values(identifiers).every((v) => typeof v === 'string' && v !== '')) {
    errors.push('identifiers: expected an object of non-empty strings, e.g. {"hubspot":"551"}');
  }
  let record: RecordChange | undefined;
  if (type === 'record') record = parseRecord(raw['record'], errors);
  if (type === 'track' && name === undefined) errors.push('event: a track needs an event name');
  if (type === 'alias' && (userId === undefined || previousId === undefined)) errors.push('alias: needs userId and previousId');
  if (type === 'group' && groupId === undefined) errors.push('groupId: a group call needs groupId');
  const hasEmail = typeof traits?.['email'] === 'string' || (isObject(context?.['traits']) && typeof context['traits']['email'] === 'string');
  const hasIdentifiers = identifiers !== undefined && Object.keys(identifiers).length > 0;
  if (userId === undefined && anonymousId === undefined && !hasEmail && !hasIdentifiers) {
    errors.push(type === 'record' ? 'identifiers: a record event needs the identifier of the person it concerns' : 'userId: every message needs userId or anonymousId');
  }
  if (errors.length > 0) return { ok: false, errors };

  const event = eventInOneShape({
    messageId: messageId as string,
    type: type as EventType,
    event: name,
    userId,
    anonymousId,
    previousId,
    groupId,
    traits,
    properties,
    context,
    record,
    identifiers: hasIdentifiers ? (identifiers as Record<string, string>) : undefined,
    timestamp,
    receivedAt: defaults.receivedAt,
    source: defaults.source,
  });
  return { ok: true, event };
}
