import { notFound, validationError } from '../errors.ts';
import type { Owner } from '../owner-store.ts';
import type { Route } from '../router.ts';
import { isoOf, requireParam, type RouteDeps } from './route-deps.ts';

const SCOPES = () => ['crm.objects.owners.read'];

export function ownerView(o: Owner) {
  return {
    id: o.id,
    email: o.email,
    type: o.type,
    firstName: o.firstName,
    lastName: o.lastName,
    userId: o.userId,
    userIdIncludingInactive: o.userIdIncludingInactive,
    createdAt: isoOf(o.createdAt),
    updatedAt: isoOf(o.updatedAt),
    archived: o.archived,
    teams: o.teams,
  };
}

/** `GET /crm/v3/owners/` (the SDK sends the trailing slash) and `GET /crm/v3/owners/{ownerId}`. */
export function ownerRoutes(deps: RouteDeps): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/crm/v3/owners',
      auth: 'bearer',
      scopes: SCOPES,
      handler: (ctx) => {
        const limit = Number(ctx.query.get('limit') ?? 100);
        if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw validationError('limit must be between 1 and 500');
        const offset = Number(ctx.query.get('after') ?? 0);
        const archived = ctx.query.get('archived') === 'true';
        const email = ctx.query.get('email')?.toLowerCase();
        const all = deps.store.owners.list().filter((o) => o.archived === archived && (email === undefined || o.email.toLowerCase() === email));
        const page = all.slice(offset, offset + limit);
        const next = offset + limit < all.length ? String(offset + limit) : undefined;
        return { status: 200, body: { results: page.map(ownerView), ...(next ? { paging: { next: { after: next, link: `?after=${next}` } } } : {}) } };
      },
    },
    {
      method: 'GET',
      pattern: '/crm/v3/owners/:ownerId',
      auth: 'bearer',
      scopes: SCOPES,
      handler: (ctx) => {
        const raw = requireParam(ctx.params, 'ownerId');
        const byUser = ctx.query.get('idProperty') === 'userId';
        const archived = ctx.query.get('archived') === 'true';
        const owner = deps.store.owners.list().find((o) => (byUser ? String(o.userId) === raw : o.id === raw) && o.archived === archived);
        if (!owner) throw notFound(`Owner ${raw} not found`);
        return { status: 200, body: ownerView(owner) };
      },
    },
  ];
}
