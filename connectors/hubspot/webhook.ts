import type { JsonObject } from '../../src/core/events/event.ts';
import { ConnectorError } from '../sdk/connector-error.ts';
import type { ConnectorContext, WebhookHandler, WebhookRequest } from '../sdk/define-connector.ts';
import type { HubspotSettings } from './settings.ts';
import { verifyHubspotSignature } from './verify-signature.ts';
import { enrichDelivery } from './webhook/enrichment.ts';
import { mapWebhookEvent } from './webhook/mapping.ts';
import { parseHubspotDelivery, type HubspotWebhookEvent } from './webhook/payload.ts';
import { webhookSubject, type WebhookSubject } from './webhook/subject.ts';

type Ctx = ConnectorContext<HubspotSettings>;
type Read = { event: HubspotWebhookEvent; subject: Extract<WebhookSubject, { read: true }> };

/** How the response names an event it skipped. */
function refOf(event: HubspotWebhookEvent): string {
  return `event ${event.eventId} (${event.subscriptionType} ${event.objectId})`;
}

function verify(ctx: Ctx, request: WebhookRequest): void {
  const clientSecret = ctx.secrets['clientSecret'];
  if (clientSecret === undefined) throw new ConnectorError('config', 'connections.hubspot.clientSecret is not set: webhooks cannot be verified');
  const check = verifyHubspotSignature({
    method: request.method,
    uri: request.url,
    rawBody: request.rawBody,
    headers: request.headers,
    clientSecret,
    now: ctx.now(),
    accept: ctx.settings.webhookSignatureVersions,
  });
  if (!check.ok) throw new ConnectorError('auth', check.reason);
}

/**
 * `POST /webhooks/hubspot`: HubSpot's Webhooks API deliveries (a JSON array of up to 100
 * events, redelivered with the same ids on failure). The signature is checked on the raw body;
 * each event becomes a `record` event for the contact it concerns, deals and tasks reaching
 * their associated contacts through one batched read per delivery. The handler either returns
 * every event of the delivery or throws: a delivery is committed whole or not at all.
 */
export const hubspotWebhook: WebhookHandler<HubspotSettings> = {
  path: 'hubspot',
  async handle(ctx, request) {
    verify(ctx, request);
    const delivery = parseHubspotDelivery(request.rawBody);
    const skipped: { ref: string; reason: string }[] = [];
    const read: Read[] = [];
    for (const event of delivery) {
      const ref = refOf(event);
      // The app's secret signs deliveries for every portal it is installed in: authentic, but not ours.
      if (ctx.settings.portalId !== undefined && event.portalId !== ctx.settings.portalId) {
        skipped.push({ ref, reason: `portal ${event.portalId} is not this connection's portal ${ctx.settings.portalId}` });
        continue;
      }
      const subject = webhookSubject(event);
      if (subject.read) read.push({ event, subject });
      else skipped.push({ ref, reason: subject.reason });
    }

    const idsOf = (object: 'deal' | 'task') => new Set(read.filter((r) => r.subject.object === object).map((r) => r.event.objectId));
    const enrichment = await enrichDelivery(ctx, { deals: idsOf('deal'), tasks: idsOf('task') });

    const events: JsonObject[] = [];
    const seen = new Set<string>();
    for (const { event, subject } of read) {
      const mapped = mapWebhookEvent(event, subject, enrichment);
      if ('skipped' in mapped) {
        skipped.push({ ref: refOf(event), reason: mapped.skipped });
        continue;
      }
      // Several events of one task map to the same outcome event: commit it once.
      for (const e of mapped.events) {
        const id = String(e['messageId']);
        if (seen.has(id)) continue;
        seen.add(id);
        events.push(e);
      }
    }
    if (skipped.length > 0) ctx.log.info({ connector: 'hubspot', skipped: skipped.length, first: skipped[0] }, 'HubSpot webhook events skipped');
    return { events, ...(skipped.length > 0 ? { skipped } : {}) };
  },
};

export const hubspotWebhooks: WebhookHandler<HubspotSettings>[] = [hubspotWebhook];
