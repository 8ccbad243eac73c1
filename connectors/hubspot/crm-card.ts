import type { ConnectorRoute } from '../sdk/connector-route.ts';
import type { HubspotSettings } from './settings.ts';

// Placeholder until the CRM card lands.
export const hubspotRoutes: ConnectorRoute<HubspotSettings>[] = [];
