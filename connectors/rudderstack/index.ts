import { defineConnector } from '../sdk/define-connector.ts';
import { RudderstackSettings } from './settings.ts';
import { rudderstackWebhook } from './webhook.ts';

export const rudderstackConnector = defineConnector({
  id: 'rudderstack',
  name: 'RudderStack',
  settings: RudderstackSettings,
  secrets: ['inboundWriteKeys', 'webhookSecret', 'writeKey'],
  source: { webhooks: [rudderstackWebhook] },
});
