import type { JsonObject } from '../../../src/core/events/event.ts';
import { hubspotRecordEvent, taskOutcomeEvent } from '../record-event.ts';
import type { SyncedObject } from './synced-objects.ts';

/** A record as the search returned it, with its two times read. */
export interface SyncedRecord {
  id: string;
  properties: Readonly<Record<string, string | null>>;
  /** Epoch ms of the modification property: the position in the sync and part of the messageId. */
  modifiedAt: number;
  /** Epoch ms of the creation property, when HubSpot gave one. */
  createdAt: number | undefined;
}

export interface RecordEvents {
  events: JsonObject[];
  skipped: { ref: string; reason: string }[];
}

/** HubSpot datetimes come as ISO strings, and as epoch ms strings from some older properties. */
export function hubspotTime(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The record's journey properties as `record.changed`. A search reports the record as it is,
 * not what changed, so every listed property with a value is there. An empty property is left
 * out, so it does not erase what another source said of the person, except the owner: HubSpot
 * is the authority on who owns a contact, and null there means unassigned.
 */
function changedValues(object: SyncedObject, record: SyncedRecord): JsonObject {
  const changed: JsonObject = {};
  for (const name of object.properties) {
    const value = record.properties[name];
    if (value !== null && value !== undefined) changed[name] = value;
    else if (name === 'hubspot_owner_id' && Object.hasOwn(record.properties, name)) changed[name] = null;
  }
  return changed;
}

/** Created when HubSpot has not modified the record since creating it; updated otherwise. */
function changeTypeOf(record: SyncedRecord): 'created' | 'updated' {
  return record.createdAt === record.modifiedAt ? 'created' : 'updated';
}

/**
 * Same record, same modification time, same key: a record read again (look-back window, a
 * window restarted at its last millisecond, a resumed page) is kept once by the inbox.
 */
function messageIdOf(object: SyncedObject, record: SyncedRecord): string {
  return `sync:${object.record}:${record.id}:${record.modifiedAt}`;
}

/** A contact names its person itself, by contact id and email. */
export function contactEvents(object: SyncedObject, records: readonly SyncedRecord[]): RecordEvents {
  const events = records.map((record) => {
    const email = record.properties['email'];
    return hubspotRecordEvent({
      object: object.record,
      id: record.id,
      changeType: changeTypeOf(record),
      changed: changedValues(object, record),
      occurredAt: record.modifiedAt,
      messageId: messageIdOf(object, record),
      contactId: record.id,
      ...(email ? { email } : {}),
    });
  });
  return { events, skipped: [] };
}

/**
 * A deal or task reaches each associated contact's profile, one event per contact (as the
 * webhook path does), keyed per contact. A completed task that Pathwise created also reports
 * its action's outcome, once, under the key the webhook path uses, so whichever path sees the
 * completion first commits it and the other is a duplicate.
 */
export function associatedRecordEvents(object: SyncedObject, records: readonly SyncedRecord[], contactsOf: ReadonlyMap<string, readonly string[]>): RecordEvents {
  const out: RecordEvents = { events: [], skipped: [] };
  for (const record of records) {
    const contacts = contactsOf.get(record.id) ?? [];
    if (contacts.length === 0) {
      out.skipped.push({ ref: `${object.record}:${record.id}`, reason: `${object.record} ${record.id} has no associated contact` });
      continue;
    }
    const changed = changedValues(object, record);
    for (const contactId of contacts) {
      out.events.push(
        hubspotRecordEvent({
          object: object.record,
          id: record.id,
          changeType: changeTypeOf(record),
          changed,
          occurredAt: record.modifiedAt,
          messageId: `${messageIdOf(object, record)}:contact:${contactId}`,
          contactId,
        }),
      );
    }
    const firstContact = contacts[0];
    if (object.record === 'task' && firstContact !== undefined) {
      // Pathwise creates each task for one contact, so the first association is the person the action was for.
      const completedAt = hubspotTime(record.properties['hs_task_completion_date']) ?? record.modifiedAt;
      const outcome = taskOutcomeEvent({ id: record.id, properties: record.properties }, firstContact, completedAt);
      if (outcome) out.events.push(outcome);
    }
  }
  return out;
}
