import { planAssociations } from '../association-input.ts';
import type { CrmRecord } from '../crm-records.ts';
import { conflict, notFound, validationError } from '../errors.ts';
import type { ObjectTypeDefinition } from '../object-types.ts';
import { viewRecord } from '../object-view.ts';
import type { Route, RouteContext } from '../router.ts';
import { asArray, asRecord, isoOf, listParam, objectScopes, objectTypeParam, requireParam, type RouteDeps } from './route-deps.ts';

const BATCH_MAX = 100;
const LIST_MAX = 100;

function propertiesOf(value: unknown): Record<string, unknown> {
  return value === undefined ? {} : asRecord(value, 'properties');
}

function batchInputs(body: unknown): Record<string, unknown>[] {
  const inputs = asArray(asRecord(body, 'body').inputs, 'inputs').map((i) => asRecord(i, 'inputs[]'));
  if (inputs.length > BATCH_MAX) throw validationError(`Batch input limit exceeded: at most ${BATCH_MAX} inputs are allowed, got ${inputs.length}`);
  return inputs;
}

function batchResult(startedAt: number, now: number, results: unknown[], errors: unknown[]) {
  const base = { status: 'COMPLETE', results, startedAt: isoOf(startedAt), completedAt: isoOf(now) };
  return errors.length > 0 ? { ...base, numErrors: errors.length, errors } : base;
}

