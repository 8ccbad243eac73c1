import { conflict, notFound, validationError } from '../errors.ts';
import type { PropertyDefinition, PropertyKind } from '../object-types.ts';
import type { Route } from '../router.ts';
import { asRecord, objectTypeParam, requireParam, type RouteDeps } from './route-deps.ts';

/** HubSpot's property `type` → the simulator's kind [DOC properties API: string, number, date, datetime, enumeration, bool]. */
const KIND_BY_TYPE: Record<string, PropertyKind> = { string: 'string', number: 'number', date: 'datetime', datetime: 'datetime', enumeration: 'enumeration', bool: 'bool' };
const TYPE_BY_KIND: Record<PropertyKind, string> = { string: 'string', number: 'number', datetime: 'datetime', enumeration: 'enumeration', bool: 'bool' };

/** Custom properties need the object's schema scope [DOC properties guide]; engagements use the contacts schema scopes. */
function schemaScopes(type: string | undefined, access: 'read' | 'write'): readonly string[] {
  const object = type === 'deals' || type === 'deal' || type === '0-3' ? 'deals' : type === 'companies' || type === 'company' || type === '0-2' ? 'companies' : 'contacts';
  return access === 'write' ? [`crm.schemas.${object}.write`] : [`crm.schemas.${object}.read`, `crm.schemas.${object}.write`];
}

function view(name: string, p: PropertyDefinition & { hasUniqueValue?: boolean; label?: string; groupName?: string }) {
  return {
    name,
    label: p.label ?? name,
    type: TYPE_BY_KIND[p.kind],
    fieldType: p.kind === 'enumeration' ? 'select' : p.kind === 'bool' ? 'booleancheckbox' : p.kind === 'number' ? 'number' : 'text',
    groupName: p.groupName ?? 'information',
    hasUniqueValue: p.hasUniqueValue === true,
    modificationMetadata: { readOnlyValue: p.readOnly === true, readOnlyDefinition: p.readOnly === true, archivable: p.readOnly !== true },
    ...(p.options ? { options: p.options.map((o, i) => ({ label: o, value: o, displayOrder: i, hidden: false })) } : {}),
  };
}

/** `GET /crm/v3/properties/{objectType}/{name}` and `POST /crm/v3/properties/{objectType}`: what `pathwise install` uses. */
export function propertyRoutes(deps: RouteDeps): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/crm/v3/properties/:type/:name',
      auth: 'bearer',
      scopes: (p) => schemaScopes(p.type, 'read'),
      handler: (ctx) => {
        const type = objectTypeParam(deps, ctx.params.type);
        const name = requireParam(ctx.params, 'name');
        const p = type.properties[name];
        if (!p) throw notFound(`Unable to find property ${name} on object type ${type.objectTypeId}`);
        return { status: 200, body: view(name, p) };
      },
    },
    {
      method: 'POST',
      pattern: '/crm/v3/properties/:type',
      auth: 'bearer',
      scopes: (p) => schemaScopes(p.type, 'write'),
      handler: (ctx) => {
        const type = objectTypeParam(deps, ctx.params.type);
        const body = asRecord(ctx.body, 'body');
        const name = typeof body.name === 'string' ? body.name : '';
        if (!/^[a-z][a-z0-9_]*$/.test(name)) throw validationError(`name must be lowercase letters, digits and underscores, got "${name}"`);
        const kind = KIND_BY_TYPE[String(body.type)];
        if (!kind) throw validationError(`type must be one of ${Object.keys(KIND_BY_TYPE).join(', ')}, got ${JSON.stringify(body.type)}`);
        if (typeof body.label !== 'string' || typeof body.groupName !== 'string' || typeof body.fieldType !== 'string') throw validationError('label, groupName and fieldType are required');
        if (type.properties[name]) throw conflict(`Property ${name} already exists on ${type.objectTypeId}`);
        const definition = { kind, label: body.label, groupName: body.groupName, ...(body.hasUniqueValue === true ? { hasUniqueValue: true } : {}) };
        deps.store.defineProperty(type.name, name, definition as PropertyDefinition);
        return { status: 201, body: view(name, definition) };
      },
    },
  ];
}
