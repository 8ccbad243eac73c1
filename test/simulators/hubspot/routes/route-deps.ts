import type { SimClock } from '../clock.ts';
import { notFound, validationError } from '../errors.ts';
import { isObject } from '../json-shape.ts';
import { resolveObjectType, type ObjectTypeDefinition } from '../object-types.ts';
import type { HubspotStore } from '../store.ts';
import type { TokenRegistry } from '../tokens.ts';

/** What every route module needs from the simulator. */
export interface RouteDeps {
  store: HubspotStore;
  tokens: TokenRegistry;
  clock: SimClock;
  portalId: number;
  /** The account's IANA time zone (`GET /account-info/v3/details`; the daily limit resets at its midnight). */
  accountTimeZone: string;
  appId: number;
  /** HubSpot only accepts https webhook target URLs; tests may relax it. */
  requireHttpsTargetUrl: boolean;
  /** Records written less than this long ago are not yet visible to search. */
  searchIndexDelayMs: number;
}

/** The object type named in a path, or HubSpot's 400 for an unknown one [UNVERIFIED wording]. */
export function objectTypeParam(deps: RouteDeps, raw: string | undefined): ObjectTypeDefinition {
  const type = raw === undefined ? undefined : resolveObjectType(deps.store.types, raw);
  if (!type) throw validationError(`Unable to infer object type from: ${raw ?? ''}`);
  return type;
}

/** Engagements (tasks, emails, notes) use the contacts scopes [DOC tasks guide "Scope requirements"]. */
export function objectScopes(typeName: string | undefined, access: 'read' | 'write'): readonly string[] {
  const scopeObject = typeName === 'companies' || typeName === 'company' || typeName === '0-2' ? 'companies' : typeName === 'deals' || typeName === 'deal' || typeName === '0-3' ? 'deals' : 'contacts';
  const write = `crm.objects.${scopeObject}.write`;
  return access === 'write' ? [write] : [`crm.objects.${scopeObject}.read`, write];
}

export function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (!isObject(value)) throw validationError(`Invalid input JSON: ${what} must be an object`);
  return value;
}

export function asArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw validationError(`Invalid input JSON: ${what} must be an array`);
  return value;
}

export function requireParam(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined) throw notFound();
  return value;
}

/** `properties=a,b` and repeated `properties=a&properties=b` are both accepted by HubSpot. */
export function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const all = query.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
  return all.length > 0 ? all : undefined;
}

export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}
