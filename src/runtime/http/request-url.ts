import type { FastifyRequest } from 'fastify';

/**
 * The full URL as the caller addressed it: scheme, Host header, and the path and query exactly
 * as received (not re-encoded), which is what HubSpot's v2 and v3 signatures cover.
 */
export function requestUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? request.hostname}${request.url}`;
}
