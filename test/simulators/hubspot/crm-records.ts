import type { ChangeLog, ChangeSource } from './change-log.ts';
import { conflict, notFound } from './errors.ts';
import type { ObjectTypeDefinition, ObjectTypeName } from './object-types.ts';
import { normaliseProperties, parseDatetime } from './property-values.ts';

/** A CRM object as the simulator stores it; `properties` only holds values that are set. */
export interface CrmRecord {
  id: string;
  type: ObjectTypeName;
  properties: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  archivedAt?: number;
  /** Set on a contact merged away into another: reads of this id answer with the survivor. */
  mergedInto?: string;
}

export interface WriteOptions {
  /** Reported as the webhook `changeSource`. Default `API`. */
  source?: ChangeSource;
  /** Skip validation: seeds may set read-only properties (a historical `lastmodifieddate`). Default false. */
  trusted?: boolean;
  /** Timestamp of the write instead of the clock (seeding history). */
  at?: number;
}

interface Deps {
  types: ReadonlyMap<ObjectTypeName, ObjectTypeDefinition>;
  changes: ChangeLog;
  now: () => number;
  ownerIds: () => ReadonlySet<string>;
  nextId: () => string;
}

/** Contacts, companies, deals, tasks, emails and notes, with HubSpot's system properties kept up to date. */
export class CrmRecords {
  readonly #records = new Map<string, CrmRecord>();
  readonly #deps: Deps;

  constructor(deps: Deps) {
    this.#deps = deps;
  }

