import { notFound, validationError } from '../errors.ts';
import type { CrmList } from '../list-store.ts';
import { resolveObjectType } from '../object-types.ts';
import type { Route, RouteContext } from '../router.ts';
import { asArray, asRecord, isoOf, requireParam, type RouteDeps } from './route-deps.ts';

const READ = () => ['crm.lists.read', 'crm.lists.write'];
const WRITE = () => ['crm.lists.write'];

/** Lists v3: create/read/delete lists and change manual memberships (`PUT …/memberships/add`, body a bare array). */
export function listRoutes(deps: RouteDeps): Route[] {
  const view = (list: CrmList) => ({
    listId: list.listId,
    listVersion: list.listVersion,
    name: list.name,
    objectTypeId: list.objectTypeId,
    processingType: list.processingType,
    processingStatus: 'COMPLETE',
    createdAt: isoOf(list.createdAt),
    updatedAt: isoOf(list.updatedAt),
    size: list.members.size,
  });
  const listParam = (ctx: RouteContext) => {
    const id = requireParam(ctx.params, 'listId');
    const list = deps.store.lists.get(id);
    if (!list) throw notFound(`List does not exist with ID ${id}.`);
    return list;
  };
  const manual = (list: CrmList) => {
    // [UNVERIFIED wording] Memberships of an active (DYNAMIC) list are computed by HubSpot, not set by clients.
    if (list.processingType === 'DYNAMIC') throw validationError(`List ${list.listId} is a DYNAMIC list; memberships can only be changed on MANUAL or SNAPSHOT lists.`);
    return list;
  };
  const ids = (body: unknown) => asArray(body, 'body').map(String);
  /** Ids of live records of the list's object type; the rest are reported as missing. */
  const split = (list: CrmList, wanted: string[]) => {
    const type = resolveObjectType(deps.store.types, list.objectTypeId);
    const present = wanted.filter((id) => type !== undefined && deps.store.records.get(type.name, id) !== undefined);
    return { present, missing: wanted.filter((id) => !present.includes(id)) };
  };

  return [
    {
      method: 'POST',
      pattern: '/crm/v3/lists',
      auth: 'bearer',
      scopes: WRITE,
      handler: (ctx) => {
        const body = asRecord(ctx.body, 'body');
        const name = typeof body.name === 'string' ? body.name : '';
        const objectTypeId = typeof body.objectTypeId === 'string' ? body.objectTypeId : '';
        const processingType = body.processingType;
        if (!name) throw validationError('name is required');
        if (!resolveObjectType(deps.store.types, objectTypeId)) throw validationError(`Unknown objectTypeId ${objectTypeId}`);
        if (processingType !== 'MANUAL' && processingType !== 'DYNAMIC' && processingType !== 'SNAPSHOT') {
          throw validationError(`processingType must be one of MANUAL, DYNAMIC, SNAPSHOT`);
        }
        if (deps.store.lists.byName(objectTypeId, name)) throw validationError(`A list named ${name} already exists.`);
        const list = deps.store.lists.create({ name, objectTypeId, processingType });
        return { status: 200, body: { list: view(list) } };
      },
    },
    {
      method: 'GET',
      pattern: '/crm/v3/lists/object-type-id/:objectTypeId/name/:listName',
      auth: 'bearer',
      scopes: READ,
      handler: (ctx) => {
        const list = deps.store.lists.byName(requireParam(ctx.params, 'objectTypeId'), requireParam(ctx.params, 'listName'));
        if (!list) throw notFound(`List does not exist with name ${ctx.params.listName ?? ''}.`);
        return { status: 200, body: { list: view(list) } };
      },
    },
    {
      method: 'GET',
      pattern: '/crm/v3/lists/:listId',
      auth: 'bearer',
      scopes: READ,
      handler: (ctx) => ({ status: 200, body: { list: view(listParam(ctx)) } }),
    },
    {
      method: 'DELETE',
      pattern: '/crm/v3/lists/:listId',
      auth: 'bearer',
      scopes: WRITE,
      handler: (ctx) => {
        deps.store.lists.delete(listParam(ctx).listId);
        return { status: 204 };
      },
    },
    {
      method: 'PUT',
      pattern: '/crm/v3/lists/:listId/memberships/add',
      auth: 'bearer',
      scopes: WRITE,
      handler: (ctx) => {
        const list = manual(listParam(ctx));
        const { present, missing } = split(list, ids(ctx.body));
        const added = deps.store.lists.add(list, present);
        // The misspelt `recordsIdsAdded` is HubSpot's (spec and SDK model); `recordIdsAdded` would be dropped by the SDK.
        return { status: 200, body: { recordsIdsAdded: added, recordIdsRemoved: [], recordIdsMissing: missing } };
      },
    },
    {
      method: 'PUT',
      pattern: '/crm/v3/lists/:listId/memberships/remove',
      auth: 'bearer',
      scopes: WRITE,
      handler: (ctx) => {
        const list = manual(listParam(ctx));
        const wanted = ids(ctx.body);
        const removed = deps.store.lists.remove(list, wanted);
        return { status: 200, body: { recordsIdsAdded: [], recordIdsRemoved: removed, recordIdsMissing: wanted.filter((id) => !removed.includes(id)) } };
      },
    },
    {
      method: 'PUT',
      pattern: '/crm/v3/lists/:listId/memberships/add-and-remove',
      auth: 'bearer',
      scopes: WRITE,
      handler: (ctx) => {
        const list = manual(listParam(ctx));
        const body = asRecord(ctx.body, 'body');
        const toAdd = asArray(body.recordIdsToAdd ?? [], 'recordIdsToAdd').map(String);
        const toRemove = asArray(body.recordIdsToRemove ?? [], 'recordIdsToRemove').map(String);
        const { present, missing } = split(list, toAdd);
        const removed = deps.store.lists.remove(list, toRemove);
        const added = deps.store.lists.add(list, present);
        return { status: 200, body: { recordsIdsAdded: added, recordIdsRemoved: removed, recordIdsMissing: missing } };
      },
    },
    {
      method: 'DELETE',
      pattern: '/crm/v3/lists/:listId/memberships',
      auth: 'bearer',
      scopes: WRITE,
      handler: (ctx) => {
        const list = manual(listParam(ctx));
        deps.store.lists.remove(list, deps.store.lists.memberIds(list));
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: '/crm/v3/lists/:listId/memberships',
      auth: 'bearer',
      scopes: READ,
      handler: (ctx) => {
        const list = listParam(ctx);
        const limit = Number(ctx.query.get('limit') ?? 100);
        if (!Number.isInteger(limit) || limit < 1 || limit > 250) throw validationError('limit must be between 1 and 250');
        const offset = Number(ctx.query.get('after') ?? 0);
        const all = deps.store.lists.memberIds(list);
        const page = all.slice(offset, offset + limit);
        const next = offset + limit < all.length ? String(offset + limit) : undefined;
        return {
          status: 200,
          body: {
            total: all.length,
            results: page.map((recordId) => ({ recordId, membershipTimestamp: isoOf(list.members.get(recordId) ?? list.createdAt) })),
            ...(next ? { paging: { next: { after: next } } } : {}),
          },
        };
      },
    },
    {
      method: 'GET',
      pattern: '/crm/v3/lists/records/:objectTypeId/:recordId/memberships',
      auth: 'bearer',
      scopes: READ,
      handler: (ctx) => {
        const objectTypeId = requireParam(ctx.params, 'objectTypeId');
        const recordId = requireParam(ctx.params, 'recordId');
        const results = deps.store.lists
          .all()
          .filter((l) => l.objectTypeId === objectTypeId && l.members.has(recordId))
          .map((l) => ({ listId: l.listId, listVersion: l.listVersion, firstAddedTimestamp: isoOf(l.members.get(recordId) ?? l.createdAt), lastAddedTimestamp: isoOf(l.members.get(recordId) ?? l.createdAt) }));
        return { status: 200, body: { total: results.length, results } };
      },
    },
  ];
}
