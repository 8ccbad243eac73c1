import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConnectorError } from '../../../connectors/sdk/connector-error.ts';
import type { ConnectorRegistry } from '../connectors/connector-registry.ts';
import { replyWithConnectorError } from './connector-error-reply.ts';
import type { InboxWriter } from './inbox-writer.ts';
import { requestUrl } from './request-url.ts';
import { toInboxMessages } from './tracking-routes.ts';

/**
 * `POST /webhooks/<connector>` for every connector with a webhook source: the connector verifies
 * and parses the raw body; the events it returns are validated one by one and committed to the
 * inbox before the 2xx, like the tracking API.
 */
export function registerWebhookRoutes(app: FastifyInstance, deps: { registry: ConnectorRegistry; inbox: InboxWriter; now: () => number }): void {
  for (const connector of deps.registry.values()) {
    for (const webhook of connector.definition?.source?.webhooks ?? []) {
      app.post(`/webhooks/${webhook.path}`, async (request: FastifyRequest, reply: FastifyReply) => {
        const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        let events, skipped;
        try {
          ({ events, skipped } = await webhook.handle(connector.context, { method: request.method, url: requestUrl(request), headers: request.headers, rawBody }));
        } catch (err) {
          if (err instanceof ConnectorError) return replyWithConnectorError(reply, err);
          throw err;
        }
        const { accepted, rejected } = toInboxMessages(events, connector.id, deps.now(), undefined, true);
        if (accepted.length === 0 && rejected.length > 0) return reply.code(400).send({ success: false, error: 'every event was rejected', rejected });
        const { duplicates } = accepted.length > 0 ? await deps.inbox.append(accepted) : { duplicates: 0 };
        return reply.code(200).send({ success: true, accepted: accepted.length, duplicates, ...(rejected.length > 0 ? { rejected } : {}), ...(skipped && skipped.length > 0 ? { skipped } : {}) });
      });
    }
  }
}
