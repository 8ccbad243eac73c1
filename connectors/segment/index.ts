import { defineConnector } from '../sdk/define-connector.ts';
import { segmentClient } from './client.ts';
import { segmentActions } from './destination.ts';
import { SegmentSettings } from './settings.ts';
import { segmentWebhook } from './webhook.ts';

export const segmentConnector = defineConnector({
  id: 'segment',
  name: 'Segment',
  settings: SegmentSettings,
  secrets: ['inboundWriteKeys', 'webhookSharedSecret', 'writeKey'],
  source: { webhooks: [segmentWebhook] },
  destination: {
    // Segment's HTTP API has no published per-source rate limit; keep a polite ceiling.
    rateLimit: { concurrency: 4, intervalMs: 1000, intervalCap: 50 },
    actions: segmentActions,
    async close(ctx) {
      if (ctx.secrets['writeKey'] !== undefined) await segmentClient(ctx).analytics.closeAndFlush({ timeout: 10_000 });
    },
  },
});
