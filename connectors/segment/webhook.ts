import { ConnectorError } from '../sdk/connector-error.ts';
import type { WebhookHandler } from '../sdk/define-connector.ts';
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
    let body: unknown;
    try {
      body = JSON.parse(request.rawBody.toString('utf8'));
    } catch (err) {
      throw new ConnectorError('payload', `body: malformed JSON (${(err as Error).message})`);
    }
    const events = Array.isArray(body) ? body : [body];
    if (!events.every((e) => typeof e === 'object' && e !== null && !Array.isArray(e))) throw new ConnectorError('payload', 'body: expected an event object or an array of them');
    // Segment's own user-deletion notices are not customer events.
    return { events: (events as Record<string, unknown>[]).filter((e) => e['type'] !== 'delete') };
  },
};
