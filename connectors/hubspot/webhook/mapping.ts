import type { JsonObject } from '../../../src/core/events/event.ts';
import { hubspotRecordEvent, taskOutcomeEvent } from '../record-event.ts';
import type { Enrichment } from './enrichment.ts';
import { hubspotEventKey, type HubspotWebhookEvent } from './payload.ts';
import type { WebhookSubject } from './subject.ts';

type ReadSubject = Extract<WebhookSubject, { read: true }>;

export type MappedEvent = { events: JsonObject[] } | { skipped: string };

/** The new value a propertyChange reports; other changes carry none. */
function changedValues(event: HubspotWebhookEvent): JsonObject {
  return event.propertyName !== undefined && event.propertyName !== '' ? { [event.propertyName]: event.propertyValue ?? '' } : {};
}

/**
 * A merge's survivor and the ids it absorbed. `newObjectId` is the id the merged record has
 * from now on (for contacts, the primary's); every other id the event names is gone.
 */
function mergeOf(event: HubspotWebhookEvent): { survivor: string; mergedIds: string[] } {
  const survivor = event.newObjectId ?? event.primaryObjectId ?? event.objectId;
  const named = [event.primaryObjectId, ...(event.mergedObjectIds ?? []), event.objectId];
  const mergedIds = [...new Set(named.filter((id): id is string => id !== undefined && id !== survivor))];
  return { survivor, mergedIds };
}

/** A contact event names its person: the contact itself (the survivor, for a merge). */
function contactEvent(event: HubspotWebhookEvent, subject: ReadSubject): JsonObject {
  const merge = subject.changeType === 'merged' ? mergeOf(event) : undefined;
  const contactId = merge?.survivor ?? event.objectId;
  const email = event.propertyName === 'email' && event.propertyValue ? event.propertyValue : undefined;
  return hubspotRecordEvent({
    object: 'contact',
    id: contactId,
    changeType: subject.changeType,
    changed: changedValues(event),
    ...(merge ? { mergedIds: merge.mergedIds } : {}),
    occurredAt: event.occurredAt,
    messageId: hubspotEventKey(event),
    contactId,
    ...(email ? { email } : {}),
  });
}

/**
 * The task as the outcome mapping sees it: HubSpot's current properties, except that an event
 * reporting the status change itself wins over what was read later (a task completed and then
 * reopened before the delivery still was completed).
 */
function taskAsOfEvent(event: HubspotWebhookEvent, enrichment: Enrichment) {
  const read = enrichment.task(event.objectId);
  if (read === undefined) return undefined;
  const status = event.propertyName === 'hs_task_status' ? { hs_task_status: event.propertyValue } : {};
  return { id: event.objectId, properties: { ...read, ...status } };
}

/**
 * A deal or task names no person: it reaches each associated contact's profile, one record
 * event per contact. A completed task that Pathwise created also reports the action's outcome.
 */
function associatedEvents(event: HubspotWebhookEvent, subject: ReadSubject & { object: 'deal' | 'task' }, enrichment: Enrichment): MappedEvent {
  const contacts = enrichment.contactsOf(subject.object, event.objectId);
  if (contacts.length === 0) {
    const why = subject.changeType === 'deleted' ? 'is deleted: HubSpot lists no contact for it any more' : 'has no associated contact';
    return { skipped: `${subject.object} ${event.objectId} ${why}` };
  }
  const merge = subject.changeType === 'merged' ? mergeOf(event) : undefined;
  // A deal's absorbed ids go in as HubSpot's own `hs_merged_object_ids`, not as record.mergedIds:
  // the core reads mergedIds as ids of the person's identifier type, and a deal id can equal a
  // contact id (separate id spaces), which would merge unrelated people.
  const mergedIds = merge && merge.mergedIds.length > 0 ? { hs_merged_object_ids: merge.mergedIds.join(';') } : {};
  const events = contacts.map((contactId) =>
    hubspotRecordEvent({
      object: subject.object,
      id: merge?.survivor ?? event.objectId,
      changeType: subject.changeType,
      changed: { ...changedValues(event), ...mergedIds },
      occurredAt: event.occurredAt,
      messageId: `${hubspotEventKey(event)}:contact:${contactId}`,
      contactId,
    }),
  );
  const task = subject.object === 'task' ? taskAsOfEvent(event, enrichment) : undefined;
  // An outcome is about one action, so it is reported once: Pathwise creates each task for one
  // contact, so the first association is normally the person the action was for.
  const outcome = task && contacts[0] !== undefined ? taskOutcomeEvent(task, contacts[0], event.occurredAt) : undefined;
  return { events: outcome ? [...events, outcome] : events };
}

/** One HubSpot event as canonical events, or why it was skipped. */
export function mapWebhookEvent(event: HubspotWebhookEvent, subject: ReadSubject, enrichment: Enrichment): MappedEvent {
  if (subject.object === 'contact') return { events: [contactEvent(event, subject)] };
  return associatedEvents(event, { ...subject, object: subject.object }, enrichment);
}
