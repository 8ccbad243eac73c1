import { resolveObjectType } from '../object-types.ts';
import { viewRecord } from '../object-view.ts';
import type { Route } from '../router.ts';
import { parseSearchRequest, runSearch } from '../search-query.ts';
import { objectScopes, objectTypeParam, type RouteDeps } from './route-deps.ts';

/** `POST /crm/v3/objects/{type}/search`, counted against the 4/s search limit as well as the burst. */
export function searchRoutes(deps: RouteDeps): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/crm/v3/objects/:type/search',
      auth: 'bearer',
      search: true,
      scopes: (p) => objectScopes(p.type, 'read'),
      handler: (ctx) => {
        const type = objectTypeParam(deps, ctx.params.type);
        const request = parseSearchRequest(type, ctx.body);
        // HubSpot's search index lags writes; a write inside the lag is not found yet.
        const indexedUntil = deps.clock.now() - deps.searchIndexDelayMs;
        const indexed = deps.store.records.all(type.name).filter((r) => r.updatedAt <= indexedUntil);
        const page = runSearch(type, indexed, request, (record, target) => {
          const to = resolveObjectType(deps.store.types, target);
          return to ? deps.store.associations.from(type.name, record.id, to.name).map((e) => e.toId) : [];
        });
        return {
          status: 200,
          body: {
            total: page.total,
            results: page.records.map((r) => viewRecord(deps.store, type, r, { properties: request.properties })),
            ...(page.nextAfter ? { paging: { next: { after: page.nextAfter } } } : {}),
          },
        };
      },
    },
  ];
}
