import { identifierKey } from '../../core/identity/extract-identifiers.ts';
import type { Store } from '../store/store.ts';

/**
 * The id of the profile holding an identifier, as a person would type it: emails are matched
 * trimmed and lowercased, the way the identity index stores them; other types as given.
 */
export async function profileIdFor(store: Store, type: string, value: string): Promise<string | undefined> {
  const normalised = type === 'email' ? value.trim().toLowerCase() : value;
  const found = await store.profileIdsFor([identifierKey({ type, value: normalised })]);
  return found.values().next().value;
}
