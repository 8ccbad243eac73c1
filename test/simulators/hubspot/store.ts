import { AssociationStore } from './association-store.ts';
import { ChangeLog } from './change-log.ts';
import { CrmRecords, type CrmRecord } from './crm-records.ts';
import { EmailLog } from './email-log.ts';
import { ListStore } from './list-store.ts';
import { defaultObjectTypes, type ObjectTypeDefinition, type ObjectTypeName, type PropertyDefinition } from './object-types.ts';
import { OwnerStore } from './owner-store.ts';
import type { RawPropertyValue } from './property-values.ts';
import { WebhookConfig } from './webhook-config.ts';
import { defaultAssociationType } from './association-types.ts';

/** A task with the ids it is associated with, the shape connector tests assert on. */
export interface TaskView {
  id: string;
  properties: Record<string, string>;
  contactIds: string[];
  dealIds: string[];
  companyIds: string[];
}

/**
 * The whole in-memory account. Tests read it to assert what the connector did and write it to
 * set up a scenario (writes here behave like changes made in HubSpot's UI when `source` says so).
 */
export class HubspotStore {
  readonly types: Map<ObjectTypeName, ObjectTypeDefinition> = defaultObjectTypes();
  readonly changes = new ChangeLog();
  readonly owners: OwnerStore;
  readonly records: CrmRecords;
  readonly associations: AssociationStore;
  readonly lists: ListStore;
  readonly emails = new EmailLog();
  readonly webhooks = new WebhookConfig();
  #nextId = 1001;

  constructor(now: () => number) {
    this.owners = new OwnerStore(now);
    this.lists = new ListStore(now);
    this.associations = new AssociationStore({ changes: this.changes, now });
    this.records = new CrmRecords({
      types: this.types,
      changes: this.changes,
      now,
      ownerIds: () => this.owners.activeIds(),
      nextId: () => {
        const id = String(this.#nextId);
        this.#nextId += 1;
        return id;
      },
    });
  }

  /** Keeps generated ids clear of ids a seed chose. */
  reserveId(id: string): void {
    const n = Number(id);
    if (Number.isInteger(n) && n >= this.#nextId) this.#nextId = n + 1;
  }

  /** Adds a custom property (HubSpot's property settings), e.g. a `pathwise_score` number. */
  defineProperty(type: ObjectTypeName, name: string, definition: PropertyDefinition): void {
    const t = this.types.get(type);
    if (!t) throw new Error(`unknown object type ${type}`);
    t.properties[name] = definition;
  }

  objects(type: ObjectTypeName): CrmRecord[] {
    return this.records.all(type);
  }

  tasks(): TaskView[] {
    return this.records.all('tasks').map((t) => {
      const ids = (to: ObjectTypeName) => [...new Set(this.associations.from('tasks', t.id, to).map((e) => e.toId))];
      return { id: t.id, properties: { ...t.properties }, contactIds: ids('contacts'), dealIds: ids('deals'), companyIds: ids('companies') };
    });
  }

  listMembers(listId: string): string[] {
    const list = this.lists.get(listId);
    return list ? this.lists.memberIds(list) : [];
  }

  /** Associates two records with their default (unlabelled) type, as HubSpot's UI does. */
  associate(from: ObjectTypeName, fromId: string, to: ObjectTypeName, toId: string): void {
    const type = defaultAssociationType(from, to);
    if (!type) throw new Error(`no default association from ${from} to ${to}`);
    this.associations.add(type, fromId, toId, { source: 'CRM_UI' });
  }

  /** A record created or changed "by a user in HubSpot" (changeSource CRM_UI). */
  createAsUser(type: ObjectTypeName, properties: Record<string, RawPropertyValue>): CrmRecord {
    return this.records.create(type, properties, { source: 'CRM_UI' });
  }

  updateAsUser(type: ObjectTypeName, id: string, properties: Record<string, RawPropertyValue>): CrmRecord {
    return this.records.update(type, id, properties, { source: 'CRM_UI' });
  }

  /** Merges two contacts as a user would; associations move to the survivor. */
  mergeContacts(primaryId: string, mergedId: string): CrmRecord {
    const merged = this.records.require('contacts', mergedId);
    const survivor = this.records.merge('contacts', primaryId, merged.id, { source: 'CRM_UI' });
    this.associations.reassign('contacts', merged.id, survivor.id);
    return survivor;
  }
}
