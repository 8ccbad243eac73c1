/** How HubSpot types a property; it decides validation, filter comparison and sorting. */
export type PropertyKind = 'string' | 'number' | 'datetime' | 'enumeration' | 'bool';

export interface PropertyDefinition {
  kind: PropertyKind;
  /** Allowed values of an enumeration (case-sensitive, as HubSpot compares them). */
  options?: readonly string[];
  /** Set by HubSpot itself; a client may not write it. */
  readOnly?: boolean;
  /** An email address (HubSpot answers INVALID_EMAIL otherwise). */
  email?: boolean;
  /** Values come from the account's owners (`hubspot_owner_id`). */
  owner?: boolean;
  /**
   * HubSpot's `hasUniqueValue`: no two records of the type share a value, so the property can
   * name a record as `idProperty` in reads and updates [DOC changelog "Updating objects by custom
   * field"], and a write that would duplicate a value is refused [409 CONFLICT: UNVERIFIED status].
   */
  hasUniqueValue?: boolean;
}

export type ObjectTypeName = 'contacts' | 'companies' | 'deals' | 'tasks' | 'emails' | 'notes';

export interface ObjectTypeDefinition {
  name: ObjectTypeName;
  singular: string;
  objectTypeId: string;
  /** Prefix of classic webhook subscription types (`contact.creation`); generic `object.*` otherwise. */
  webhookPrefix: string | undefined;
  createdProperty: string;
  modifiedProperty: string;
  /** Returned when a read names no properties [DOC search guide, "Default returned properties"]. */
  defaultProperties: readonly string[];
  /** Searched by the free-text `query` [DOC search guide, "Default searchable properties"]. */
  searchableProperties: readonly string[];
  required: readonly string[];
  properties: Record<string, PropertyDefinition>;
}

const system = (created: string, modified: string): Record<string, PropertyDefinition> => ({
  hs_object_id: { kind: 'number', readOnly: true },
  [created]: { kind: 'datetime', readOnly: true },
  [modified]: { kind: 'datetime', readOnly: true },
  hubspot_owner_id: { kind: 'enumeration', owner: true },
});

const str: PropertyDefinition = { kind: 'string' };

const CONTACTS: ObjectTypeDefinition = {
  name: 'contacts',
  singular: 'contact',
  objectTypeId: '0-1',
  webhookPrefix: 'contact',
  createdProperty: 'createdate',
  modifiedProperty: 'lastmodifieddate',
  defaultProperties: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  searchableProperties: ['firstname', 'lastname', 'email', 'phone', 'company'],
  required: [],
  properties: {
    ...system('createdate', 'lastmodifieddate'),
    email: { kind: 'string', email: true },
    firstname: str,
    lastname: str,
    phone: str,
    mobilephone: str,
    company: str,
    jobtitle: str,
    website: str,
    city: str,
    country: str,
    hs_timezone: str,
    hs_merged_object_ids: { kind: 'string', readOnly: true },
    lifecyclestage: {
      kind: 'enumeration',
      options: ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'],
    },
    hs_lead_status: { kind: 'enumeration', options: ['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING'] },
  },
};

const COMPANIES: ObjectTypeDefinition = {
  name: 'companies',
  singular: 'company',
  objectTypeId: '0-2',
  webhookPrefix: 'company',
  createdProperty: 'createdate',
  modifiedProperty: 'hs_lastmodifieddate',
  defaultProperties: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  searchableProperties: ['website', 'phone', 'name', 'domain'],
  required: [],
  properties: { ...system('createdate', 'hs_lastmodifieddate'), name: str, domain: str, website: str, phone: str, industry: str },
};