function notFoundInBatch(type: ObjectTypeDefinition, ids: string[]) {
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `Could not get some ${type.singular.toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
    context: { ids },
  };
}

/**
 * Whether `idProperty` can name a record of `type`: contacts by email, or any property with
 * `hasUniqueValue`. Other properties are refused [UNVERIFIED wording of HubSpot's 400].
 */
function assertIdProperty(type: ObjectTypeDefinition, idProperty: string): void {
  if (type.name === 'contacts' && idProperty === 'email') return;
  if (type.properties[idProperty]?.hasUniqueValue) return;
  throw validationError(`${idProperty} is not a unique identifier property of ${type.name}; idProperty must be hs_object_id or a property with hasUniqueValue`);
}

/**
 * Reads one record by id or by a unique property (`idProperty=email`, or a `hasUniqueValue`
 * property). Such a read looks the record up directly, so unlike search it sees a write at once.
 */
function lookup(deps: RouteDeps, type: ObjectTypeDefinition, id: string, idProperty: string | null, archived = false): CrmRecord | undefined {
  if (idProperty && idProperty !== 'hs_object_id') {
    assertIdProperty(type, idProperty);
    if (archived) return undefined;
    return idProperty === 'email' ? deps.store.records.findBy(type.name, idProperty, id) : deps.store.records.findUnique(type.name, idProperty, id);
  }
  return deps.store.records.get(type.name, id, { archived });
}

/** Two inputs of one batch may not claim the same unique value (they would both be created otherwise). */
function assertDistinctUniqueValues(type: ObjectTypeDefinition, inputs: readonly Record<string, unknown>[]): void {
  const seen = new Set<string>();
  for (const input of inputs) {
    for (const [name, value] of Object.entries(propertiesOf(input.properties))) {
      if (!type.properties[name]?.hasUniqueValue || value === null || value === undefined || value === '') continue;
      const key = `${name}\u0000${String(value)}`;
      // [UNVERIFIED wording] HubSpot refuses the batch; the simulator answers as for an existing duplicate.
      if (seen.has(key)) throw conflict(`Duplicate value ${String(value)} for unique property ${name} in batch input`);
      seen.add(key);
    }
  }
}

function create(deps: RouteDeps, type: ObjectTypeDefinition, input: Record<string, unknown>): CrmRecord {
  const planned = planAssociations(deps.store, type, input.associations);
  const record = deps.store.records.create(type.name, propertiesOf(input.properties));
  for (const p of planned) deps.store.associations.add(p.type, record.id, p.toId);
  return record;
}

export function objectRoutes(deps: RouteDeps): Route[] {
  const read = (p: Record<string, string>) => objectScopes(p.type, 'read');
  const write = (p: Record<string, string>) => objectScopes(p.type, 'write');
  const typeOf = (ctx: RouteContext) => objectTypeParam(deps, ctx.params.type);

  return [
    {
      method: 'POST',
      pattern: '/crm/v3/objects/:type/batch/create',
      auth: 'bearer',
      scopes: write,
      handler: (ctx) => {
        const type = typeOf(ctx);
        const startedAt = deps.clock.now();
        const inputs = batchInputs(ctx.body);
        // Validate everything first: HubSpot rejects the whole batch when one input is invalid.
        for (const input of inputs) {
          deps.store.records.checkWrite(type.name, propertiesOf(input.properties), undefined);
          planAssociations(deps.store, type, input.associations);
        }
        assertDistinctUniqueValues(type, inputs);
        const records = inputs.map((input) => create(deps, type, input));
        return { status: 201, body: batchResult(startedAt, deps.clock.now(), records.map((r) => viewRecord(deps.store, type, r, { properties: 'all' })), []) };
      },
    },
    {
      method: 'POST',
      pattern: '/crm/v3/objects/:type/batch/read',
      auth: 'bearer',
      scopes: read,
      handler: (ctx) => {
        const type = typeOf(ctx);
        const startedAt = deps.clock.now();
        const body = asRecord(ctx.body, 'body');
        const idProperty = typeof body.idProperty === 'string' ? body.idProperty : null;
        const properties = Array.isArray(body.properties) ? body.properties.map(String) : undefined;
        const archived = ctx.query.get('archived') === 'true';
        const found: unknown[] = [];
        const missing: string[] = [];
        for (const input of batchInputs(ctx.body)) {
          const id = String(input.id ?? '');
          const record = lookup(deps, type, id, idProperty, archived);
          if (record) found.push(viewRecord(deps.store, type, record, { properties }));
          else missing.push(id);
        }
        const errors = missing.length > 0 ? [notFoundInBatch(type, missing)] : [];
        return { status: errors.length > 0 ? 207 : 200, body: batchResult(startedAt, deps.clock.now(), found, errors) };
      },
    },
    {
      method: 'POST',
      pattern: '/crm/v3/objects/:type/batch/update',
      auth: 'bearer',
      scopes: write,
      handler: (ctx) => {
        const type = typeOf(ctx);
        const startedAt = deps.clock.now();
        const inputs = batchInputs(ctx.body);
        const ids = inputs.map((input) => String(input.id ?? ''));
        const duplicates = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
        // [UNVERIFIED wording] HubSpot refuses a batch that names one record twice.
        if (duplicates.length > 0) throw validationError(`Duplicate IDs found in batch input: [${duplicates.join(', ')}]. IDs must be unique`);
        const missing: string[] = [];
        const found: Array<{ record: CrmRecord; properties: Record<string, unknown> }> = [];
        // Validate every input before writing any: one invalid value refuses the whole batch.
        for (const [i, input] of inputs.entries()) {
          const idProperty = typeof input.idProperty === 'string' ? input.idProperty : null;
          const record = lookup(deps, type, ids[i] ?? '', idProperty);
          if (!record) {
            missing.push(ids[i] ?? '');
            continue;
          }
          const properties = propertiesOf(input.properties);
          deps.store.records.checkWrite(type.name, properties, record.id);
          found.push({ record, properties });
        }
        const updated = found.map(({ record, properties }) => viewRecord(deps.store, type, deps.store.records.update(type.name, record.id, properties), { properties: 'all' }));
        const errors = missing.length > 0 ? [notFoundInBatch(type, missing)] : [];
        return { status: errors.length > 0 ? 207 : 200, body: batchResult(startedAt, deps.clock.now(), updated, errors) };
      },
    },
    {
      method: 'POST',
      pattern: '/crm/v3/objects/:type/batch/upsert',
      auth: 'bearer',
      scopes: write,
      handler: (ctx) => {
        const type = typeOf(ctx);
        const startedAt = deps.clock.now();
        const results: unknown[] = [];
        for (const input of batchInputs(ctx.body)) {
          const idProperty = typeof input.idProperty === 'string' ? input.idProperty : 'hs_object_id';
          const id = String(input.id ?? '');
          const existing = lookup(deps, type, id, idProperty);
          const properties = propertiesOf(input.properties);
          const record = existing
            ? deps.store.records.update(type.name, existing.id, properties)
            : deps.store.records.create(type.name, idProperty === 'hs_object_id' ? properties : { [idProperty]: id, ...properties });
          results.push({ ...viewRecord(deps.store, type, record, { properties: 'all' }), new: !existing });
        }
        return { status: 200, body: batchResult(startedAt, deps.clock.now(), results, []) };
      },
    },
    {
      method: 'POST',
      pattern: '/crm/v3/objects/:type/batch/archive',
      auth: 'bearer',
      scopes: write,
      handler: (ctx) => {
        const type = typeOf(ctx);
        for (const input of batchInputs(ctx.body)) deps.store.records.archive(type.name, String(input.id ?? ''));
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      pattern: '/crm/v3/objects/:type/merge',
      auth: 'bearer',
      scopes: write,
      handler: (ctx) => {
        const type = typeOf(ctx);
        const body = asRecord(ctx.body, 'body');
        const primaryId = String(body.primaryObjectId ?? '');
        const mergedId = String(body.objectIdToMerge ?? '');
        if (primaryId === mergedId) throw validationError('Cannot merge an object into itself');
        const merged = deps.store.records.require(type.name, mergedId);
        const survivor = deps.store.records.merge(type.name, primaryId, merged.id);
        deps.store.associations.reassign(type.name, merged.id, survivor.id);
        return { status: 200, body: viewRecord(deps.store, type, survivor, { properties: 'all' }) };
      },
    },
    {
      method: 'GET',
      pattern: '/crm/v3/objects/:type',
      auth: 'bearer',
      scopes: read,
      handler: (ctx) => {
        const type = typeOf(ctx);
        const limit = Number(ctx.query.get('limit') ?? 10);
        if (!Number.isInteger(limit) || limit < 1 || limit > LIST_MAX) throw validationError(`limit must be between 1 and ${LIST_MAX}`);
        const offset = Number(ctx.query.get('after') ?? 0);
        if (!Number.isInteger(offset) || offset < 0) throw validationError('after must be an integer');
        const all = deps.store.records.all(type.name, { archived: ctx.query.get('archived') === 'true' });
        const page = all.slice(offset, offset + limit);
        const options = { properties: listParam(ctx.query, 'properties'), associations: listParam(ctx.query, 'associations') };
        const next = offset + limit < all.length ? String(offset + limit) : undefined;
        return {
          status: 200,
          body: {
            results: page.map((r) => viewRecord(deps.store, type, r, options)),
            ...(next ? { paging: { next: { after: next, link: `?after=${next}` } } } : {}),
          },
        };
      },
    },
    {
      method: 'POST',
      pattern: '/crm/v3/objects/:type',
      auth: 'bearer',
      scopes: write,
      handler: (ctx) => {
        const type = typeOf(ctx);
        const record = create(deps, type, asRecord(ctx.body, 'body'));
        return { status: 201, body: viewRecord(deps.store, type, record, { properties: 'all' }) };
      },
    },
    {
      method: 'GET',
      pattern: '/crm/v3/objects/:type/:id',
      auth: 'bearer',
      scopes: read,
      handler: (ctx) => {
        const type = typeOf(ctx);
        const id = requireParam(ctx.params, 'id');
        const record = lookup(deps, type, id, ctx.query.get('idProperty'), ctx.query.get('archived') === 'true');
        if (!record) throw notFound('resource not found', { context: { id: [id] } });
        return {
          status: 200,
          body: viewRecord(deps.store, type, record, { properties: listParam(ctx.query, 'properties'), associations: listParam(ctx.query, 'associations') }),
        };
      },
    },
    {
      method: 'PATCH',
      pattern: '/crm/v3/objects/:type/:id',
      auth: 'bearer',
      scopes: write,
      handler: (ctx) => {
        const type = typeOf(ctx);
        const id = requireParam(ctx.params, 'id');
        const record = lookup(deps, type, id, ctx.query.get('idProperty'));
        if (!record) throw notFound('resource not found', { context: { id: [id] } });
        const updated = deps.store.records.update(type.name, record.id, propertiesOf(asRecord(ctx.body, 'body').properties));
        return { status: 200, body: viewRecord(deps.store, type, updated, { properties: 'all' }) };
      },
    },
    {
      method: 'DELETE',
      pattern: '/crm/v3/objects/:type/:id',
      auth: 'bearer',
      scopes: write,
      handler: (ctx) => {
        deps.store.records.archive(typeOf(ctx).name, requireParam(ctx.params, 'id'));
        return { status: 204 };
      },
    },
  ];
}
