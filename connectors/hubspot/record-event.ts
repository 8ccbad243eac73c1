import { ACTION_OUTCOME_EVENT, actionOutcomeProperties } from '../../src/core/events/action-outcome.ts';
import type { JsonObject, RecordChangeType } from '../../src/core/events/event.ts';

/** HubSpot object types Pathwise reads, by the singular name record events carry. */
export type HubspotObjectName = 'contact' | 'company' | 'deal' | 'task';

/** Task property holding the idempotency key of the Pathwise action that created the task. */
export const PATHWISE_KEY_PROPERTY = 'pathwise_key';
/** Task property holding the manifest action id, to find an open task for the same action and contact. */
export const PATHWISE_ACTION_PROPERTY = 'pathwise_action';

export interface HubspotRecordChange {
  object: HubspotObjectName;
  id: string;
  changeType: RecordChangeType;
  /** New values of the properties that changed (all known properties for a sync read). */
  changed: JsonObject;
  mergedIds?: string[];
  /** When HubSpot says it happened, epoch ms. */
  occurredAt: number;
  /** Idempotency key within source "hubspot": the webhook eventId, or object/id/modified time for sync. */
  messageId: string;
  /** The contact the change concerns: the record itself for contacts, the associated contact otherwise. */
  contactId: string;
  email?: string;
}

/**
 * A HubSpot change as a canonical `record` event. The person is named by `identifiers.hubspot`
 * (the contact id) and, when known, the email, so the change reaches the same profile as the
 * Segment events of that person.
 */
export function hubspotRecordEvent(change: HubspotRecordChange): JsonObject {
  return {
    type: 'record',
    messageId: change.messageId,
    timestamp: new Date(change.occurredAt).toISOString(),
    identifiers: { hubspot: change.contactId, ...(change.email ? { email: change.email } : {}) },
    record: {
      object: change.object,
      id: change.id,
      changeType: change.changeType,
      changed: change.changed,
      ...(change.mergedIds && change.mergedIds.length > 0 ? { mergedIds: change.mergedIds } : {}),
    },
  };
}

/**
 * When a task Pathwise created is completed, the outcome of the action that created it. The
 * messageId depends only on the task, so the webhook and the sync that both see the completion
 * commit it once.
 */
export function taskOutcomeEvent(task: { id: string; properties: Readonly<Record<string, string | null | undefined>> }, contactId: string, occurredAt: number): JsonObject | undefined {
  const key = task.properties[PATHWISE_KEY_PROPERTY];
  if (!key || task.properties['hs_task_status'] !== 'COMPLETED') return undefined;
  return {
    type: 'track',
    event: ACTION_OUTCOME_EVENT,
    messageId: `outcome:task:${task.id}:completed`,
    timestamp: new Date(occurredAt).toISOString(),
    identifiers: { hubspot: contactId },
    properties: { ...actionOutcomeProperties({ actionKey: key, outcome: 'completed', ref: task.id }), channel: 'task' },
  };
}
