import type { DestinationAction } from '../sdk/define-connector.ts';
import type { HubspotSettings } from './settings.ts';

// Placeholder until the destination actions land: the dispatcher rehearses HubSpot sends in dry-run.
export const hubspotActions: Record<string, DestinationAction<HubspotSettings, unknown>> = {};
