import { findAssociationType, type AssociationCategory, type AssociationType } from './association-types.ts';
import type { ChangeLog, ChangeSource } from './change-log.ts';
import type { ObjectTypeName } from './object-types.ts';

/** One directed association with one type; HubSpot stores the inverse alongside it. */
export interface AssociationEdge {
  fromType: ObjectTypeName;
  fromId: string;
  toType: ObjectTypeName;
  toId: string;
  category: AssociationCategory;
  typeId: number;
}

interface Deps {
  changes: ChangeLog;
  now: () => number;
}

export class AssociationStore {
  readonly #edges: AssociationEdge[] = [];
  readonly #deps: Deps;

  constructor(deps: Deps) {
    this.#deps = deps;
  }

  #has(e: AssociationEdge): boolean {
    return this.#edges.some(
      (x) => x.fromType === e.fromType && x.fromId === e.fromId && x.toType === e.toType && x.toId === e.toId && x.typeId === e.typeId,
    );
  }

  /**
   * Records `type` from one object to another plus its inverse. Adding an existing pair is a
   * no-op, as in HubSpot. Returns the two edges (forward first).
   */
  add(type: AssociationType, fromId: string, toId: string, options: { source?: ChangeSource } = {}): [AssociationEdge, AssociationEdge] {
    const category: AssociationCategory = 'HUBSPOT_DEFINED';
    const forward: AssociationEdge = { fromType: type.from, fromId, toType: type.to, toId, category, typeId: type.typeId };
    const inverse: AssociationEdge = { fromType: type.to, fromId: toId, toType: type.from, toId: fromId, category, typeId: type.inverseTypeId };
    if (!this.#has(forward)) {
      this.#edges.push(forward, inverse);
      const at = this.#deps.now();
      const source = options.source ?? 'API';
      const isPrimary = type.label === 'Primary';
      this.#deps.changes.record({
        occurredAt: at,
        objectType: type.from,
        objectId: fromId,
        kind: 'associationChange',
        source,
        association: { toObjectType: type.to, toObjectId: toId, typeId: type.typeId, removed: false, isPrimary },
      });
    }
    return [forward, inverse];
  }

  /** Removes every type between two objects (both directions); returns how many pairs went. */
  removeAll(fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName, toId: string, options: { source?: ChangeSource } = {}): number {
    const doomed = this.#edges.filter((e) => e.fromType === fromType && e.fromId === fromId && e.toType === toType && e.toId === toId);
    for (const e of doomed) {
      const type = findAssociationType(e.fromType, e.toType, e.typeId);
      this.#remove(e);
      if (type) this.#remove({ ...e, fromType: e.toType, fromId: e.toId, toType: e.fromType, toId: e.fromId, typeId: type.inverseTypeId });
      this.#deps.changes.record({
        occurredAt: this.#deps.now(),
        objectType: fromType,
        objectId: fromId,
        kind: 'associationChange',
        source: options.source ?? 'API',
        association: { toObjectType: toType, toObjectId: toId, typeId: e.typeId, removed: true, isPrimary: type?.label === 'Primary' },
      });
    }
    return doomed.length;
  }

  #remove(e: AssociationEdge): void {
    const i = this.#edges.findIndex(
      (x) => x.fromType === e.fromType && x.fromId === e.fromId && x.toType === e.toType && x.toId === e.toId && x.typeId === e.typeId,
    );
    if (i >= 0) this.#edges.splice(i, 1);
  }

  /** Edges leaving one object, optionally only towards one type, in insertion order. */
  from(fromType: ObjectTypeName, fromId: string, toType?: ObjectTypeName): AssociationEdge[] {
    return this.#edges.filter((e) => e.fromType === fromType && e.fromId === fromId && (toType === undefined || e.toType === toType));
  }

  /** Moves every association of a merged-away record onto the survivor. */
  reassign(type: ObjectTypeName, fromId: string, toId: string): void {
    for (const e of this.#edges) {
      if (e.fromType === type && e.fromId === fromId) e.fromId = toId;
      if (e.toType === type && e.toId === fromId) e.toId = toId;
    }
    // Collapse duplicates the move may have created.
    const seen = new Set<string>();
    for (let i = this.#edges.length - 1; i >= 0; i -= 1) {
      const e = this.#edges[i];
      if (!e) continue;
      const key = `${e.fromType}/${e.fromId}/${e.toType}/${e.toId}/${e.typeId}`;
      if (seen.has(key)) this.#edges.splice(i, 1);
      else seen.add(key);
    }
  }
}
