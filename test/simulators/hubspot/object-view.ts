import { findAssociationType } from './association-types.ts';
import type { CrmRecord } from './crm-records.ts';
import { resolveObjectType, type ObjectTypeDefinition } from './object-types.ts';
import type { HubspotStore } from './store.ts';

export interface ViewOptions {
  /** Requested properties; undefined → the type's defaults; `'all'` → every stored value (create/update answers). */
  properties?: readonly string[] | 'all';
  /** Object types whose associations to include (v3 `associations=` query). */
  associations?: readonly string[];
}

/**
 * A record as HubSpot's v3 `SimplePublicObject` JSON. Requested properties are always joined by
 * `hs_object_id` and the create/modify dates, and unset ones come back as `null`, as HubSpot does.
 */
export function viewRecord(store: HubspotStore, type: ObjectTypeDefinition, record: CrmRecord, options: ViewOptions = {}): Record<string, unknown> {
  let properties: Record<string, string | null>;
  if (options.properties === 'all') {
    properties = { ...record.properties };
  } else {
    const names = options.properties
      ? [...new Set([...options.properties, 'hs_object_id', type.createdProperty, type.modifiedProperty])]
      : type.defaultProperties;
    properties = Object.fromEntries([...names].sort().map((n) => [n, record.properties[n] ?? null]));
  }
  const view: Record<string, unknown> = {
    id: record.id,
    properties,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    archived: record.archived,
  };
  if (record.archivedAt !== undefined) view.archivedAt = new Date(record.archivedAt).toISOString();
  if (options.associations) {
    const assoc: Record<string, unknown> = {};
    for (const raw of options.associations) {
      const to = resolveObjectType(store.types, raw);
      if (!to) continue;
      const results = store.associations.from(type.name, record.id, to.name).map((e) => ({
        id: e.toId,
        type: findAssociationType(e.fromType, e.toType, e.typeId)?.name ?? String(e.typeId),
      }));
      if (results.length > 0) assoc[to.name] = { results };
    }
    if (Object.keys(assoc).length > 0) view.associations = assoc;
  }
  return view;
}
