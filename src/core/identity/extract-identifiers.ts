import type { IdentifierRule } from '../../manifest/schema/identity.ts';
import type { JsonObject, PathwiseEvent } from '../events/event.ts';

export interface Identifier {
  type: string;
  value: string;
  /**
   * Set on an alias's `previousId` read as a userId: it links the profile that already holds
   * that userId, but is never attached as a userId (an unknown previousId is attached as an
   * anonymousId instead). Returned so that the runtime loads that index entry up front.
   */
  linkOnly?: true;
  /**
   * Set, with linkOnly, on the ids of CRM records the platform merged into the event's record
   * (HubSpot `contact.merge`): the platform says they are one person, so the profile holding
   * one joins even past that type's limit.
   */
  platformMerge?: true;
}

/** The identity index key: `userId:u1`, `email:ann@acme.io`, `hubspot:551`. */
export function identifierKey(id: Identifier): string {
  return id.type + ':' + id.value;
}

/** Emails compare trimmed and lowercased; a string without exactly one "@" between text is not an email. */
export function normaliseEmail(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const email = value.trim().toLowerCase();
  const at = email.indexOf('@');
  return at > 0 && at === email.lastIndexOf('@') && at < email.length - 1 ? email : undefined;
}

/** Ids are compared as given apart from surrounding blanks; numbers (some CRMs send them) become strings. */
function normaliseId(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const id = value.trim();
    return id === '' ? undefined : id;
  }
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

function normalise(type: string, value: unknown): string | undefined {
  return type === 'email' ? normaliseEmail(value) : normaliseId(value);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null;
}

/** Paths come from the manifest, a handful of them: split once, not per event. */
const pathSegments = new Map<string, readonly string[]>();

function readEventPath(event: PathwiseEvent, path: string): unknown {
  let segments = pathSegments.get(path);
  if (segments === undefined) {
    segments = path.split('.');
    pathSegments.set(path, segments);
  }
  let value: unknown = event;
  for (const key of segments) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

/** traits.email, else context.traits.email, else properties.email: the first valid one. */
function emailOf(event: PathwiseEvent): string | undefined {
  const fromTraits = event.traits === undefined ? undefined : normaliseEmail(event.traits['email']);
  if (fromTraits !== undefined) return fromTraits;
  const contextTraits = event.context?.['traits'];
  const fromContext = isObject(contextTraits) ? normaliseEmail(contextTraits['email']) : undefined;
  if (fromContext !== undefined) return fromContext;
  return event.properties === undefined ? undefined : normaliseEmail(event.properties['email']);
}

function builtInValue(event: PathwiseEvent, type: string): string | undefined {
  switch (type) {
    case 'userId':
      return normaliseId(event.userId);
    case 'anonymousId':
      return normaliseId(event.anonymousId);
    case 'email':
      return emailOf(event);
    default:
      return undefined;
  }
}

/**
 * Identifiers found by the current `extractIdentifiers` call, from index 0 to `found`: reused
 * across calls (the core is synchronous) and copied out at its exact size, rather than a fresh
 * array grown to 17 slots per event. Entries past `found` are stale.
 */
const scratch: Identifier[] = [];
let found = 0;

function push(from: number, type: string, value: string | undefined, linkOnly = false, platformMerge = false): void {
  if (value === undefined) return;
  // One type can be fed by several sources (built-in place, connector, path): keep each value once.
  for (let i = from; i < found; i++) {
    const seen = scratch[i] as Identifier;
    if (seen.type === type && seen.value === value) return;
  }
  scratch[found++] = platformMerge ? { type, value, linkOnly: true, platformMerge: true } : linkOnly ? { type, value, linkOnly: true } : { type, value };
}

const PERSON_OBJECTS: ReadonlySet<string> = new Set(['contact', 'lead']);

/**
 * The identifiers an event carries, for the types the manifest declares, in the manifest's
 * priority order. A type is read from its built-in place (userId, anonymousId, the email
 * traits), from the connector's `event.identifiers`, and from the rule's `path` when it has one.
 *
 * An alias's `previousId` may be an earlier userId or an anonymousId: it is returned as a
 * link-only userId (joins the profile that holds that userId, if any) and as an anonymousId
 * (joins or is attached as one). `resolveIdentity` settles which. A contact or lead record
 * merged by the CRM also links the merged records' ids (see `platformMerge`).
 */
export function extractIdentifiers(event: PathwiseEvent, rules: readonly IdentifierRule[]): Identifier[] {
  found = 0;
  const previousId = event.type === 'alias' ? normaliseId(event.previousId) : undefined;
  for (const rule of rules) {
    const type = rule.type;
    const from = found;
    push(from, type, builtInValue(event, type));
    const given = event.identifiers?.[type];
    if (given !== undefined) push(from, type, normalise(type, given));
    // Only a person record's merge says two people are one; a merged deal id may equal some contact id.
    const merged = event.record?.changeType === 'merged' && PERSON_OBJECTS.has(event.record.object.toLowerCase()) ? event.record.mergedIds : undefined;
    if (merged !== undefined && given !== undefined && normaliseId(given) === normaliseId(event.record?.id)) {
      for (const id of merged) push(from, type, normaliseId(id), true, true);
    }
    if (rule.path !== undefined) push(from, type, normalise(type, readEventPath(event, rule.path)));
    if (previousId !== undefined) {
      if (type === 'userId') push(from, type, previousId, true);
      else if (type === 'anonymousId') push(from, type, previousId);
    }
  }
  return scratch.slice(0, found);
}
