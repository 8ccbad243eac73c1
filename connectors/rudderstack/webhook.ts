import { timingSafeEqual } from 'node:crypto';
import { ConnectorError } from '../sdk/connector-error.ts';
import type { WebhookHandler } from '../sdk/define-connector.ts';
import { parseWebhookEvents } from '../sdk/parse-webhook-events.ts';
import type { RudderstackSettings } from './settings.ts';

/**
 * `POST /webhooks/rudderstack`: RudderStack's Webhook destination. It cannot sign, so it
 * authenticates with a custom header (`webhookHeader`, default x-pathwise-secret) carrying
 * the shared secret; the body is one event, or an array when batching is on.
 */
export const rudderstackWebhook: WebhookHandler<RudderstackSettings> = {
  path: 'rudderstack',
  async handle(ctx, request) {
    const secret = ctx.secrets['webhookSecret'];
    if (secret === undefined) throw new ConnectorError('config', 'connections.rudderstack.webhookSecret is not set: unauthenticated webhooks are refused');
    const raw = request.headers[ctx.settings.webhookHeader.toLowerCase()];
    const given = Buffer.from((Array.isArray(raw) ? raw[0] : raw) ?? '');
    const expected = Buffer.from(secret);
    if (given.length === 0) throw new ConnectorError('auth', `auth: missing ${ctx.settings.webhookHeader} header`);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new ConnectorError('auth', `auth: wrong ${ctx.settings.webhookHeader} header`);
    return { events: parseWebhookEvents(request.rawBody) };
  },
};
