import type { ObjectTypeName } from './object-types.ts';

export type AssociationCategory = 'HUBSPOT_DEFINED' | 'INTEGRATOR_DEFINED' | 'USER_DEFINED' | 'WORK';

export interface AssociationType {
  from: ObjectTypeName;
  to: ObjectTypeName;
  typeId: number;
  /** The inverse type HubSpot records at the same time (task→contact 204 ⇄ contact→task 203). */
  inverseTypeId: number;
  /** The v3 name (`task_to_contact`). */
  name: string;
  /** v4 label; `null` for the unlabelled default type. */
  label: string | null;
  /** The type `PUT …/associations/default/…` creates. */
  isDefault: boolean;
}

/** [SRC `@hubspot/api-client` 13.5.0 `lib/src/enums/AssociationTypes.js`; names and labels as HubSpot's v3/v4 APIs show them]. */
const PAIRS: ReadonlyArray<[ObjectTypeName, ObjectTypeName, number, number, string | null, boolean]> = [
  ['contacts', 'companies', 1, 2, 'Primary', false],
  ['deals', 'contacts', 3, 4, null, true],
  ['deals', 'companies', 5, 6, 'Primary', false],
  ['contacts', 'companies', 279, 280, null, true],
  ['deals', 'companies', 341, 342, null, true],
  ['tasks', 'contacts', 204, 203, null, true],
  ['tasks', 'companies', 192, 191, null, true],
  ['tasks', 'deals', 216, 215, null, true],
  ['emails', 'contacts', 198, 197, null, true],
  ['emails', 'companies', 186, 185, null, true],
  ['emails', 'deals', 210, 209, null, true],
  ['notes', 'contacts', 202, 201, null, true],
  ['notes', 'companies', 190, 189, null, true],
  ['notes', 'deals', 214, 213, null, true],
];

const SINGULAR: Record<ObjectTypeName, string> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  tasks: 'task',
  emails: 'email',
  notes: 'note',
};

function v3Name(from: ObjectTypeName, to: ObjectTypeName, label: string | null, hasLabelledTwin: boolean): string {
  const base = `${SINGULAR[from]}_to_${SINGULAR[to]}`;
  return label === null && hasLabelledTwin ? `${base}_unlabeled` : base;
}

function buildTable(): AssociationType[] {
  const out: AssociationType[] = [];
  for (const [from, to, typeId, inverseTypeId, label, isDefault] of PAIRS) {
    const twin = PAIRS.some(([f, t, , , l]) => f === from && t === to && l !== label);
    out.push({ from, to, typeId, inverseTypeId, name: v3Name(from, to, label, twin), label, isDefault });
    out.push({ from: to, to: from, typeId: inverseTypeId, inverseTypeId: typeId, name: v3Name(to, from, label, twin), label, isDefault });
  }
  return out;
}

export const ASSOCIATION_TYPES: readonly AssociationType[] = buildTable();

export function findAssociationType(from: ObjectTypeName, to: ObjectTypeName, typeId: number): AssociationType | undefined {
  return ASSOCIATION_TYPES.find((t) => t.from === from && t.to === to && t.typeId === typeId);
}

export function defaultAssociationType(from: ObjectTypeName, to: ObjectTypeName): AssociationType | undefined {
  return ASSOCIATION_TYPES.find((t) => t.from === from && t.to === to && t.isDefault);
}
