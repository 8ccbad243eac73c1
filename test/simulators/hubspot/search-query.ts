import type { CrmRecord } from './crm-records.ts';
import { validationError } from './errors.ts';
import type { ObjectTypeDefinition, PropertyDefinition } from './object-types.ts';
import { arrayOrEmpty, isObject, objectOrEmpty } from './json-shape.ts';
import { parseDatetime } from './property-values.ts';

/** Limits of `POST /crm/v3/objects/{type}/search` [DOC search guide "Limits"]. */
export const SEARCH_LIMITS = {
  maxPageSize: 200,
  defaultPageSize: 10,
  /** Paging past this many results answers 400. */
  maxResults: 10_000,
  maxFilterGroups: 5,
  maxFiltersPerGroup: 6,
  maxFilters: 18,
  maxQueryLength: 3000,
} as const;

const OPERATORS = ['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN'] as const;
type Operator = (typeof OPERATORS)[number];

function isOperator(value: string): value is Operator {
  return OPERATORS.some((o) => o === value);
}

export interface SearchFilter {
  propertyName: string;
  operator: Operator;
  value?: string;
  highValue?: string;
  values?: string[];
}

export interface SearchRequest {
  filterGroups: SearchFilter[][];
  sort: { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' } | undefined;
  query: string | undefined;
  properties: string[] | undefined;
  limit: number;
  offset: number;
}

/** Answers `associations.contact EQ 51`: the ids a record is associated with, by target type. */
export type AssociatedIds = (record: CrmRecord, targetSingularOrPlural: string) => string[];

function str(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

/** Validates and normalises a request body; the error texts are the simulator's [UNVERIFIED wording]. */
export function parseSearchRequest(type: ObjectTypeDefinition, raw: unknown): SearchRequest {
  const body = objectOrEmpty(raw);
  const limit = body.limit === undefined ? SEARCH_LIMITS.defaultPageSize : Number(body.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_LIMITS.maxPageSize) {
    throw validationError(`limit must be between 1 and ${SEARCH_LIMITS.maxPageSize}, got ${String(body.limit)}`);
  }
  const afterRaw = body.after === undefined || body.after === null || body.after === '' ? '0' : String(body.after);
  if (!/^\d+$/.test(afterRaw)) throw validationError(`after must be an integer, got ${afterRaw}`);
  const offset = Number(afterRaw);
  if (offset >= SEARCH_LIMITS.maxResults) {
    // [DOC] "Attempting to page beyond 10,000 will result in a 400 error" [UNVERIFIED message text].
    throw validationError(`Paging beyond ${SEARCH_LIMITS.maxResults} results is not supported: after=${afterRaw}. Narrow the search (for example by a date filter) instead.`);
  }
  const query = str(body.query);
  if (query !== undefined && query.length > SEARCH_LIMITS.maxQueryLength) throw validationError(`query exceeds ${SEARCH_LIMITS.maxQueryLength} characters`);

  const groupsRaw = arrayOrEmpty(body.filterGroups);
  // HubSpot also accepts a bare top-level `filters` array (documented association example).
  if (groupsRaw.length === 0 && Array.isArray(body.filters)) groupsRaw.push({ filters: body.filters });
  if (groupsRaw.length > SEARCH_LIMITS.maxFilterGroups) throw validationError(`Too many filter groups: at most ${SEARCH_LIMITS.maxFilterGroups} are allowed`);
  let total = 0;
  const filterGroups = groupsRaw.map((g) => {
    const filters = objectOrEmpty(g).filters ?? [];
    if (!Array.isArray(filters)) throw validationError('filterGroups[].filters must be an array');
    if (filters.length > SEARCH_LIMITS.maxFiltersPerGroup) throw validationError(`Too many filters in a group: at most ${SEARCH_LIMITS.maxFiltersPerGroup} are allowed`);
    total += filters.length;
    return filters.map((f) => parseFilter(type, f));
  });
  if (total > SEARCH_LIMITS.maxFilters) throw validationError(`Too many filters: at most ${SEARCH_LIMITS.maxFilters} are allowed`);

  const sortsRaw = arrayOrEmpty(body.sorts);
  let sort: SearchRequest['sort'];
  const first = sortsRaw[0];
  // The SDK types sorts as strings ("lastmodifieddate", ascending); the documented form is an object.
  if (typeof first === 'string') sort = { propertyName: first, direction: 'ASCENDING' };
  else if (isObject(first)) {
    const s = first;
    sort = { propertyName: String(s.propertyName ?? ''), direction: s.direction === 'DESCENDING' ? 'DESCENDING' : 'ASCENDING' };
  }
  if (sort && !type.properties[sort.propertyName]) throw validationError(`Cannot sort by unknown property ${sort.propertyName}`);
  // An empty list means "the defaults", as the SDK always sends `properties`.
  const properties = Array.isArray(body.properties) && body.properties.length > 0 ? body.properties.map(String) : undefined;
  return { filterGroups, sort, query, properties, limit, offset };
}

function parseFilter(type: ObjectTypeDefinition, raw: unknown): SearchFilter {
  const f = objectOrEmpty(raw);
  const propertyName = String(f.propertyName ?? '');
  const operator = String(f.operator ?? 'EQ');
  if (!isOperator(operator)) throw validationError(`Unknown filter operator ${operator}`);
  if (!propertyName.startsWith('associations.') && !type.properties[propertyName]) {
    throw validationError(`There was a problem with the request: property ${propertyName} does not exist on ${type.name}`);
  }
  const op = operator;
  const filter: SearchFilter = { propertyName, operator: op };
  const value = str(f.value);
  const highValue = str(f.highValue);
  if (value !== undefined) filter.value = value;
  if (highValue !== undefined) filter.highValue = highValue;
  if (Array.isArray(f.values)) filter.values = f.values.map(String);
  const needsValue = !['HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'IN', 'NOT_IN'].includes(op);
  if (needsValue && filter.value === undefined) throw validationError(`Filter on ${propertyName} with ${op} needs a value`);
  if (op === 'BETWEEN' && filter.highValue === undefined) throw validationError(`Filter on ${propertyName} with BETWEEN needs a highValue`);
  if ((op === 'IN' || op === 'NOT_IN') && !filter.values) throw validationError(`Filter on ${propertyName} with ${op} needs values`);
  return filter;
}

/** Comparable form of a stored or filter value, by property kind. */
function comparable(def: PropertyDefinition | undefined, v: string): number | string | undefined {
  if (def?.kind === 'datetime') return parseDatetime(v);
  if (def?.kind === 'number') return Number.isFinite(Number(v)) ? Number(v) : undefined;
  // Filters on text are case-insensitive, except enumerations [DOC search guide].
  return def?.kind === 'enumeration' ? v : v.toLowerCase();
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function tokens(value: string): string[] {
  const lower = value.toLowerCase();
  return [lower, ...lower.split(/[\s,;]+/), ...lower.split(/[^a-z0-9]+/)].filter((t) => t.length > 0);
}

function tokenMatch(stored: string, wanted: string): boolean {
  const w = wanted.toLowerCase();
  if (!w.includes('*')) return tokens(stored).includes(w);
  const re = new RegExp(`^${w.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return tokens(stored).some((t) => re.test(t));
}

/** IN on text matches the lower-cased stored value against the values as sent (which must be lower case) [DOC]. */
function inMatch(def: PropertyDefinition | undefined, stored: string, values: readonly string[]): boolean {
  if (def?.kind === 'number' || def?.kind === 'datetime') {
    const left = comparable(def, stored);
    return values.some((v) => {
      const right = comparable(def, v);
      return left !== undefined && right !== undefined && compare(left, right) === 0;
    });
  }
  return values.includes(def?.kind === 'enumeration' ? stored : stored.toLowerCase());
}

function matches(type: ObjectTypeDefinition, record: CrmRecord, f: SearchFilter, associated: AssociatedIds): boolean {
  if (f.propertyName.startsWith('associations.')) {
    const ids = associated(record, f.propertyName.slice('associations.'.length));
    if (f.operator === 'EQ') return f.value !== undefined && ids.includes(f.value);
    if (f.operator === 'IN') return (f.values ?? []).some((v) => ids.includes(v));
    if (f.operator === 'NEQ') return f.value === undefined || !ids.includes(f.value);
    if (f.operator === 'HAS_PROPERTY') return ids.length > 0;
    if (f.operator === 'NOT_HAS_PROPERTY') return ids.length === 0;
    return false;
  }
  const def = type.properties[f.propertyName];
  const stored = record.properties[f.propertyName];
  switch (f.operator) {
    case 'HAS_PROPERTY':
      return stored !== undefined;
    case 'NOT_HAS_PROPERTY':
      return stored === undefined;
    case 'NEQ':
    case 'NOT_IN':
    case 'NOT_CONTAINS_TOKEN': {
      if (stored === undefined) return true;
      const positive: SearchFilter = { ...f, operator: f.operator === 'NEQ' ? 'EQ' : f.operator === 'NOT_IN' ? 'IN' : 'CONTAINS_TOKEN' };
      return !matches(type, record, positive, associated);
    }
    default:
      break;
  }
  if (stored === undefined) return false;
  if (f.operator === 'CONTAINS_TOKEN') return tokenMatch(stored, f.value ?? '');
  if (f.operator === 'IN') return inMatch(def, stored, f.values ?? []);
  const left = comparable(def, stored);
  const right = comparable(def, f.value ?? '');
  if (left === undefined || right === undefined) return false;
  const c = compare(left, right);
  switch (f.operator) {
    case 'EQ':
      return c === 0;
    case 'LT':
      return c < 0;
    case 'LTE':
      return c <= 0;
    case 'GT':
      return c > 0;
    case 'GTE':
      return c >= 0;
    case 'BETWEEN': {
      const high = comparable(def, f.highValue ?? '');
      return high !== undefined && c >= 0 && compare(left, high) <= 0;
    }
    default:
      return false;
  }
}

export interface SearchPage {
  total: number;
  records: CrmRecord[];
  /** The `after` of the next page, when there is one. */
  nextAfter: string | undefined;
}

/**
 * Filters (OR of AND groups), free-text query, one sort (creation order by default, ties by id),
 * then one page. Records without the sort property go last in either direction.
 */
export function runSearch(type: ObjectTypeDefinition, records: readonly CrmRecord[], request: SearchRequest, associated: AssociatedIds): SearchPage {
  let hits = records.filter(
    (r) => request.filterGroups.length === 0 || request.filterGroups.some((group) => group.every((f) => matches(type, r, f, associated))),
  );
  if (request.query) {
    const q = request.query.toLowerCase();
    hits = hits.filter((r) => type.searchableProperties.some((p) => r.properties[p]?.toLowerCase().includes(q)));
  }
  const sort = request.sort;
  const ordered = [...hits].sort((a, b) => {
    if (sort) {
      const def = type.properties[sort.propertyName];
      const av = a.properties[sort.propertyName];
      const bv = b.properties[sort.propertyName];
      if (av === undefined || bv === undefined) {
        if (av !== bv) return av === undefined ? 1 : -1;
      } else {
        const c = compare(comparable(def, av) ?? av, comparable(def, bv) ?? bv);
        if (c !== 0) return sort.direction === 'DESCENDING' ? -c : c;
      }
    } else if (a.createdAt !== b.createdAt) {
      return a.createdAt - b.createdAt;
    }
    return Number(a.id) - Number(b.id);
  });
  const page = ordered.slice(request.offset, request.offset + request.limit);
  const end = request.offset + page.length;
  return { total: ordered.length, records: page, nextAfter: end < ordered.length ? String(end) : undefined };
}
