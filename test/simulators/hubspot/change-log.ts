import type { ObjectTypeName } from './object-types.ts';

/** Who made a change, as HubSpot reports it in webhook `changeSource`. */
export type ChangeSource = 'API' | 'CRM_UI' | 'IMPORT' | 'INTEGRATION' | 'WORKFLOWS' | 'MERGE';

export type ChangeKind = 'creation' | 'propertyChange' | 'deletion' | 'restore' | 'merge' | 'associationChange';

export interface MergeDetails {
  primaryObjectId: string;
  mergedObjectIds: string[];
  newObjectId: string;
  numberOfPropertiesMoved: number;
}

export interface AssociationChangeDetails {
  toObjectType: ObjectTypeName;
  toObjectId: string;
  typeId: number;
  removed: boolean;
  isPrimary: boolean;
}

/** One thing that happened to a CRM record; the raw material for webhook events. */
export interface CrmChange {
  /** Increases by one per change; a stable order even when several changes share a millisecond. */
  seq: number;
  occurredAt: number;
  objectType: ObjectTypeName;
  objectId: string;
  kind: ChangeKind;
  source: ChangeSource;
  propertyName?: string;
  /** The new value; `""` when the property was cleared. */
  propertyValue?: string;
  merge?: MergeDetails;
  association?: AssociationChangeDetails;
}

export class ChangeLog {
  readonly #changes: CrmChange[] = [];

  record(change: Omit<CrmChange, 'seq'>): CrmChange {
    const full = { seq: this.#changes.length + 1, ...change };
    this.#changes.push(full);
    return full;
  }

  all(): readonly CrmChange[] {
    return this.#changes;
  }

  /** Changes that occurred at or after `since` (epoch ms on the simulator clock). */
  since(since: number): CrmChange[] {
    return this.#changes.filter((c) => c.occurredAt >= since);
  }
}
