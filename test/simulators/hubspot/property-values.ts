import { propertyValidationError, type PropertyProblem } from './errors.ts';
import type { ObjectTypeDefinition, PropertyDefinition } from './object-types.ts';

/** What a client may send as a property value; HubSpot's models say string, `apiRequest` users send numbers too. */
export type RawPropertyValue = string | number | boolean | null | undefined;

function isRawValue(value: unknown): value is RawPropertyValue {
  return value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value);
}

/** Parses HubSpot datetime input: epoch milliseconds (as digits) or an ISO 8601 string. */
export function parseDatetime(value: string): number | undefined {
  if (/^-?\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isValidEmail(value: string): boolean {
  return EMAIL.test(value);
}

function check(name: string, def: PropertyDefinition, raw: string, ownerIds: ReadonlySet<string>): { value: string } | PropertyProblem {
  switch (def.kind) {
    case 'datetime': {
      const ms = parseDatetime(raw);
      // [UNVERIFIED error code] HubSpot rejects unparseable datetimes; INVALID_DATE is the code it uses for date pickers.
      if (ms === undefined) return { name, error: 'INVALID_DATE', message: `${raw} is not a valid datetime` };
      return { value: new Date(ms).toISOString() };
    }
    case 'number':
      if (raw.trim() === '' || !Number.isFinite(Number(raw))) return { name, error: 'INVALID_DOUBLE', message: `${raw} was not a valid number.` };
      return { value: String(Number(raw)) };
    case 'bool':
      if (raw !== 'true' && raw !== 'false') return { name, error: 'INVALID_BOOLEAN', message: `${raw} was not a valid boolean.` };
      return { value: raw };
    case 'enumeration': {
      const allowed = def.owner ? [...ownerIds] : (def.options ?? []);
      if (!allowed.includes(raw)) return { name, error: 'INVALID_OPTION', message: `${raw} was not one of the allowed options: [${allowed.join(', ')}]` };
      return { value: raw };
    }
    case 'string':
      if (def.email && !isValidEmail(raw)) return { name, error: 'INVALID_EMAIL', message: `Email address ${raw} is invalid` };
      return { value: raw };
  }
}

/**
 * Validates and normalises client input the way HubSpot does: unknown and read-only properties,
 * enumeration options (owners for `hubspot_owner_id`), email, number and datetime formats.
 * Datetimes are stored as ISO strings because that is how HubSpot returns them. `null` or ""
 * clears a value (returned as `undefined` in the result).
 *
 * @throws HubspotHttpError 400 VALIDATION_ERROR listing every bad property at once.
 */
export function normaliseProperties(
  type: ObjectTypeDefinition,
  input: Record<string, unknown>,
  ownerIds: ReadonlySet<string>,
  options: { creating: boolean },
): Record<string, string | undefined> {
  const problems: PropertyProblem[] = [];
  const out: Record<string, string | undefined> = {};
  for (const [name, rawValue] of Object.entries(input)) {
    const def = type.properties[name];
    if (!def) {
      problems.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
      continue;
    }
    if (def.readOnly) {
      problems.push({ name, error: 'READ_ONLY_VALUE', message: `"${name}" is a read only property; its value cannot be set.` });
      continue;
    }
    if (!isRawValue(rawValue)) {
      problems.push({ name, error: 'INVALID_PROPERTY_VALUE', message: `Property "${name}" must be a string, number or boolean` });
      continue;
    }
    if (rawValue === null || rawValue === undefined || rawValue === '') {
      out[name] = undefined;
      continue;
    }
    const result = check(name, def, String(rawValue), ownerIds);
    if ('value' in result) out[name] = result.value;
    else problems.push(result);
  }
  if (options.creating) {
    for (const name of type.required) {
      if (out[name] === undefined) problems.push({ name, error: 'REQUIRED_PROPERTY', message: `Property "${name}" is required` });
    }
  }
  if (problems.length > 0) throw propertyValidationError(problems);
  return out;
}
