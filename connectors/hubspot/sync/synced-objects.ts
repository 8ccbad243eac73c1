import { PATHWISE_ACTION_PROPERTY, PATHWISE_KEY_PROPERTY, type HubspotObjectName } from '../record-event.ts';
import type { HubspotSyncObject } from '../settings.ts';

/** What the sync needs to know about one HubSpot object type. */
export interface SyncedObject {
  /** CRM object type in API paths and association reads. */
  type: HubspotSyncObject;
  /** The singular name record events carry. */
  record: HubspotObjectName;
  /**
   * The property the search filters and sorts on: contacts carry `lastmodifieddate` (the one
   * HubSpot's search guide returns for contacts by default), deals, tasks and the other objects
   * `hs_lastmodifieddate`.
   */
  modifiedProperty: string;
  /** Creation time: contacts and deals `createdate`, tasks (engagements) `hs_createdate`. */
  createdProperty: string;
  /**
   * Properties copied into `record.changed`: what journeys condition on, render into actions, or
   * route by. Kept short on purpose: every property is read on every page of every pass, and
   * contact properties become profile traits. Add a portal's own properties here when journeys
   * need them.
   */
  properties: readonly string[];
}

const OWNER = 'hubspot_owner_id';

export const SYNCED_OBJECTS: Readonly<Record<HubspotSyncObject, SyncedObject>> = {
  contacts: {
    type: 'contacts',
    record: 'contact',
    modifiedProperty: 'lastmodifieddate',
    createdProperty: 'createdate',
    properties: [
      // Identity and greeting: email joins the Segment profile; names and company fill templates.
      'email',
      'firstname',
      'lastname',
      'company',
      'jobtitle',
      // Reaching the person: call tasks need a number; country helps quiet hours and routing.
      'phone',
      'mobilephone',
      'country',
      // Funnel position, the usual journey conditions.
      'lifecyclestage',
      'hs_lead_status',
      // The rep: the profile's owner, who receives the tasks.
      OWNER,
    ],
  },
  deals: {
    type: 'deals',
    record: 'deal',
    modifiedProperty: 'hs_lastmodifieddate',
    createdProperty: 'createdate',
    // Stage moves and closes trigger journeys; amount and close date feed conditions and task text.
    properties: ['dealname', 'dealstage', 'pipeline', 'amount', 'closedate', 'dealtype', 'hs_is_closed', 'hs_is_closed_won', OWNER],
  },
  tasks: {
    type: 'tasks',
    record: 'task',
    modifiedProperty: 'hs_lastmodifieddate',
    createdProperty: 'hs_createdate',
    // Status and the Pathwise key make action outcomes; the body is left out (long free text).
    properties: [
      'hs_task_subject',
      'hs_task_status',
      'hs_task_type',
      'hs_task_priority',
      'hs_timestamp',
      'hs_task_completion_date',
      OWNER,
      PATHWISE_KEY_PROPERTY,
      PATHWISE_ACTION_PROPERTY,
    ],
  },
};

/** Every property a search for this object asks for: the journey properties and the two times. */
export function requestedProperties(object: SyncedObject): string[] {
  return [...object.properties, object.createdProperty, object.modifiedProperty];
}
