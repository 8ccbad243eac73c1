import { invalidAssociationType } from '../association-input.ts';
import { defaultAssociationType, findAssociationType } from '../association-types.ts';
import { notFound, validationError } from '../errors.ts';
import type { ObjectTypeDefinition } from '../object-types.ts';
import type { Route, RouteContext } from '../router.ts';
import { asArray, asRecord, isoOf, objectScopes, objectTypeParam, requireParam, type RouteDeps } from './route-deps.ts';

/** v4 association reads, default and labelled creates, deletes; and the v3 reads (`…/associations/{toType}`, batch read). */
export function associationRoutes(deps: RouteDeps): Route[] {
  const pair = (ctx: RouteContext, fromKey: string, toKey: string) => {
    const from = objectTypeParam(deps, ctx.params[fromKey]);
    const to = objectTypeParam(deps, ctx.params[toKey]);
    return { from, to };
  };
  const existing = (type: ObjectTypeDefinition, id: string) => {
    const record = deps.store.records.get(type.name, id);
    if (!record) throw notFound(`${type.singular} ${id} not found`, { context: { id: [id] } });
    return record;
  };
  const write = (p: Record<string, string>) => objectScopes(p.fromObjectType ?? p.objectType, 'write');
  const read = (p: Record<string, string>) => objectScopes(p.objectType ?? p.fromObjectType, 'read');

  return [
    {
      method: 'PUT',
      pattern: '/crm/v4/objects/:fromObjectType/:fromObjectId/associations/default/:toObjectType/:toObjectId',
      auth: 'bearer',
      scopes: write,
      handler: (ctx) => {
        const startedAt = deps.clock.now();
        const { from, to } = pair(ctx, 'fromObjectType', 'toObjectType');
        const fromRecord = existing(from, requireParam(ctx.params, 'fromObjectId'));
        const toRecord = existing(to, requireParam(ctx.params, 'toObjectId'));
        const type = defaultAssociationType(from.name, to.name);
        if (!type) throw invalidAssociationType('default', from, to.name);
        const [forward, inverse] = deps.store.associations.add(type, fromRecord.id, toRecord.id);
        const view = (e: typeof forward) => ({ from: { id: e.fromId }, to: { id: e.toId }, associationSpec: { associationCategory: e.category, associationTypeId: e.typeId } });
        return { status: 200, body: { status: 'COMPLETE', results: [view(forward), view(inverse)], startedAt: isoOf(startedAt), completedAt: isoOf(deps.clock.now()) } };
      },
    },
    {
      method: 'PUT',
      pattern: '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId',
      auth: 'bearer',
      scopes: write,
      handler: (ctx) => {
        const { from, to } = pair(ctx, 'objectType', 'toObjectType');
        const fromRecord = existing(from, requireParam(ctx.params, 'objectId'));
        const toRecord = existing(to, requireParam(ctx.params, 'toObjectId'));
        const specs = asArray(ctx.body, 'body').map((s) => asRecord(s, 'association spec'));
        if (specs.length === 0) throw validationError('At least one association spec is required');
        for (const spec of specs) {
          const type = findAssociationType(from.name, to.name, Number(spec.associationTypeId));
          if (!type || spec.associationCategory !== 'HUBSPOT_DEFINED') throw invalidAssociationType(spec.associationTypeId, from, to.name);
          deps.store.associations.add(type, fromRecord.id, toRecord.id);
        }
        const labels = deps.store.associations
          .from(from.name, fromRecord.id, to.name)
          .filter((e) => e.toId === toRecord.id)
          .map((e) => findAssociationType(e.fromType, e.toType, e.typeId)?.label)
          .filter((l): l is string => typeof l === 'string');
        return {
          status: 201,
          body: { fromObjectTypeId: from.objectTypeId, fromObjectId: Number(fromRecord.id), toObjectTypeId: to.objectTypeId, toObjectId: Number(toRecord.id), labels },
        };
      },
    },
    {
      method: 'DELETE',
      pattern: '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId',
      auth: 'bearer',
      scopes: write,
      handler: (ctx) => {
        const { from, to } = pair(ctx, 'objectType', 'toObjectType');
        deps.store.associations.removeAll(from.name, requireParam(ctx.params, 'objectId'), to.name, requireParam(ctx.params, 'toObjectId'));
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType',
      auth: 'bearer',
      scopes: read,
      handler: (ctx) => {
        const { from, to } = pair(ctx, 'objectType', 'toObjectType');
        const record = existing(from, requireParam(ctx.params, 'objectId'));
        const grouped = new Map<string, Array<{ category: string; typeId: number; label: string | null }>>();
        for (const e of deps.store.associations.from(from.name, record.id, to.name)) {
          const list = grouped.get(e.toId) ?? [];
          list.push({ category: e.category, typeId: e.typeId, label: findAssociationType(e.fromType, e.toType, e.typeId)?.label ?? null });
          grouped.set(e.toId, list);
        }
        const all = [...grouped].map(([toId, associationTypes]) => ({ toObjectId: Number(toId), associationTypes }));
        const limit = Math.min(500, Number(ctx.query.get('limit') ?? 500));
        const offset = Number(ctx.query.get('after') ?? 0);
        const page = all.slice(offset, offset + limit);
        const next = offset + limit < all.length ? String(offset + limit) : undefined;
        return { status: 200, body: { results: page, ...(next ? { paging: { next: { after: next, link: `?after=${next}` } } } : {}) } };
      },
    },
    {
      method: 'GET',
      pattern: '/crm/v3/objects/:objectType/:objectId/associations/:toObjectType',
      auth: 'bearer',
      scopes: read,
      handler: (ctx) => {
        const { from, to } = pair(ctx, 'objectType', 'toObjectType');
        const record = existing(from, requireParam(ctx.params, 'objectId'));
        const results = deps.store.associations.from(from.name, record.id, to.name).map((e) => ({
          id: e.toId,
          type: findAssociationType(e.fromType, e.toType, e.typeId)?.name ?? String(e.typeId),
        }));
        return { status: 200, body: { results } };
      },
    },
    {
      method: 'POST',
      pattern: '/crm/v3/associations/:fromObjectType/:toObjectType/batch/read',
      auth: 'bearer',
      scopes: read,
      handler: (ctx) => {
        const startedAt = deps.clock.now();
        const { from, to } = pair(ctx, 'fromObjectType', 'toObjectType');
        const inputs = asArray(asRecord(ctx.body, 'body').inputs, 'inputs').map((i) => String(asRecord(i, 'inputs[]').id ?? ''));
        const results: unknown[] = [];
        const errors: unknown[] = [];
        for (const id of inputs) {
          const edges = deps.store.associations.from(from.name, id, to.name);
          if (edges.length === 0) {
            errors.push({ status: 'error', category: 'OBJECT_NOT_FOUND', message: `No ${to.singular} is associated with ${from.singular} ${id}.`, context: { fromObjectId: [id] } });
            continue;
          }
          results.push({ from: { id }, to: edges.map((e) => ({ id: e.toId, type: findAssociationType(e.fromType, e.toType, e.typeId)?.name ?? String(e.typeId) })) });
        }
        const body = { status: 'COMPLETE', results, startedAt: isoOf(startedAt), completedAt: isoOf(deps.clock.now()) };
        return errors.length > 0 ? { status: 207, body: { ...body, numErrors: errors.length, errors } } : { status: 200, body };
      },
    },
  ];
}
