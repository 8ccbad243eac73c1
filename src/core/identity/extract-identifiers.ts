import type { JsonObject, PathwiseEvent } from '../events/event.ts';
import type { IdentifierRule } from '../../manifest/schema/identity.ts';

export interface Identifier {
  type: string;
  value: string;
}

export function identifierKey(id: Identifier): string {
  return `${id.type}:${id.value}`;
}

/** Emails compare trimmed and lowercased; anything without exactly one "@" is not an email. */
export function normaliseEmail(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const email = value.trim().toLowerCase();
  const at = email.indexOf('@');
  return at > 0 && at === email.lastIndexOf('@') && at < email.length - 1 ? email : undefined;
}

function readPath(event: PathwiseEvent, path: string): unknown {
  let value: unknown = event;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as JsonObject)[key];
  }
  return value;
}

function emailOf(event: PathwiseEvent): string | undefined {
  const contextTraits = event.context?.['traits'];
  return (
    normaliseEmail(event.traits?.['email']) ??
    (contextTraits !== null && typeof contextTraits === 'object' ? normaliseEmail((contextTraits as JsonObject)['email']) : undefined) ??
    normaliseEmail(event.properties?.['email'])
  );
}

function valuesFor(event: PathwiseEvent, rule: IdentifierRule): string[] {
  switch (rule.type) {
    case 'userId':
      return event.userId !== undefined ? [event.userId] : [];
    case 'anonymousId':
      return event.anonymousId !== undefined ? [event.anonymousId] : [];
    case 'email': {
      const email = emailOf(event);
      return email ? [email] : [];
    }
    default: {
      const given = event.identifiers?.[rule.type];
      if (given !== undefined) return [given];
      if (rule.path === undefined) return [];
      const value = readPath(event, rule.path);
      return typeof value === 'string' && value !== '' ? [value] : typeof value === 'number' ? [String(value)] : [];
    }
  }
}

/**
 * The identifiers an event carries, in the manifest's priority order, for the types the manifest
 * declares. An alias's `previousId` is the id the person had before: it is looked up as an
 * anonymousId (the usual case) so the alias links the two.
 */
export function extractIdentifiers(event: PathwiseEvent, rules: readonly IdentifierRule[]): Identifier[] {
  const out: Identifier[] = [];
  for (const rule of rules) {
    for (const value of valuesFor(event, rule)) out.push({ type: rule.type, value });
    if (rule.type === 'anonymousId' && event.type === 'alias' && event.previousId !== undefined && event.previousId !== event.anonymousId) {
      out.push({ type: 'anonymousId', value: event.previousId });
    }
  }
  return out;
}