  #type(name: ObjectTypeName): ObjectTypeDefinition {
    const t = this.#deps.types.get(name);
    if (!t) throw new Error(`unknown object type ${name}`);
    return t;
  }

  #key(type: ObjectTypeName, id: string): string {
    return `${type}/${id}`;
  }

  #clean(type: ObjectTypeDefinition, input: Record<string, unknown>, options: WriteOptions, creating: boolean) {
    if (options.trusted) {
      // Seeds skip the checks but still store datetimes the way HubSpot returns them (ISO).
      const out: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(input)) {
        const raw = v === null || v === undefined || v === '' ? undefined : String(v);
        const ms = raw !== undefined && type.properties[k]?.kind === 'datetime' ? parseDatetime(raw) : undefined;
        out[k] = ms === undefined ? raw : new Date(ms).toISOString();
      }
      return out;
    }
    return normaliseProperties(type, input, this.#deps.ownerIds(), { creating });
  }

  /**
   * Refuses a write that would give a second live record a contact email or a `hasUniqueValue`
   * value already taken. Email compares case-insensitively, as HubSpot treats addresses.
   */
  #assertUniqueValues(type: ObjectTypeDefinition, values: Record<string, string | undefined>, selfId: string | undefined): void {
    if (type.name === 'contacts' && values.email !== undefined) {
      const existing = this.findBy('contacts', 'email', values.email);
      if (existing && existing.id !== selfId) throw conflict(`Contact already exists. Existing ID: ${existing.id}`);
    }
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined || !type.properties[name]?.hasUniqueValue) continue;
      const existing = this.findUnique(type.name, name, value);
      // [UNVERIFIED wording and context] HubSpot answers 409 for a duplicate unique value; the existing id is in the message as for contacts.
      if (existing && existing.id !== selfId) {
        throw conflict(`A ${type.singular} with ${name} ${value} already exists. Existing ID: ${existing.id}`, { context: { propertyName: [name], id: [existing.id] } });
      }
    }
  }

  create(typeName: ObjectTypeName, input: Record<string, unknown>, options: WriteOptions & { id?: string } = {}): CrmRecord {
    const type = this.#type(typeName);
    const values = this.#clean(type, input, options, true);
    this.#assertUniqueValues(type, values, undefined);
    const at = options.at ?? this.#deps.now();
    const id = options.id ?? this.#deps.nextId();
    const properties: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) if (v !== undefined) properties[k] = v;
    const createdAt = properties[type.createdProperty] ? Date.parse(properties[type.createdProperty] ?? '') : at;
    const updatedAt = properties[type.modifiedProperty] ? Date.parse(properties[type.modifiedProperty] ?? '') : at;
    properties.hs_object_id = id;
    properties[type.createdProperty] = new Date(createdAt).toISOString();
    properties[type.modifiedProperty] = new Date(updatedAt).toISOString();
    if (typeName === 'tasks' && properties.hs_task_status === 'COMPLETED') properties.hs_task_completion_date = new Date(at).toISOString();
    const record: CrmRecord = { id, type: typeName, properties, createdAt, updatedAt, archived: false };
    this.#records.set(this.#key(typeName, id), record);
    const source = options.source ?? 'API';
    this.#deps.changes.record({ occurredAt: at, objectType: typeName, objectId: id, kind: 'creation', source });
    for (const [name, value] of Object.entries(values)) {
      if (value !== undefined) this.#deps.changes.record({ occurredAt: at, objectType: typeName, objectId: id, kind: 'propertyChange', source, propertyName: name, propertyValue: value });
    }
    return record;
  }

  /** A live record by id; a merged-away contact id answers with its survivor. */
  get(typeName: ObjectTypeName, id: string, options: { archived?: boolean } = {}): CrmRecord | undefined {
    let record = this.#records.get(this.#key(typeName, id));
    const seen = new Set<string>();
    while (record?.mergedInto && !seen.has(record.id)) {
      seen.add(record.id);
      record = this.#records.get(this.#key(typeName, record.mergedInto));
    }
    if (!record) return undefined;
    return record.archived === Boolean(options.archived) ? record : undefined;
  }

  /** Like `get` but answers HubSpot's 404 when the record does not exist. */
  require(typeName: ObjectTypeName, id: string): CrmRecord {
    const record = this.get(typeName, id);
    if (!record) throw notFound('resource not found', { context: { id: [id] } });
    return record;
  }

  /** Live (not archived, not merged-away) records of a type, in creation order. */
  all(typeName: ObjectTypeName, options: { archived?: boolean } = {}): CrmRecord[] {
    const out: CrmRecord[] = [];
    for (const r of this.#records.values()) {
      if (r.type === typeName && !r.mergedInto && r.archived === Boolean(options.archived)) out.push(r);
    }
    return out.sort((a, b) => a.createdAt - b.createdAt || Number(a.id) - Number(b.id));
  }

  /** Finds a live record by a unique property (contacts by `email`, case-insensitive like HubSpot). */
  findBy(typeName: ObjectTypeName, property: string, value: string): CrmRecord | undefined {
    const wanted = value.toLowerCase();
    return this.all(typeName).find((r) => r.properties[property]?.toLowerCase() === wanted);
  }

  /** A live record whose `property` is exactly `value` ([UNVERIFIED] that HubSpot compares unique values case-sensitively). */
  findUnique(typeName: ObjectTypeName, property: string, value: string): CrmRecord | undefined {
    return this.all(typeName).find((r) => r.properties[property] === value);
  }

  /**
   * Validates a create (`selfId` undefined) or an update of `selfId` without writing it, so a
   * batch can refuse all its inputs before changing any record, as HubSpot does.
   */
  checkWrite(typeName: ObjectTypeName, input: Record<string, unknown>, selfId: string | undefined): void {
    const type = this.#type(typeName);
    this.#assertUniqueValues(type, this.#clean(type, input, {}, selfId === undefined), selfId);
  }

  update(typeName: ObjectTypeName, id: string, input: Record<string, unknown>, options: WriteOptions = {}): CrmRecord {
    const type = this.#type(typeName);
    const record = this.require(typeName, id);
    const values = this.#clean(type, input, options, false);
    this.#assertUniqueValues(type, values, record.id);
    const at = options.at ?? this.#deps.now();
    const source = options.source ?? 'API';
    for (const [name, value] of Object.entries(values)) {
      if (record.properties[name] === value) continue;
      if (value === undefined) delete record.properties[name];
      else record.properties[name] = value;
      this.#deps.changes.record({ occurredAt: at, objectType: typeName, objectId: record.id, kind: 'propertyChange', source, propertyName: name, propertyValue: value ?? '' });
    }
    if (typeName === 'tasks' && values.hs_task_status !== undefined) {
      if (values.hs_task_status === 'COMPLETED') record.properties.hs_task_completion_date = new Date(at).toISOString();
      else delete record.properties.hs_task_completion_date;
    }
    // HubSpot bumps the modification date on every accepted write, even one that changes nothing visible.
    record.updatedAt = at;
    record.properties[type.modifiedProperty] = new Date(at).toISOString();
    return record;
  }

  archive(typeName: ObjectTypeName, id: string, options: WriteOptions = {}): void {
    const record = this.get(typeName, id);
    // Archiving something already gone is a no-op 204 in HubSpot.
    if (!record) return;
    const at = options.at ?? this.#deps.now();
    record.archived = true;
    record.archivedAt = at;
    record.updatedAt = at;
    this.#deps.changes.record({ occurredAt: at, objectType: typeName, objectId: record.id, kind: 'deletion', source: options.source ?? 'API' });
  }

  /**
   * Merges `mergedId` into `primaryId` (contacts, companies, deals): the primary keeps its id and
   * gains the values it lacked; the merged id resolves to the primary from then on.
   */
  merge(typeName: ObjectTypeName, primaryId: string, mergedId: string, options: WriteOptions = {}): CrmRecord {
    const type = this.#type(typeName);
    const primary = this.require(typeName, primaryId);
    const merged = this.require(typeName, mergedId);
    const at = options.at ?? this.#deps.now();
    let moved = 0;
    for (const [name, value] of Object.entries(merged.properties)) {
      if (type.properties[name]?.readOnly || name === 'email' || primary.properties[name] !== undefined) continue;
      primary.properties[name] = value;
      moved += 1;
    }
    const previous = primary.properties.hs_merged_object_ids;
    primary.properties.hs_merged_object_ids = previous ? `${previous};${merged.id}` : merged.id;
    primary.updatedAt = at;
    primary.properties[type.modifiedProperty] = new Date(at).toISOString();
    merged.mergedInto = primary.id;
    this.#deps.changes.record({
      occurredAt: at,
      objectType: typeName,
      objectId: primary.id,
      kind: 'merge',
      source: options.source ?? 'API',
      merge: { primaryObjectId: primary.id, mergedObjectIds: [merged.id], newObjectId: primary.id, numberOfPropertiesMoved: moved },
    });
    return primary;
  }
}
