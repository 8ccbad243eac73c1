import { defineConnector } from '../sdk/define-connector.ts';
import { rudderClient } from './client.ts';
import { rudderstackActions } from './destination.ts';
import { RudderstackSettings } from './settings.ts';
import { rudderstackWebhook } from './webhook.ts';

export const rudderstackConnector = defineConnector({
  id: 'rudderstack',
  name: 'RudderStack',
  settings: RudderstackSettings,
  secrets: ['inboundWriteKeys', 'webhookSecret', 'writeKey'],
  source: { webhooks: [rudderstackWebhook] },
  destination: {
    rateLimit: { concurrency: 4, intervalMs: 1000, intervalCap: 50 },
    actions: rudderstackActions,
    async close(ctx) {
      if (ctx.secrets['writeKey'] !== undefined && ctx.settings.dataPlaneUrl !== undefined) await new Promise<void>((resolve) => rudderClient(ctx).flush(() => resolve()));
    },
  },
});
