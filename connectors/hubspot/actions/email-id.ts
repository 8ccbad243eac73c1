import { ConnectorError } from '../../sdk/connector-error.ts';
import type { HubspotSettings } from '../settings.ts';

/**
 * HubSpot's numeric email id for an action's `emailId`: a number (or digits) as is, a name
 * through `connections.hubspot.emails`, so manifests name emails rather than copy ids.
 */
export function emailIdOf(settings: HubspotSettings, emailId: number | string): number {
  if (typeof emailId === 'number') return emailId;
  if (/^\d+$/.test(emailId)) return Number(emailId);
  const mapped = settings.emails[emailId];
  if (mapped === undefined) {
    const known = Object.keys(settings.emails);
    throw new ConnectorError('config', `no HubSpot email named "${emailId}" in connections.hubspot.emails (${known.length > 0 ? `known: ${known.join(', ')}` : 'none configured'})`);
  }
  return mapped;
}
