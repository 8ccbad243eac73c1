import { FilterOperatorEnum, type Filter, type PublicObjectSearchRequest } from '@hubspot/api-client/lib/codegen/crm/objects/index.js';
import type { SyncPass } from './sync-cursor.ts';
import type { PassLimits } from './sync-pass.ts';
import { requestedProperties, type SyncedObject } from './synced-objects.ts';

function filter(propertyName: string, operator: FilterOperatorEnum, value: number | string): Filter {
  return { propertyName, operator, value: String(value) };
}

/**
 * HubSpot documents sorts as `{ propertyName, direction }` objects; the SDK 13.5 types them as
 * strings but sends array items unchanged, so the documented form goes through as written.
 */
function ascendingBy(propertyName: string): string {
  // Typed as the SDK's `string` only to satisfy its model; the wire value is the object.
  return { propertyName, direction: 'ASCENDING' } as unknown as string;
}

/**
 * The one search the pass makes next: records modified within [windowStart, ceiling], oldest
 * first, `pageSize` at offset `after`; or, while a tie is paged, the records modified at exactly
 * that millisecond with ids above the last one read, by id.
 */
export function searchRequestFor(object: SyncedObject, pass: SyncPass, limits: PassLimits): PublicObjectSearchRequest {
  const properties = requestedProperties(object);
  if (pass.tie) {
    return {
      filterGroups: [{ filters: [filter(object.modifiedProperty, FilterOperatorEnum.Eq, pass.tie.at), filter('hs_object_id', FilterOperatorEnum.Gt, pass.tie.afterId)] }],
      sorts: [ascendingBy('hs_object_id')],
      properties,
      limit: limits.pageSize,
      after: '0',
    };
  }
  return {
    filterGroups: [{ filters: [filter(object.modifiedProperty, FilterOperatorEnum.Gte, pass.windowStart), filter(object.modifiedProperty, FilterOperatorEnum.Lte, pass.ceiling)] }],
    sorts: [ascendingBy(object.modifiedProperty)],
    properties,
    limit: limits.pageSize,
    after: pass.after,
  };
}
