import type { FastifyReply } from 'fastify';
import type { ConnectorError } from '../../../connectors/sdk/connector-error.ts';

/**
 * The status a platform calling us gets for each kind of connector error. Retryable kinds answer
 * 429/503 so that platforms which redeliver (HubSpot, Segment) try again; `auth` and `payload`
 * answer 401/400, which they take as final.
 */
const STATUS_BY_KIND: Readonly<Record<ConnectorError['kind'], number>> = { auth: 401, payload: 400, config: 503, rate_limit: 429, transient: 503, internal: 500 };

/** Answers a connector's refusal: its status, its message, and Retry-After when it knows how long to wait. */
export function replyWithConnectorError(reply: FastifyReply, err: ConnectorError): FastifyReply {
  if (err.retryAfterMs !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))));
  return reply.code(STATUS_BY_KIND[err.kind]).send({ success: false, error: err.message });
}
