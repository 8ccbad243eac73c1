import type { SendMeta } from './define-connector.ts';

/** Who a CDP message is about: the profile's userId, else its anonymousId (else the profile id). */
export function profileIdentity(meta: SendMeta): { userId: string } | { anonymousId: string } {
  const userId = meta.identifiers['userId']?.[0];
  if (userId !== undefined) return { userId };
  return { anonymousId: meta.identifiers['anonymousId']?.[0] ?? meta.profileId };
}
