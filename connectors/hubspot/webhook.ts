import type { WebhookHandler } from '../sdk/define-connector.ts';
import type { HubspotSettings } from './settings.ts';

// Placeholder until the webhook handler lands.
export const hubspotWebhooks: WebhookHandler<HubspotSettings>[] = [];
