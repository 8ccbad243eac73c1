import { traitsTheManifestReads } from '../../sdk/manifest-events.ts';
import type { Manifest } from '../../../src/manifest/schema/manifest.ts';
import type { HubspotSettings } from '../settings.ts';

/** Contact properties Pathwise always listens to: identity, ownership and the lifecycle a journey keys on. */
const CORE_CONTACT_PROPERTIES = ['email', 'firstname', 'lastname', 'hubspot_owner_id', 'lifecyclestage', 'hs_lead_status', 'hs_email_optout'];
const DEAL_PROPERTIES = ['dealstage', 'amount', 'closedate', 'hubspot_owner_id'];
/** HubSpot's object type id for tasks: task changes only come through the generic object.* subscriptions. */
export const TASK_OBJECT_TYPE_ID = '0-27';

export interface Subscription {
  eventType: string;
  propertyName?: string;
  objectTypeId?: string;
}

/** The hubspot.* destination actions the manifest uses, e.g. ["createTask", "sendEmail"]. */
export function hubspotActionsUsed(manifest: Manifest): Set<string> {
  return new Set(manifest.actions.filter((a) => a.destination.startsWith('hubspot.')).map((a) => a.destination.slice('hubspot.'.length)));
}

/** Webhook subscriptions that feed the journeys of this manifest, and the loop back from tasks. */
export function subscriptionsFor(manifest: Manifest): Subscription[] {
  const properties = new Set([...CORE_CONTACT_PROPERTIES, ...traitsTheManifestReads(manifest).filter((t) => /^[a-z][a-z0-9_]*$/.test(t))]);
  const subs: Subscription[] = [
    { eventType: 'contact.creation' },
    { eventType: 'contact.merge' },
    { eventType: 'contact.deletion' },
    ...[...properties].sort().map((propertyName) => ({ eventType: 'contact.propertyChange', propertyName })),
    { eventType: 'deal.creation' },
    ...DEAL_PROPERTIES.map((propertyName) => ({ eventType: 'deal.propertyChange', propertyName })),
  ];
  // A rep completing a Pathwise task is the outcome that closes the loop.
  if (hubspotActionsUsed(manifest).has('createTask')) subs.push({ eventType: 'object.propertyChange', objectTypeId: TASK_OBJECT_TYPE_ID, propertyName: 'hs_task_status' });
  return subs;
}

/** Scopes the token needs for what the manifest does; each entry is "any of these". */
export function scopesFor(manifest: Manifest, settings: HubspotSettings): { why: string; anyOf: string[] }[] {
  const used = hubspotActionsUsed(manifest);
  const needs: { why: string; anyOf: string[] }[] = [{ why: 'read contacts', anyOf: ['crm.objects.contacts.read', 'crm.objects.contacts.write'] }];
  if (used.has('createTask') || used.has('updateContact')) needs.push({ why: 'create tasks and update contacts', anyOf: ['crm.objects.contacts.write'] });
  if (used.has('createTask')) {
    needs.push({ why: 'assign tasks to owners', anyOf: ['crm.objects.owners.read'] });
    needs.push({ why: 'create the pathwise_key task property', anyOf: ['crm.schemas.contacts.write'] });
  }
  if (used.has('sendEmail')) needs.push({ why: 'send single emails', anyOf: ['transactional-email', 'marketing-email'] });
  if (used.has('addToList') || used.has('removeFromList')) needs.push({ why: 'change list memberships', anyOf: ['crm.lists.write'] });
  if (settings.sync?.objects.includes('deals')) needs.push({ why: 'sync deals', anyOf: ['crm.objects.deals.read', 'crm.objects.deals.write'] });
  return needs;
}
