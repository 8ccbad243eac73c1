import { defineConnector } from '../sdk/define-connector.ts';
import { SegmentSettings } from './settings.ts';
import { segmentWebhook } from './webhook.ts';

export const segmentConnector = defineConnector({
  id: 'segment',
  name: 'Segment',
  settings: SegmentSettings,
  secrets: ['inboundWriteKeys', 'webhookSharedSecret', 'writeKey'],
  source: { webhooks: [segmentWebhook] },
});
