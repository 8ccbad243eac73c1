import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConnectorError } from '../../../connectors/sdk/connector-error.ts';
import type { ProfileReader } from '../../../connectors/sdk/connector-route.ts';
import type { ConnectorRegistry } from '../connectors/connector-registry.ts';
import { replyWithConnectorError } from './connector-error-reply.ts';
import { requestUrl } from './request-url.ts';

/** Repeated query parameters (`?a=1&a=2`) count by their first value, as signature checks read them. */
function firstValues(query: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (typeof query !== 'object' || query === null) return out;
  for (const [key, value] of Object.entries(query)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[key] = first;
  }
  return out;
}

/**
 * The endpoints connectors declare for a platform's UI (`definition.routes`: the HubSpot CRM
 * card). The connector verifies the caller itself; its ConnectorErrors answer like webhooks do
 * (auth 401, payload 400, retryable 429/503).
 */
export function registerConnectorRoutes(app: FastifyInstance, deps: { registry: ConnectorRegistry; profiles: ProfileReader }): void {
  for (const connector of deps.registry.values()) {
    for (const route of connector.definition?.routes ?? []) {
      app.route({
        method: route.method,
        url: route.path,
        handler: async (request: FastifyRequest, reply: FastifyReply) => {
          const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          try {
            const response = await route.handle(
              connector.context,
              { method: request.method, url: requestUrl(request), headers: request.headers, rawBody, query: firstValues(request.query) },
              deps.profiles,
            );
            return reply.code(response.status).send(response.body);
          } catch (err) {
            if (err instanceof ConnectorError) return replyWithConnectorError(reply, err);
            throw err;
          }
        },
      });
    }
  }
}