const DEALS: ObjectTypeDefinition = {
  name: 'deals',
  singular: 'deal',
  objectTypeId: '0-3',
  webhookPrefix: 'deal',
  createdProperty: 'createdate',
  modifiedProperty: 'hs_lastmodifieddate',
  defaultProperties: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
  searchableProperties: ['dealname', 'pipeline', 'dealstage', 'description', 'dealtype'],
  required: [],
  properties: {
    ...system('createdate', 'hs_lastmodifieddate'),
    dealname: str,
    amount: { kind: 'number' },
    closedate: { kind: 'datetime' },
    pipeline: str,
    dealstage: str,
    dealtype: str,
    description: str,
  },
};

/** Task properties [DOC /docs/api/crm/tasks; status values beyond the two documented ones are HubSpot's UI states]. */
const TASKS: ObjectTypeDefinition = {
  name: 'tasks',
  singular: 'task',
  objectTypeId: '0-27',
  webhookPrefix: undefined,
  createdProperty: 'hs_createdate',
  modifiedProperty: 'hs_lastmodifieddate',
  defaultProperties: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  searchableProperties: ['hs_task_body', 'hs_task_subject'],
  required: ['hs_timestamp'],
  properties: {
    ...system('hs_createdate', 'hs_lastmodifieddate'),
    hs_timestamp: { kind: 'datetime' },
    hs_task_subject: str,
    hs_task_body: str,
    hs_task_status: { kind: 'enumeration', options: ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED'] },
    hs_task_priority: { kind: 'enumeration', options: ['NONE', 'LOW', 'MEDIUM', 'HIGH'] },
    hs_task_type: { kind: 'enumeration', options: ['CALL', 'EMAIL', 'TODO', 'LINKED_IN'] },
    hs_task_reminders: { kind: 'datetime' },
    hs_task_completion_date: { kind: 'datetime', readOnly: true },
  },
};

const EMAILS: ObjectTypeDefinition = {
  name: 'emails',
  singular: 'email',
  objectTypeId: '0-49',
  webhookPrefix: undefined,
  createdProperty: 'hs_createdate',
  modifiedProperty: 'hs_lastmodifieddate',
  defaultProperties: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  searchableProperties: ['hs_email_subject'],
  required: ['hs_timestamp'],
  properties: {
    ...system('hs_createdate', 'hs_lastmodifieddate'),
    hs_timestamp: { kind: 'datetime' },
    hs_email_subject: str,
    hs_email_text: str,
    hs_email_html: str,
    hs_email_direction: { kind: 'enumeration', options: ['EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL'] },
    hs_email_status: { kind: 'enumeration', options: ['BOUNCED', 'FAILED', 'SCHEDULED', 'SENDING', 'SENT'] },
    hs_email_headers: str,
  },
};

const NOTES: ObjectTypeDefinition = {
  name: 'notes',
  singular: 'note',
  objectTypeId: '0-46',
  webhookPrefix: undefined,
  createdProperty: 'hs_createdate',
  modifiedProperty: 'hs_lastmodifieddate',
  defaultProperties: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  searchableProperties: ['hs_note_body'],
  required: ['hs_timestamp'],
  properties: { ...system('hs_createdate', 'hs_lastmodifieddate'), hs_timestamp: { kind: 'datetime' }, hs_note_body: str },
};

/** Fresh definitions per simulator, so a test that adds a custom property does not leak into another. */
export function defaultObjectTypes(): Map<ObjectTypeName, ObjectTypeDefinition> {
  const all = [CONTACTS, COMPANIES, DEALS, TASKS, EMAILS, NOTES].map((t) => ({ ...t, properties: { ...t.properties } }));
  return new Map(all.map((t) => [t.name, t]));
}

/** HubSpot accepts the plural, the singular and the objectTypeId in paths (`contacts`, `contact`, `0-1`). */
export function resolveObjectType(types: ReadonlyMap<ObjectTypeName, ObjectTypeDefinition>, raw: string): ObjectTypeDefinition | undefined {
  const key = raw.toLowerCase();
  for (const t of types.values()) {
    if (t.name === key || t.singular === key || t.objectTypeId === key) return t;
  }
  return undefined;
}
