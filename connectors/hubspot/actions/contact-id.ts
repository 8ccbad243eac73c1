import { ConnectorError } from '../../sdk/connector-error.ts';
import type { ConnectorContext, SendMeta } from '../../sdk/define-connector.ts';
import { hubspotApi } from '../client.ts';
import type { HubspotSettings } from '../settings.ts';

type Ctx = ConnectorContext<HubspotSettings>;

/** The address to find a contact by when the profile has no HubSpot id: an email identifier, else the email trait. */
export function emailOf(meta: SendMeta): string | undefined {
  const trait = meta.traits['email'];
  return meta.identifiers['email']?.[0] ?? (typeof trait === 'string' && trait.length > 0 ? trait : undefined);
}

function noContact(meta: SendMeta, email: string | undefined): ConnectorError {
  const why = email === undefined ? 'and no email to find one by' : `and HubSpot has no contact with email ${email}`;
  return new ConnectorError('payload', `profile ${meta.profileId} has no HubSpot contact id (identifiers.hubspot) ${why}`);
}

/**
 * The contact an action is for: `identifiers.hubspot` when the profile has it, else a read by
 * email (`idProperty=email`), which unlike search also sees a contact created a moment ago.
 */
export async function contactIdFor(ctx: Ctx, meta: SendMeta): Promise<string> {
  const known = meta.identifiers['hubspot']?.[0];
  if (known) return known;
  const email = emailOf(meta);
  if (email === undefined) throw noContact(meta, email);
  try {
    const contact = await hubspotApi(ctx).call('find a contact by email', (client) => client.crm.contacts.basicApi.getById(email, ['email'], undefined, undefined, false, 'email'));
    return contact.id;
  } catch (err) {
    if (err instanceof ConnectorError && err.status === 404) throw noContact(meta, email);
    throw err;
  }
}

/**
 * Contact ids for a batch, in order. Profiles without a HubSpot id are found with one batch read
 * by email; a profile whose contact cannot be found gets its own error, so it fails alone.
 */
export async function contactIdsFor(ctx: Ctx, metas: readonly SendMeta[]): Promise<Array<string | ConnectorError>> {
  const emails = [...new Set(metas.filter((m) => !m.identifiers['hubspot']?.[0]).flatMap((m) => emailOf(m) ?? []))];
  const idByEmail = new Map<string, string>();
  if (emails.length > 0) {
    const found = await hubspotApi(ctx).call('find contacts by email', (client) =>
      client.crm.contacts.batchApi.read({ inputs: emails.map((id) => ({ id })), idProperty: 'email', properties: ['email'], propertiesWithHistory: [] }),
    );
    for (const contact of found.results) {
      const email = contact.properties['email'];
      if (email) idByEmail.set(email.toLowerCase(), contact.id);
    }
  }
  return metas.map((meta) => {
    const known = meta.identifiers['hubspot']?.[0];
    if (known) return known;
    const email = emailOf(meta);
    return (email === undefined ? undefined : idByEmail.get(email.toLowerCase())) ?? noContact(meta, email);
  });
}
