import { ConnectorError } from '../sdk/connector-error.ts';
import type { WebhookHandler } from '../sdk/define-connector.ts';
import { parseWebhookEvents } from '../sdk/parse-webhook-events.ts';
import type { SegmentSettings } from './settings.ts';
import { verifySegmentSignature } from './verify-signature.ts';

/**
 * `POST /webhooks/segment`: Segment's Webhooks destination, classic (one event per request)
 * and Actions (one event, or a JSON array in batch mode). Signed with the shared secret.
 */
export const segmentWebhook: WebhookHandler<SegmentSettings> = {
  path: 'segment',
  async handle(ctx, request) {
    const secret = ctx.secrets['webhookSharedSecret'];
    if (secret === undefined) throw new ConnectorError('config', 'connections.segment.webhookSharedSecret is not set: unsigned webhooks are refused');
    const header = request.headers['x-signature'];
    const check = verifySegmentSignature(request.rawBody, Array.isArray(header) ? header[0] : header, secret);
    if (!check.ok) throw new ConnectorError('auth', check.reason);
    const events = parseWebhookEvents(request.rawBody);
    return { events: events.filter((e) => e['type'] !== 'delete') };
  },
};
