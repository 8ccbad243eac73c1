import { defineConnector } from '../sdk/define-connector.ts';
import { hubspotApi } from './client.ts';
import { hubspotRoutes } from './crm-card/route.ts';
import { installHubspot } from './install/install.ts';
import { hubspotActions } from './destination.ts';
import { HubspotSettings } from './settings.ts';
import { hubspotStreams } from './sync/streams.ts';
import { hubspotWebhooks } from './webhook.ts';

export const hubspotConnector = defineConnector({
  id: 'hubspot',
  name: 'HubSpot',
  settings: HubspotSettings,
  secrets: ['accessToken', 'refreshToken', 'clientSecret', 'developerApiKey'],
  async check(ctx) {
    // The cheapest authenticated read there is; it also proves the crm.objects.owners.read scope.
    await hubspotApi(ctx).call('check credentials', (client) => client.crm.owners.ownersApi.getPage(undefined, undefined, 1));
  },
  install: installHubspot,
  source: { webhooks: hubspotWebhooks, streams: hubspotStreams },
  routes: hubspotRoutes,
  destination: {
    // The portal-wide budget is enforced in the API client (shared with sync and webhooks);
    // this queue only keeps the dispatcher from queueing more than one window's worth at once.
    rateLimit: (settings) => ({ concurrency: 8, intervalMs: 10_000, intervalCap: settings.requestsPer10s }),
    actions: hubspotActions,
  },
});
