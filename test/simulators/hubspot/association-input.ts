import { findAssociationType, type AssociationType } from './association-types.ts';
import { validationError } from './errors.ts';
import type { ObjectTypeDefinition } from './object-types.ts';
import { arrayOrEmpty, objectOrEmpty } from './json-shape.ts';
import type { HubspotStore } from './store.ts';

export interface PlannedAssociation {
  type: AssociationType;
  toId: string;
}

export function invalidAssociationType(typeId: unknown, from: ObjectTypeDefinition, toName?: string) {
  return validationError(`${String(typeId)} is not a valid association type between ${from.name} and ${toName ?? 'the target object'}`, {
    subCategory: 'crm.associations.INVALID_ASSOCIATION_TYPE',
    context: { type: [String(typeId)], fromObjectType: [from.name], ...(toName ? { toObjectType: [toName] } : {}) },
  });
}

/**
 * Checks the `associations` of a create request (`[{to:{id}, types:[{associationCategory, associationTypeId}]}]`)
 * before anything is written, so an invalid one leaves no half-created record. The target object
 * type follows from the association type id (204 → contacts), as in HubSpot.
 */
export function planAssociations(store: HubspotStore, from: ObjectTypeDefinition, raw: unknown): PlannedAssociation[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw validationError('Invalid input JSON: associations must be an array');
  const planned: PlannedAssociation[] = [];
  for (const item of raw) {
    const entry = objectOrEmpty(item);
    const toId = objectOrEmpty(entry.to).id;
    if (typeof toId !== 'string' && typeof toId !== 'number') throw validationError('Invalid input JSON: associations[].to.id is required');
    const types = arrayOrEmpty(entry.types).map(objectOrEmpty);
    if (types.length === 0) throw validationError('Invalid input JSON: associations[].types must not be empty');
    for (const t of types) {
      const candidates = [...store.types.values()].map((to) => findAssociationType(from.name, to.name, Number(t.associationTypeId)));
      const type = candidates.find((c) => c !== undefined);
      if (!type || t.associationCategory !== 'HUBSPOT_DEFINED') throw invalidAssociationType(t.associationTypeId, from);
      if (!store.records.get(type.to, String(toId))) {
        // [UNVERIFIED wording] HubSpot refuses the whole create when a target does not exist.
        throw validationError(`Unable to create association: ${type.to} ${String(toId)} does not exist`, {
          subCategory: 'crm.associations.INVALID_OBJECT_IDS',
          context: { toObjectId: [String(toId)], toObjectType: [type.to] },
        });
      }
      planned.push({ type, toId: String(store.records.get(type.to, String(toId))?.id ?? toId) });
    }
  }
  return planned;
}
